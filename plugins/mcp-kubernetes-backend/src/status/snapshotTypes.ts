import type { ClusterSnapshot } from '@mcp-kubernetes/plugin-mcp-kubernetes-node';

/**
 * The read side of the node library's watch cache (`ClusterWatchCache`) that the backend uses.
 * Declared here, without start/stop, so tests and the status benchmark can pass an in-memory source.
 *
 * @public
 */
export interface SnapshotSource {
  snapshot(cluster: string): ClusterSnapshot;
  clusterNames(): string[];
}

/** Converts the Date-or-string times client-node objects carry into ISO strings. */
export function toIso(
  value: string | Date | null | undefined,
): string | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  }
  return value;
}

/** Milliseconds since the epoch, or undefined for missing/unparseable times. */
export function toMillis(
  value: string | Date | null | undefined,
): number | undefined {
  const iso = toIso(value);
  if (!iso) {
    return undefined;
  }
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}
