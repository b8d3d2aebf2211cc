import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import type {
  KubeObject,
  McpInstallSeed,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import type {
  ClusterSnapshot,
  ExternalSecretObject,
  V1PartialObjectMetadata,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { SnapshotSource } from '../status/snapshotTypes';

/**
 * An in-memory stand-in for the watch cache, for router-level tests and the benchmark. The
 * end-to-end tests use the real cache against the fake API server instead.
 */
export class MemorySnapshotSource implements SnapshotSource {
  readonly clusters = new Map<string, ClusterSnapshot>();

  static withInstalls(
    installs: Record<string, McpInstallSeed[]>,
    now = new Date(),
  ): MemorySnapshotSource {
    const source = new MemorySnapshotSource();
    for (const [cluster, seeds] of Object.entries(installs)) {
      source.setCluster(
        cluster,
        seeds.flatMap(s => s.all),
        now,
      );
    }
    return source;
  }

  setCluster(cluster: string, objects: KubeObject[], now = new Date()) {
    const of = (kind: string) => objects.filter(o => o.kind === kind);
    this.clusters.set(cluster, {
      cluster,
      pods: of('Pod') as unknown as V1Pod[],
      deployments: of('Deployment') as unknown as V1Deployment[],
      externalSecrets: of(
        'ExternalSecret',
      ) as unknown as ExternalSecretObject[],
      // Metadata only, like the real cache's PartialObjectMetadata lists.
      secrets: of('Secret').map(s => ({
        apiVersion: 'meta.k8s.io/v1',
        kind: 'PartialObjectMetadata',
        metadata: s.metadata,
      })) as V1PartialObjectMetadata[],
      externalSecretsApi: 'external-secrets.io/v1',
      connected: true,
      syncedAt: now.toISOString(),
    });
  }

  update(cluster: string, patch: Partial<ClusterSnapshot>) {
    const current = this.snapshot(cluster);
    this.clusters.set(cluster, { ...current, ...patch });
  }

  clusterNames(): string[] {
    return [...this.clusters.keys()];
  }

  snapshot(cluster: string): ClusterSnapshot {
    const s = this.clusters.get(cluster);
    if (!s) throw new Error(`unknown cluster ${cluster}`);
    return s;
  }
}
