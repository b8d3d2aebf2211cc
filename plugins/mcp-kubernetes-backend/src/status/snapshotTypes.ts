import type {
  V1Deployment,
  V1ObjectMeta,
  V1Pod,
} from '@kubernetes/client-node';

/**
 * A `meta.k8s.io/v1` PartialObjectMetadata (what the API server returns for metadata-only reads of
 * Secrets). client-node 1.4.0 has no model for it.
 */
export interface V1PartialObjectMetadata {
  apiVersion?: string;
  kind?: string;
  metadata?: V1ObjectMeta;
}

/**
 * The parts of the cluster layer's `ClusterSnapshot` (mcp-kubernetes-node) that status derivation reads.
 * Declared structurally here so the pure derivation modules depend on data, not on the cache's
 * implementation; the node library's snapshot satisfies it.
 */
export interface ExternalSecretLike {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string | Date;
    generation?: number;
  };
  spec?: {
    refreshInterval?: string;
    secretStoreRef?: { kind?: string; name?: string };
    target?: { name?: string };
  };
  status?: {
    conditions?: Array<{
      type?: string;
      status?: string;
      reason?: string;
      message?: string;
      lastTransitionTime?: string | Date;
    }>;
    refreshTime?: string | Date | null;
  };
}

/** @public */
export type ExternalSecretsApiState =
  | 'external-secrets.io/v1'
  | 'external-secrets.io/v1beta1'
  | 'absent'
  | 'forbidden'
  | 'unknown';

/** What status derivation needs from one cluster's watch cache. @public */
export interface ClusterSnapshotLike {
  cluster: string;
  pods: V1Pod[];
  deployments: V1Deployment[];
  externalSecrets: ExternalSecretLike[];
  secrets: V1PartialObjectMetadata[];
  externalSecretsApi: ExternalSecretsApiState;
  connected: boolean;
  syncedAt?: string;
  staleSince?: string;
  lastError?: { message: string; at: string };
}

/** The read side of the watch cache the backend uses. @public */
export interface SnapshotSource {
  snapshot(cluster: string): ClusterSnapshotLike;
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
