import { largeFleet, smallFleet } from '../../__fixtures__/fleet';
import { filterFleet, hasFilters, NO_FILTERS, toRow } from './fleetFilters';

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
