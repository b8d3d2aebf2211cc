import type {
  KubeConfig,
  V1Deployment,
  V1ObjectMeta,
  V1Pod,
} from '@kubernetes/client-node';
import type { ClusterInfo } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

/**
 * The clusters the backend can reach, read from the Backstage Kubernetes plugin's
 * `kubernetes.clusterLocatorMethods` and, when enabled, a local kubeconfig.
 * Credentials live only inside the returned `KubeConfig`s and never leave the backend.
 *
 * @public
 */
export interface ClusterRegistry {
  /** Cluster names only, safe to send to the frontend. */
  listClusters(): ClusterInfo[];
  /** A kubeconfig for one cluster; throws `NotFoundError` naming the cluster when unknown. */
  getKubeConfig(name: string): KubeConfig;
  has(name: string): boolean;
}

/**
 * `meta.k8s.io/v1` PartialObjectMetadata: an object's metadata without spec, data or status.
 * (\@kubernetes/client-node 1.4.0 has no model for it, so it is declared here.)
 *
 * @public
 */
export interface V1PartialObjectMetadata {
  apiVersion?: string;
  kind?: string;
  metadata: V1ObjectMeta;
}

/** A condition as ESO writes it on an ExternalSecret. @public */
export interface ExternalSecretCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown' | string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/**
 * The parts of an External Secrets Operator `ExternalSecret` the status needs
 * (`external-secrets.io/v1` or `v1beta1`, both have this shape).
 *
 * @public
 */
export interface ExternalSecretObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: {
    refreshInterval?: string;
    secretStoreRef?: { kind?: string; name?: string };
    target?: {
      name?: string;
      creationPolicy?: string;
      deletionPolicy?: string;
    };
  };
  status?: {
    conditions?: ExternalSecretCondition[];
    refreshTime?: string;
    syncedResourceVersion?: string;
    binding?: { name?: string };
  };
}

/** Which ExternalSecret API the cluster serves, or why it is not known. @public */
export type ExternalSecretsApiState =
  | 'external-secrets.io/v1'
  | 'external-secrets.io/v1beta1'
  | 'absent'
  | 'forbidden'
  | 'unknown';

/**
 * What the watch cache holds for one cluster. Reading it makes no API request.
 * Lists are shared with the cache: treat them as read-only.
 *
 * @public
 */
export interface ClusterSnapshot {
  cluster: string;
  pods: V1Pod[];
  deployments: V1Deployment[];
  externalSecrets: ExternalSecretObject[];
  /** Target Secrets as metadata only (PartialObjectMetadata): never data. */
  secrets: V1PartialObjectMetadata[];
  externalSecretsApi: ExternalSecretsApiState;
  /** True while every watch of the cluster is established and synced. */
  connected: boolean;
  /** Last time every resource was listed or had watch news (ISO). */
  syncedAt?: string;
  /** Since when the data is not known to be current (ISO); absent when fresh. */
  staleSince?: string;
  lastError?: { message: string; at: string };
}

/**
 * A list+watch cache of the mcp-kubernetes objects of every registered cluster.
 *
 * @public
 */
export interface ClusterWatchCache {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The cached state of one cluster; throws `NotFoundError` for an unknown cluster. */
  snapshot(cluster: string): ClusterSnapshot;
  clusterNames(): string[];
}

/** One GET through the API server's pod proxy. @public */
export interface PodProxyRequest {
  cluster: string;
  namespace: string;
  pod: string;
  /** A port number or a named container port; nothing else is accepted. */
  port: number | string;
  /** Absolute path on the pod, e.g. `/health`. */
  path: string;
  timeoutMs: number;
  /** The body is cut after this many bytes. */
  maxBytes: number;
}

/** @public */
export interface PodProxyResponse {
  status: number;
  body: string;
  latencyMs: number;
}

/**
 * GETs a pod's HTTP endpoint through `/api/v1/namespaces/{ns}/pods/{pod}:{port}/proxy{path}`.
 * Never follows redirects (a 3xx is returned as its status); rejects with an Error whose
 * message a person understands (timeout, forbidden, connection refused, ...).
 *
 * @public
 */
export interface PodProxy {
  get(req: PodProxyRequest): Promise<PodProxyResponse>;
}
