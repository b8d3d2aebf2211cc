import { InstallStatus } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { listInstalls } from '../status/findInstall';
import { SnapshotSource } from '../status/snapshotTypes';
import { InstallStatusSource } from './InstallNotifier';

/**
 * The notifier's view of the fleet, from the watch cache through the status builder: only
 * clusters whose watches are synced now, so a cache that is still listing (or a cluster that
 * is down) neither starts nor ends a condition.
 *
 * @internal
 */
export function installStatusSource(options: {
  source: SnapshotSource;
  status: { getStatus(ref: InstallStatus['install']): InstallStatus };
}): InstallStatusSource {
  return {
    listByCluster() {
      const out = new Map<string, InstallStatus[]>();
      for (const cluster of options.source.clusterNames()) {
        const snapshot = options.source.snapshot(cluster);
        if (!snapshot.connected || !snapshot.syncedAt) continue;
        out.set(
          cluster,
          listInstalls(snapshot).map(({ namespace, release }) =>
            options.status.getStatus({ cluster, namespace, release }),
          ),
        );
      }
      return out;
    },
  };
}
