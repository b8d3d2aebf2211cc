import {
  countFleet,
  ExternalSecretState,
  FleetInstallSummary,
  FleetSummaryCounts,
  HealthState,
  KeyRotationState,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { largeFleet, smallFleet } from '../../__fixtures__/fleet';
import {
  FleetFilters,
  filterFleet,
  hasFilters,
  NO_FILTERS,
  toRow,
} from './fleetFilters';

const rows = smallFleet().items.map(toRow);
const releases = (list: typeof rows) => list.map(r => r.install.release);

describe('filterFleet', () => {
  it('returns everything without filters', () => {
    expect(filterFleet(rows, NO_FILTERS)).toHaveLength(5);
    expect(hasFilters(NO_FILTERS)).toBe(false);
  });

  it('filters by state and cluster', () => {
    expect(
      releases(filterFleet(rows, { ...NO_FILTERS, state: 'error' })),
    ).toEqual(['search-mcp', 'billing-mcp']);
    expect(
      releases(filterFleet(rows, { ...NO_FILTERS, cluster: 'staging' })),
    ).toEqual(['billing-mcp', 'ledger-mcp']);
    expect(
      releases(
        filterFleet(rows, {
          ...NO_FILTERS,
          state: 'error',
          cluster: 'staging',
        }),
      ),
    ).toEqual(['billing-mcp']);
  });

  it('filters overdue keys, out-of-sync secrets and policy breakers', () => {
    expect(
      releases(filterFleet(rows, { ...NO_FILTERS, overdueKeys: true })),
    ).toEqual(['billing-mcp']);
    expect(
      releases(filterFleet(rows, { ...NO_FILTERS, secretsOutOfSync: true })),
    ).toEqual(['search-mcp']);
    expect(
      releases(filterFleet(rows, { ...NO_FILTERS, policyBreaking: true })),
    ).toEqual(['ledger-mcp']);
  });

  it('matches every free-text word against install, entity and reasons, ignoring case', () => {
    expect(
      releases(filterFleet(rows, { ...NO_FILTERS, text: 'SecretSyncedError' })),
    ).toEqual(['search-mcp']);
    expect(
      releases(filterFleet(rows, { ...NO_FILTERS, text: 'staging ledger' })),
    ).toEqual(['ledger-mcp']);
    expect(
      releases(
        filterFleet(rows, {
          ...NO_FILTERS,
          text: 'component:default/payments',
        }),
      ),
    ).toEqual(['payments-mcp']);
    expect(
      filterFleet(rows, { ...NO_FILTERS, text: 'nothing-like-this' }),
    ).toEqual([]);
    expect(hasFilters({ ...NO_FILTERS, text: 'x' })).toBe(true);
  });

  it('agrees with the counts on a large fleet', () => {
    const fleet = largeFleet(1000);
    const big = fleet.items.map(toRow);
    expect(filterFleet(big, { ...NO_FILTERS, overdueKeys: true })).toHaveLength(
      fleet.counts.keysOverdue,
    );
    expect(
      filterFleet(big, { ...NO_FILTERS, secretsOutOfSync: true }),
    ).toHaveLength(fleet.counts.secretsOutOfSync);
    expect(
      filterFleet(big, { ...NO_FILTERS, policyBreaking: true }),
    ).toHaveLength(fleet.counts.policyBreaking);
    expect(filterFleet(big, { ...NO_FILTERS, state: 'error' })).toHaveLength(
      fleet.counts.failing,
    );
  });
});

describe('summary counts and filters', () => {
  // Every combination of the fields the counts read, built here rather than from the fixture
  // (which counts with the function under test).
  const STATES: HealthState[] = ['ok', 'warning', 'error', 'unknown'];
  const ES: ExternalSecretState[] = [
    'synced',
    'failing',
    'stale',
    'pending',
    'absent',
    'crd-missing',
    'forbidden',
    'unknown',
  ];
  const KEYS: KeyRotationState[] = ['ok', 'warning', 'overdue', 'unknown'];
  const VIOLATIONS = [undefined, 0, 2];
  const fleet: FleetInstallSummary[] = [];
  for (const state of STATES)
    for (const externalSecretState of ES)
      for (const keyRotationState of KEYS)
        for (const policyViolations of VIOLATIONS)
          for (const cluster of ['one', 'two'])
            fleet.push({
              install: {
                cluster,
                namespace: 'ns',
                release: `r-${fleet.length}`,
              },
              state,
              reasons: [],
              podsReady: 1,
              podsTotal: 1,
              externalSecretState,
              keyRotationState,
              policyViolations,
              stale: false,
            });
  const fleetRows = fleet.map(toRow);

  // The fleet page's filter for each summary tile: every count must have one.
  const FILTER_OF: Record<keyof FleetSummaryCounts, Partial<FleetFilters>> = {
    total: {},
    healthy: { state: 'ok' },
    degraded: { state: 'warning' },
    failing: { state: 'error' },
    unknown: { state: 'unknown' },
    secretsOutOfSync: { secretsOutOfSync: true },
    keysOverdue: { overdueKeys: true },
    policyBreaking: { policyBreaking: true },
  };

  it('counts by the documented rules: out of sync is failing or stale, not absent', () => {
    const n = fleet.length; // 4 * 8 * 4 * 3 * 2 = 768
    expect(countFleet(fleet)).toEqual({
      total: n,
      healthy: n / 4,
      degraded: n / 4,
      failing: n / 4,
      unknown: n / 4,
      secretsOutOfSync: (n * 2) / 8,
      keysOverdue: n / 4,
      policyBreaking: n / 3,
    });
  });

  it.each(Object.keys(FILTER_OF) as Array<keyof FleetSummaryCounts>)(
    'the %s count equals what its filter shows',
    key => {
      const counts = countFleet(fleet);
      expect(
        filterFleet(fleetRows, { ...NO_FILTERS, ...FILTER_OF[key] }),
      ).toHaveLength(counts[key]);
    },
  );
});
