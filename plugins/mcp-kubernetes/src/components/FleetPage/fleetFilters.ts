import {
  FleetInstallSummary,
  HealthState,
  installKey,
  matchesFleetFilter,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

// The rules (what counts as out of sync, overdue, breaking policy) live in -common, shared with
// the backend's summary counts and the MCP fleet action; this file only adds text search.

/** The fleet table's filters; kept in the page's state and applied before the table sees rows. @public */
export interface FleetFilters {
  state: HealthState | 'all';
  cluster: string | 'all';
  overdueKeys: boolean;
  secretsOutOfSync: boolean;
  policyBreaking: boolean;
  text: string;
}

export const NO_FILTERS: FleetFilters = {
  state: 'all',
  cluster: 'all',
  overdueKeys: false,
  secretsOutOfSync: false,
  policyBreaking: false,
  text: '',
};

/** Severity order for sorting: the worst first when sorting descending. */
export const STATE_SEVERITY: Record<HealthState, number> = {
  ok: 0,
  unknown: 1,
  warning: 2,
  error: 3,
};

/** One table row: the summary plus precomputed text used for sorting and free-text search. */
export interface FleetRow extends FleetInstallSummary {
  id: string;
  searchText: string;
}

export function toRow(item: FleetInstallSummary): FleetRow {
  const id = installKey(item.install);
  return {
    ...item,
    id,
    searchText: [id, item.entityRef, item.environment, ...item.reasons]
      .filter(Boolean)
      .join(' ')
      .toLocaleLowerCase('en-US'),
  };
}

export function filterFleet(
  rows: FleetRow[],
  filters: FleetFilters,
): FleetRow[] {
  const words = filters.text
    .toLocaleLowerCase('en-US')
    .split(/\s+/)
    .filter(Boolean);
  return rows.filter(
    row =>
      matchesFleetFilter(row, {
        state: filters.state === 'all' ? undefined : filters.state,
        cluster: filters.cluster === 'all' ? undefined : filters.cluster,
        keysOverdue: filters.overdueKeys,
        secretsOutOfSync: filters.secretsOutOfSync,
        policyBreaking: filters.policyBreaking,
      }) && words.every(word => row.searchText.includes(word)),
  );
}

/** Whether any filter is set (for the "clear filters" button and the empty message). */
export function hasFilters(filters: FleetFilters): boolean {
  return (
    filters.state !== 'all' ||
    filters.cluster !== 'all' ||
    filters.overdueKeys ||
    filters.secretsOutOfSync ||
    filters.policyBreaking ||
    filters.text.trim() !== ''
  );
}
