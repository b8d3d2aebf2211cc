import { useMemo } from 'react';
import { SubvalueCell, Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import {
  HealthState,
  isSecretOutOfSync,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { StateIcon } from '../shared/StateIcon';
import { formatAgo } from '../shared/time';
import { FleetRow, STATE_SEVERITY } from './fleetFilters';

const KEY_SEVERITY = { ok: 0, unknown: 1, warning: 2, overdue: 3 } as const;

// Short status cells must not wrap letter by letter when the table is narrow;
// the two text-heavy columns get a floor instead.
const NO_WRAP = { whiteSpace: 'nowrap' } as const;
const TEXT_COLUMN = { minWidth: 180 } as const;

function secretHealth(row: FleetRow): HealthState {
  if (isSecretOutOfSync(row)) return 'error';
  return row.externalSecretState === 'synced' ? 'ok' : 'unknown';
}

function installCell(row: FleetRow) {
  const name = row.entityRef ? (
    <EntityRefLink entityRef={row.entityRef} defaultKind="component" />
  ) : (
    row.install.release
  );
  return (
    <SubvalueCell
      value={name}
      subvalue={`${row.install.namespace}/${row.install.release}`}
    />
  );
}

function columns(now: number): TableColumn<FleetRow>[] {
  return [
    {
      title: 'State',
      field: 'state',
      cellStyle: TEXT_COLUMN,
      customSort: (a, b) => STATE_SEVERITY[a.state] - STATE_SEVERITY[b.state],
      render: row => (
        <SubvalueCell
          value={<StateIcon state={row.state} />}
          subvalue={row.reasons.join('; ')}
        />
      ),
    },
    {
      title: 'Install',
      field: 'id',
      cellStyle: TEXT_COLUMN,
      customSort: (a, b) => a.id.localeCompare(b.id),
      render: installCell,
    },
    { title: 'Cluster', field: 'install.cluster' },
    { title: 'Environment', field: 'environment', emptyValue: '—' },
    {
      title: 'Pods',
      cellStyle: NO_WRAP,
      field: 'podsReady',
      customSort: (a, b) =>
        a.podsReady / (a.podsTotal || 1) - b.podsReady / (b.podsTotal || 1),
      render: row => `${row.podsReady}/${row.podsTotal}`,
    },
    {
      title: 'ExternalSecret',
      cellStyle: NO_WRAP,
      field: 'externalSecretState',
      render: row => (
        <StateIcon state={secretHealth(row)} label={row.externalSecretState} />
      ),
    },
    {
      title: 'Key age',
      cellStyle: NO_WRAP,
      field: 'keyAgeDays',
      customSort: (a, b) =>
        (a.keyAgeDays ?? -1) - (b.keyAgeDays ?? -1) ||
        KEY_SEVERITY[a.keyRotationState] - KEY_SEVERITY[b.keyRotationState],
      render: row => {
        const state =
          row.keyRotationState === 'overdue' ? 'error' : row.keyRotationState;
        const age =
          row.keyAgeDays !== undefined ? `${row.keyAgeDays}d` : 'unknown';
        return (
          <StateIcon state={state} label={`${age} (${row.keyRotationState})`} />
        );
      },
    },
    {
      title: 'Policy',
      cellStyle: NO_WRAP,
      field: 'policyViolations',
      customSort: (a, b) =>
        (a.policyViolations ?? -1) - (b.policyViolations ?? -1),
      render: row => {
        if (row.policyViolations === undefined) return 'not evaluated';
        return row.policyViolations === 0 ? (
          <StateIcon state="ok" label="compliant" />
        ) : (
          <StateIcon
            state="error"
            label={`${row.policyViolations} violation${
              row.policyViolations > 1 ? 's' : ''
            }`}
          />
        );
      },
    },
    {
      title: 'Observed',
      cellStyle: NO_WRAP,
      field: 'observedAt',
      render: row => (
        <Typography variant="body2" color={row.stale ? 'error' : 'inherit'}>
          {formatAgo(row.observedAt, now, 'never')}
          {row.stale && ' (stale)'}
        </Typography>
      ),
    },
  ];
}

/**
 * Every install, paged so 1,000 rows stay cheap: the rows arrive filtered and memoised
 * from the page, the columns are built once per data load.
 */
export function FleetTable(props: {
  rows: FleetRow[];
  generatedAt: string;
  total: number;
}) {
  // "x ago" is computed once per data load, not per render of 1,000 rows.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const now = useMemo(() => Date.now(), [props.generatedAt]);
  const cols = useMemo(() => columns(now), [now]);
  return (
    <Table<FleetRow>
      title={`Installs (${props.rows.length} of ${props.total})`}
      columns={cols}
      data={props.rows}
      options={{
        paging: true,
        pageSize: 20,
        pageSizeOptions: [20, 50, 100],
        search: false,
        padding: 'dense',
        draggable: false,
        emptyRowsWhenPaging: false,
        thirdSortClick: false,
      }}
      emptyContent={
        <Typography variant="body2" style={{ padding: 16 }}>
          No install matches these filters.
        </Typography>
      }
    />
  );
}
