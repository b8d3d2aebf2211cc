import {
  ExternalSecretState,
  FleetInstallSummary,
  HealthState,
  installKey,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

/** The fleet table's filters; kept in the page's state and applied before the table sees rows. */
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

/** ExternalSecret states that mean the credentials in the cluster may not match the store. */
const OUT_OF_SYNC: ReadonlySet<ExternalSecretState> = new Set([
  'failing',
  'stale',
  'absent',
]);

export function isSecretOutOfSync(item: FleetInstallSummary): boolean {
  return OUT_OF_SYNC.has(item.externalSecretState);
}

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
  return rows.filter(row => {
    if (filters.state !== 'all' && row.state !== filters.state) return false;
    if (filters.cluster !== 'all' && row.install.cluster !== filters.cluster)
      return false;
    if (filters.overdueKeys && row.keyRotationState !== 'overdue') return false;
    if (filters.secretsOutOfSync && !isSecretOutOfSync(row)) return false;
    if (
      filters.policyBreaking &&
      !(row.policyViolations && row.policyViolations > 0)
    )
      return false;
    return words.every(word => row.searchText.includes(word));
  });
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
