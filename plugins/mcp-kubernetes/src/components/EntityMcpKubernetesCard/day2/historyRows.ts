import {
  ReleaseHistoryResponse,
  ReleaseOperation,
  ReleaseOperationAction,
  ReleaseRevision,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { DAY2_ACTION_NAMES } from './day2Templates';

const OPERATION_NAMES: Record<ReleaseOperationAction, string> = {
  ...DAY2_ACTION_NAMES,
  deploy: 'Deploy',
};

/** One row of the history table: a helm revision, or an operation that made none (a restart). */
export interface HistoryRow {
  id: string;
  revision?: number;
  status: string;
  chart?: string;
  appVersion?: string;
  at?: string;
  /** The Backstage user from our journal; absent: made outside the portal. */
  actor?: string;
  description?: string;
  taskId?: string;
  /** The revision just before this one, for "Diff with previous". */
  previousRevision?: number;
}

function timeOf(iso: string | undefined): number | undefined {
  const at = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(at) ? undefined : at;
}

function revisionRow(
  revision: ReleaseRevision,
  all: ReleaseRevision[],
): HistoryRow {
  const earlier = all.map(r => r.revision).filter(n => n < revision.revision);
  return {
    id: `revision-${revision.revision}`,
    revision: revision.revision,
    status: revision.status,
    chart: revision.chart,
    appVersion: revision.appVersion,
    at: revision.updatedAt,
    actor: revision.operation?.actor,
    description: revision.description,
    taskId: revision.operation?.taskId,
    previousRevision: earlier.length ? Math.max(...earlier) : undefined,
  };
}

function operationRow(operation: ReleaseOperation, index: number): HistoryRow {
  return {
    id: `operation-${index}`,
    status: operation.action,
    at: operation.at,
    actor: operation.actor,
    description: `${
      OPERATION_NAMES[operation.action] ?? operation.action
    } (no new revision)`,
    taskId: operation.taskId,
  };
}

/**
 * Revisions newest first, with each operation that made no revision placed among
 * them by time (an operation without a readable time goes last).
 */
export function historyRows(history: ReleaseHistoryResponse): HistoryRow[] {
  const revisions = [...(history.revisions ?? [])].sort(
    (a, b) => b.revision - a.revision,
  );
  const rows = revisions.map(r => revisionRow(r, revisions));
  const operations = (history.operations ?? []).map(operationRow);
  for (const op of operations) {
    const at = timeOf(op.at);
    const index =
      at === undefined
        ? -1
        : rows.findIndex(row => {
            const rowAt = timeOf(row.at);
            return rowAt !== undefined && rowAt < at;
          });
    if (index === -1) rows.push(op);
    else rows.splice(index, 0, op);
  }
  return rows;
}

/**
 * The revision the release runs now (helm's `deployed` one, else the newest) and the
 * earlier revisions a rollback may go to, newest first.
 */
export function rollbackChoices(revisions: ReleaseRevision[]): {
  current?: ReleaseRevision;
  earlier: ReleaseRevision[];
  /** The previous good revision: the newest earlier superseded/deployed one. */
  suggested?: ReleaseRevision;
} {
  const sorted = [...revisions].sort((a, b) => b.revision - a.revision);
  const current = sorted.find(r => r.status === 'deployed') ?? sorted[0];
  if (!current) return { earlier: [] };
  const earlier = sorted.filter(r => r.revision < current.revision);
  const suggested =
    earlier.find(r => r.status === 'superseded' || r.status === 'deployed') ??
    earlier[0];
  return { current, earlier, suggested };
}
