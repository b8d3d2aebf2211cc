import type { ClusterSnapshot } from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { SnapshotSource } from '../status/snapshotTypes';

/** What the fleet was computed from; a different one means the fleet changed. */
interface Basis {
  clusters: string[];
  /** Per cluster: the cache's object lists (replaced, not mutated, on watch events) and flags. */
  parts: unknown[][];
  healthVersion: number;
}

function partsOf(snapshot: ClusterSnapshot): unknown[] {
  return [
    snapshot.pods,
    snapshot.deployments,
    snapshot.externalSecrets,
    snapshot.secrets,
    snapshot.connected,
    snapshot.staleSince,
    snapshot.externalSecretsApi,
    snapshot.lastError?.at,
  ];
}

function sameBasis(a: Basis, b: Basis): boolean {
  return (
    a.healthVersion === b.healthVersion &&
    a.clusters.length === b.clusters.length &&
    a.clusters.every((c, i) => c === b.clusters[i]) &&
    a.parts.every((p, i) => p.every((x, j) => x === b.parts[i][j]))
  );
}

export interface FleetSnapshotOptions<T> {
  source: SnapshotSource;
  /** Grows when probe answers change (`HealthProber.version`). */
  healthVersion?: () => number;
  compute: (clusters: string[], snapshots: ClusterSnapshot[]) => T;
  now: () => number;
  /** Changes within this window share one computation (ms). */
  minIntervalMs: number;
  /** Rebuilt at least this often even without changes: key ages and staleness move with time (ms). */
  maxAgeMs: number;
}

/**
 * The fleet, rebuilt only after something it depends on changed (a watch event replaced a
 * cluster's lists, a probe answer changed) and at most once per `minIntervalMs`; an unchanged
 * fleet is served from memory however many requests come.
 */
export class FleetSnapshot<T> {
  private last?: { at: number; basis: Basis; value: T };

  constructor(private readonly options: FleetSnapshotOptions<T>) {}

  get(): { at: number; value: T } {
    const { source, now, minIntervalMs, maxAgeMs } = this.options;
    const at = now();
    const clusters = source.clusterNames();
    const snapshots = clusters.map(c => source.snapshot(c));
    const basis: Basis = {
      clusters,
      parts: snapshots.map(partsOf),
      healthVersion: this.options.healthVersion?.() ?? 0,
    };
    const last = this.last;
    if (last) {
      const age = at - last.at;
      if (age < minIntervalMs) return last;
      if (age < maxAgeMs && sameBasis(last.basis, basis)) return last;
    }
    this.last = { at, basis, value: this.options.compute(clusters, snapshots) };
    return this.last;
  }
}
