import { useMemo } from 'react';
import { SubvalueCell, Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import {
  HealthRefresh,
  PodStatus,
  RolloutStatus,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { StateIcon } from '../shared/StateIcon';
import { formatAge } from '../shared/time';
import { HealthCell } from './HealthCell';

function columns(now: number): TableColumn<PodStatus>[] {
  return [
    {
      title: 'Pod',
      field: 'name',
      highlight: true,
      // Age rides under the name so the card stays readable at half width.
      render: pod => (
        <SubvalueCell
          // Pod names break at their hyphens, not mid-hash.
          value={<span style={{ wordBreak: 'normal' }}>{pod.name}</span>}
          subvalue={[
            pod.node,
            `age ${formatAge(pod.startedAt ?? pod.createdAt, now)}`,
          ]
            .filter(Boolean)
            .join(' · ')}
        />
      ),
    },
    {
      title: 'Status',
      field: 'ready',
      render: pod => (
        <>
          <StateIcon
            state={pod.ready ? 'ok' : 'error'}
            label={pod.ready ? 'Ready' : 'Not ready'}
          />
          <Typography variant="caption" component="div" color="textSecondary">
            {pod.waitingReason
              ? `${pod.phase} (${pod.waitingReason})`
              : pod.phase}
          </Typography>
        </>
      ),
    },
    {
      title: 'Restarts',
      field: 'restarts',
      type: 'numeric',
      render: pod =>
        pod.lastTerminationReason && pod.restarts > 0
          ? `${pod.restarts} (last: ${pod.lastTerminationReason})`
          : String(pod.restarts),
    },
    {
      title: 'Health',
      field: 'health',
      sorting: false,
      cellStyle: { minWidth: 160 },
      render: pod => (
        <HealthCell podName={pod.name} health={pod.health} now={now} />
      ),
    },
  ];
}

/**
 * The install's pods with their `/health` answers; says so when answers are re-checked less
 * often than usual because many cards are open (the portal's probe rate is shared).
 */
export function PodsTable(props: {
  pods: PodStatus[];
  rollout?: RolloutStatus;
  healthRefresh?: HealthRefresh;
  now: number;
}) {
  const { pods, rollout, healthRefresh, now } = props;
  // material-table writes bookkeeping into row objects; give it copies, not the API's data.
  const data = useMemo(() => pods.map(pod => ({ ...pod })), [pods]);
  const subtitle =
    [
      rollout &&
        `${rollout.ready}/${rollout.desired} ready · ${rollout.updated} updated · ${rollout.available} available`,
      healthRefresh?.limitedByBudget &&
        `health re-checked every ${healthRefresh.everySeconds} s while many cards are open`,
    ]
      .filter(Boolean)
      .join(' · ') || undefined;
  return (
    <Table<PodStatus>
      title="Pods"
      subtitle={subtitle}
      columns={columns(now)}
      data={data}
      // Flat inside the InfoCard rather than a card within a card.
      style={{ boxShadow: 'none' }}
      options={{
        paging: false,
        search: false,
        padding: 'dense',
        draggable: false,
      }}
      emptyContent={
        <Typography variant="body2" style={{ padding: 16 }}>
          No pods found for this release.
        </Typography>
      }
    />
  );
}
