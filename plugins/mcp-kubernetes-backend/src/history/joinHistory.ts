import {
  redactSecrets,
  ReleaseHistoryResponse,
  ReleaseOperation,
  ReleaseRevision,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import type { HelmReleaseState } from '@mcp-kubernetes/plugin-mcp-kubernetes-node';

/** helm's descriptions are one line; failure reasons can run long. */
const MAX_DESCRIPTION = 512;

/**
 * Joins helm's revisions with the journal. helm numbers revisions from 1 again after an
 * uninstall and reinstall, so only operations after the latest uninstall belong to the release
 * helm shows now; of those, the newest entry with a revision's number made it (a retried task
 * may have written twice). Operations without a revision (restarts) are listed on their own.
 *
 * @param helm - `helm history`, in any order.
 * @param journal - The release's journal, newest first.
 */
export function joinHistory(
  helm: HelmReleaseState[],
  journal: ReleaseOperation[],
): ReleaseHistoryResponse {
  const lastUninstall = journal.findIndex(op => op.action === 'uninstall');
  const current =
    lastUninstall === -1 ? journal : journal.slice(0, lastUninstall);
  const byRevision = new Map<number, ReleaseOperation>();
  for (const op of current) {
    if (op.revision !== undefined && !byRevision.has(op.revision)) {
      byRevision.set(op.revision, op);
    }
  }
  const revisions: ReleaseRevision[] = [...helm]
    .sort((a, b) => b.revision - a.revision)
    .map(state => {
      const operation = byRevision.get(state.revision);
      return {
        revision: state.revision,
        status: state.status,
        ...(state.chart ? { chart: state.chart } : {}),
        ...(state.appVersion ? { appVersion: state.appVersion } : {}),
        ...(state.updatedAt ? { updatedAt: state.updatedAt } : {}),
        // helm writes failure reasons here: cluster text, so redacted and capped.
        ...(state.description
          ? { description: redactSecrets(state.description, MAX_DESCRIPTION) }
          : {}),
        ...(operation ? { operation } : {}),
      };
    });
  return {
    revisions,
    operations: current.filter(op => op.revision === undefined),
  };
}
