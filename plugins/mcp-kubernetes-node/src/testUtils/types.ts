/** Any Kubernetes object the fake API server stores. @public */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name?: string;
    generateName?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: unknown[];
    managedFields?: unknown[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** What a pod's HTTP endpoint answers through the fake's pod proxy. @public */
export type FakePodProxyAnswer =
  | {
      status: number;
      body: string;
      delayMs?: number;
      headers?: Record<string, string>;
    }
  | 'refuse';

/** @public */
export interface FakePodProxyRequest {
  namespace: string;
  pod: string;
  port: string;
  path: string;
}

/**
 * A failure the fake API server imitates until cleared with `injectFailure(undefined)`:
 * `down` closes every connection without an answer, `status` answers with a Status body of
 * that code, `delay` waits before answering, `close-watches` ends open watch streams once.
 * `pathPrefix` limits it to request paths starting with it.
 *
 * @public
 */
export interface FakeFailure {
  kind: 'down' | 'status' | 'delay' | 'close-watches';
  status?: number;
  delayMs?: number;
  pathPrefix?: string;
}

/** @public */
export interface FakeRequestLogEntry {
  method: string;
  path: string;
  query: string;
  accept?: string;
}

/** An in-process HTTP server answering like kube-apiserver v1.28. @public */
export interface FakeKubeApiServer {
  url: string;
  token: string;
  /** PEM of the CA that signed the serving certificate when started with `tls`. */
  caPem?: string;
  /** A kubeconfig with the bearer token and, over TLS, the CA (plain http: `insecure-skip-tls-verify`). */
  kubeconfigYaml(contextName?: string): string;
  /** Creates or replaces an object (bumps resourceVersion, emits ADDED/MODIFIED). */
  upsert(obj: KubeObject): KubeObject;
  remove(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): void;
  /** Merges `status` into an object's status (like a status-subresource patch). */
  patchStatus(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
    status: Record<string, unknown>,
  ): KubeObject;
  get(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined;
  setPodProxyHandler(
    handler: ((req: FakePodProxyRequest) => FakePodProxyAnswer) | undefined,
  ): void;
  injectFailure(failure: FakeFailure | undefined): void;
  /** Drops watch history so that a watch from an older resourceVersion gets 410 Gone. */
  compactHistory(): void;
  /** Sends a BOOKMARK on every open watch that asked for bookmarks. */
  sendBookmarks(): void;
  /** Served external-secrets.io versions (default `['v1']`; `[]` = CRD absent). */
  setExternalSecretsVersions(versions: Array<'v1' | 'v1beta1'>): void;
  requests: FakeRequestLogEntry[];
  /** Number of open watch streams. */
  openWatches(): number;
  close(): Promise<void>;
}

/** @public */
export interface FakeKubeApiServerOptions {
  port?: number;
  host?: string;
  token?: string;
}
