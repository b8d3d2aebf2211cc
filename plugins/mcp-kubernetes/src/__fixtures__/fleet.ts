import {
  countFleet,
  ExternalSecretState,
  FleetInstallSummary,
  FleetResponse,
  HealthState,
  KeyRotationState,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

/** Fleet fixtures: a small hand-written fleet for tests, and a generated large one for scale. */

function item(
  now: number,
  cluster: string,
  namespace: string,
  release: string,
  overrides: Partial<FleetInstallSummary> = {},
): FleetInstallSummary {
  return {
    install: { cluster, namespace, release },
    entityRef: `component:default/${release}`,
    environment: cluster.startsWith('prod') ? 'production' : 'staging',
    state: 'ok',
    reasons: [],
    podsReady: 2,
    podsTotal: 2,
    externalSecretState: 'synced',
    keyRotationState: 'ok',
    keyAgeDays: 20,
    policyViolations: 0,
    observedAt: new Date(now - 5_000).toISOString(),
    stale: false,
    ...overrides,
  };
}

// Counts come from -common's countFleet, the function the backend uses.

/** Five installs on two clusters: healthy, failing secret, overdue key, policy breaker, no entity. */
export function smallFleet(now = Date.now()): FleetResponse {
  const items = [
    item(now, 'prod-eu-1', 'payments', 'payments-mcp'),
    item(now, 'prod-eu-1', 'search', 'search-mcp', {
      state: 'error',
      reasons: [
        'ExternalSecret search-mcp-oauth is failing: SecretSyncedError',
      ],
      externalSecretState: 'failing',
      keyAgeDays: 30,
    }),
    item(now, 'staging', 'billing', 'billing-mcp', {
      state: 'error',
      reasons: ['OAuth encryption key is 120 days old (max 90)'],
      keyRotationState: 'overdue',
      keyAgeDays: 120,
    }),
    item(now, 'staging', 'ledger', 'ledger-mcp', {
      state: 'warning',
      reasons: ['1 of 2 pods not ready'],
      podsReady: 1,
      keyRotationState: 'warning',
      keyAgeDays: 80,
      policyViolations: 2,
    }),
    item(now, 'prod-eu-1', 'tools', 'orphan-mcp', {
      entityRef: undefined,
      state: 'unknown',
      reasons: ['Cluster prod-eu-1 is unreachable'],
      keyRotationState: 'unknown',
      keyAgeDays: undefined,
      policyViolations: undefined,
      stale: true,
    }),
  ];
  return {
    items,
    counts: countFleet(items),
    clusters: [
      { name: 'prod-eu-1', reachable: true },
      { name: 'staging', reachable: true },
    ],
    generatedAt: new Date(now).toISOString(),
  };
}

const STATES: HealthState[] = ['ok', 'ok', 'ok', 'warning', 'error', 'unknown'];
const ES_STATES: ExternalSecretState[] = [
  'synced',
  'synced',
  'synced',
  'failing',
  'stale',
  'pending',
];
const KEY_STATES: KeyRotationState[] = ['ok', 'ok', 'warning', 'overdue'];

/** `count` installs spread over `clusters` clusters, deterministic (no randomness). */
export function largeFleet(
  count: number,
  clusters = 8,
  now = Date.now(),
): FleetResponse {
  const items = Array.from({ length: count }, (_, i) => {
    const keyState = KEY_STATES[i % KEY_STATES.length];
    const esState = ES_STATES[(i * 7) % ES_STATES.length];
    // The overall state is at least as bad as its parts, like the backend computes it.
    let state = STATES[i % STATES.length];
    if (keyState === 'overdue' || esState === 'failing') state = 'error';
    else if (state === 'ok' && (keyState === 'warning' || esState === 'stale'))
      state = 'warning';
    return item(
      now,
      `cluster-${i % clusters}`,
      `team-${i % 37}`,
      `mcp-${String(i).padStart(4, '0')}`,
      {
        state,
        externalSecretState: esState,
        keyRotationState: keyState,
        keyAgeDays: keyState === 'overdue' ? 91 + (i % 30) : i % 75,
        policyViolations: i % 11 === 0 ? 1 + (i % 3) : 0,
        podsReady: i % 5 === 0 ? 1 : 2,
        reasons: state === 'ok' ? [] : [`reason ${i}`],
      },
    );
  });
  return {
    items,
    counts: countFleet(items),
    clusters: Array.from({ length: clusters }, (_, i) => ({
      name: `cluster-${i}`,
      reachable: true,
    })),
    generatedAt: new Date(now).toISOString(),
  };
}
