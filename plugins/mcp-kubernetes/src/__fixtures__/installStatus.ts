import {
  InstallStatus,
  PodStatus,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

/**
 * Status documents shaped like the backend's, relative to `now` so "x ago" texts are stable.
 * Used by the card tests and by `dev/index.tsx`.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;

export const FIXTURE_INSTALL = {
  cluster: 'prod-eu-1',
  namespace: 'payments',
  release: 'payments-mcp',
};

/** A secret-shaped string that a broken backend might leak through a health body excerpt. */
export const LEAKED_SECRET = 'sk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
export const LEAKED_JWT =
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function pod(
  now: number,
  name: string,
  overrides: Partial<PodStatus> = {},
): PodStatus {
  return {
    name,
    phase: 'Running',
    ready: true,
    restarts: 0,
    startedAt: iso(now - 2 * DAY),
    createdAt: iso(now - 2 * DAY),
    node: 'node-a',
    health: {
      path: '/health',
      port: 8080,
      httpStatus: 200,
      latencyMs: 12,
      checkedAt: iso(now - 30_000),
      bodyExcerpt: '{"status":"ok"}',
      ok: true,
    },
    ...overrides,
  };
}

/** Everything healthy: two ready pods, ExternalSecret synced, key 20 days old. */
export function healthyStatus(now = Date.now()): InstallStatus {
  return {
    install: { ...FIXTURE_INSTALL },
    entityRef: 'component:default/payments-mcp',
    environment: 'production',
    state: 'ok',
    reasons: [],
    pods: [
      pod(now, 'payments-mcp-7d9f8c6b5d-abcde'),
      pod(now, 'payments-mcp-7d9f8c6b5d-fghij', { node: 'node-b' }),
    ],
    rollout: {
      desired: 2,
      updated: 2,
      ready: 2,
      available: 2,
      observedGeneration: 3,
      generation: 3,
    },
    externalSecret: {
      state: 'synced',
      name: 'payments-mcp-oauth',
      apiVersion: 'external-secrets.io/v1',
      store: { kind: 'ClusterSecretStore', name: 'vault-prod' },
      ready: {
        status: 'True',
        reason: 'SecretSynced',
        message: 'secret synced',
        since: iso(now - 3 * DAY),
      },
      refreshTime: iso(now - 10 * MINUTE),
      refreshInterval: '1h',
      refreshIntervalSeconds: 3600,
      stale: false,
      targetSecretName: 'payments-mcp-oauth',
      targetSecretPresent: true,
      summary: 'Synced 10 minutes ago from ClusterSecretStore/vault-prod',
    },
    keyRotation: {
      state: 'ok',
      lastRotatedAt: iso(now - 20 * DAY),
      ageDays: 20,
      warnAfterDays: 75,
      maxAgeDays: 90,
      source: 'data-hash-history',
      secretName: 'payments-mcp-oauth',
      allPodsRestartedSinceRotation: true,
      summary: 'Key is 20 days old (policy: warn at 75, max 90)',
    },
    observedAt: iso(now - 5_000),
    stale: false,
    chartVersion: '0.3.0',
    appVersion: '1.4.2',
  };
}

/**
 * A degraded-to-failing install: one pod crashlooping whose health body carries secret-shaped
 * text (as if the backend failed to redact), ExternalSecret failing, key overdue and pods not
 * restarted since the last rotation.
 */
export function failingStatus(now = Date.now()): InstallStatus {
  const base = healthyStatus(now);
  return {
    ...base,
    state: 'error',
    reasons: [
      {
        state: 'error',
        section: 'externalSecret',
        message:
          'ExternalSecret payments-mcp-oauth is failing: SecretSyncedError',
      },
      {
        state: 'error',
        section: 'keyRotation',
        message: 'OAuth encryption key is 97 days old (max 90)',
      },
      {
        state: 'warning',
        section: 'pods',
        message: '1 of 2 pods not ready (CrashLoopBackOff)',
      },
    ],
    pods: [
      pod(now, 'payments-mcp-7d9f8c6b5d-abcde', {
        health: {
          path: '/health',
          port: 8080,
          httpStatus: 500,
          latencyMs: 840,
          checkedAt: iso(now - 45_000),
          bodyExcerpt: `{"status":"error","detail":"db login failed","client_secret":"${LEAKED_SECRET}","note":"retry with Bearer ${LEAKED_JWT}"}`,
          ok: false,
        },
      }),
      pod(now, 'payments-mcp-7d9f8c6b5d-fghij', {
        ready: false,
        phase: 'Running',
        restarts: 14,
        waitingReason: 'CrashLoopBackOff',
        lastTerminationReason: 'Error',
        health: {
          path: '/health',
          port: 8080,
          checkedAt: iso(now - 45_000),
          error: 'connection refused',
          ok: false,
        },
      }),
    ],
    rollout: {
      desired: 2,
      updated: 2,
      ready: 1,
      available: 1,
      observedGeneration: 3,
      generation: 3,
    },
    externalSecret: {
      ...base.externalSecret,
      state: 'failing',
      ready: {
        status: 'False',
        reason: 'SecretSyncedError',
        message:
          'could not get secret data from provider: key "oauth/payments" not found',
        since: iso(now - 4 * 3_600_000),
      },
      refreshTime: iso(now - 5 * 3_600_000),
      stale: true,
      summary: 'Failing for 4h: SecretSyncedError',
    },
    keyRotation: {
      ...base.keyRotation,
      state: 'overdue',
      lastRotatedAt: iso(now - 97 * DAY),
      ageDays: 97,
      allPodsRestartedSinceRotation: false,
      summary: 'Key is 97 days old: overdue (max 90)',
    },
  };
}

/** The cluster went unreachable 12 minutes ago: the data is the last known. */
export function staleStatus(now = Date.now()): InstallStatus {
  return {
    ...healthyStatus(now),
    state: 'unknown',
    reasons: [
      {
        state: 'unknown',
        section: 'cluster',
        message: 'Cluster prod-eu-1 is unreachable',
      },
    ],
    observedAt: iso(now - 12 * MINUTE),
    stale: true,
    staleSince: iso(now - 12 * MINUTE),
    lastError: {
      message: 'connect ECONNREFUSED 10.0.0.1:6443',
      at: iso(now - 30_000),
    },
  };
}
