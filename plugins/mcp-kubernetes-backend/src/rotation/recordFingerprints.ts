import { LoggerService } from '@backstage/backend-plugin-api';
import { ESO_DATA_HASH_ANNOTATION } from '../status/keyRotation';
import { SnapshotSource } from '../status/snapshotTypes';
import { RotationHistoryStore } from './RotationHistoryStore';

/**
 * Writes every new ESO data-hash seen in the watch caches to the history table. Runs on the
 * scheduler, not on page views; only metadata is read.
 */
export async function recordFingerprints(options: {
  source: SnapshotSource;
  store: RotationHistoryStore;
  logger: LoggerService;
  now?: () => Date;
}): Promise<number> {
  const { source, store, logger } = options;
  let written = 0;
  for (const cluster of source.clusterNames()) {
    const snapshot = source.snapshot(cluster);
    if (!snapshot.syncedAt) {
      continue;
    }
    for (const secret of snapshot.secrets) {
      const hash = secret.metadata?.annotations?.[ESO_DATA_HASH_ANNOTATION];
      const namespace = secret.metadata?.namespace;
      const secretName = secret.metadata?.name;
      if (!hash || !namespace || !secretName) {
        continue;
      }
      if (
        await store.observe(
          { cluster, namespace, secretName },
          hash,
          options.now?.() ?? new Date(),
        )
      ) {
        written += 1;
        logger.debug(
          `Recorded new data-hash of Secret ${namespace}/${secretName} in cluster ${cluster}`,
        );
      }
    }
  }
  // Keeps the table bounded by the configured retention (a no-op most runs).
  const pruned = await store.maybePrune();
  if (pruned > 0) {
    logger.info(`Pruned ${pruned} rotation history rows past their retention`);
  }
  return written;
}
