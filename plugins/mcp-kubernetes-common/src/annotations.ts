/**
 * Catalog annotations that point an entity at its mcp-kubernetes install.
 * The template skeleton writes all four; the card needs cluster, namespace and release
 * (`environment` names the policy the install was deployed under).
 *
 * @public
 */
export const MCP_KUBERNETES_ANNOTATIONS = {
  cluster: 'mcp-kubernetes.io/cluster',
  namespace: 'mcp-kubernetes.io/namespace',
  release: 'mcp-kubernetes.io/release',
  environment: 'mcp-kubernetes.io/environment',
} as const;

/**
 * Annotations the chart writes on the Deployment it makes (from the values
 * `catalog.entityRef` and `catalog.owner`, which the deploy action sets on the
 * server): the catalog entity the install was made for and that entity's owner
 * at install time. Every read and write after the install is authorized
 * against this recorded entity, never against an entity that merely claims the
 * install in its own annotations.
 *
 * @public
 */
export const MCP_KUBERNETES_RECORDED_ANNOTATIONS = {
  entityRef: 'mcp-kubernetes.io/entity-ref',
  owner: 'mcp-kubernetes.io/owner',
} as const;

/** The label the chart puts on every pod so the stock Kubernetes plugin finds it too. @public */
export const BACKSTAGE_KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

/** Where one install lives. @public */
export interface InstallRef {
  cluster: string;
  namespace: string;
  release: string;
}

/** Stable string key of an install: `cluster/namespace/release`. @public */
export function installKey(ref: InstallRef): string {
  return `${ref.cluster}/${ref.namespace}/${ref.release}`;
}

/**
 * Reads the install reference from an entity's annotations, or undefined when any key is missing.
 * @public
 */
export function getInstallRefFromAnnotations(
  annotations: Record<string, string> | undefined,
): InstallRef | undefined {
  const cluster = annotations?.[MCP_KUBERNETES_ANNOTATIONS.cluster];
  const namespace = annotations?.[MCP_KUBERNETES_ANNOTATIONS.namespace];
  const release = annotations?.[MCP_KUBERNETES_ANNOTATIONS.release];
  if (!cluster || !namespace || !release) {
    return undefined;
  }
  return { cluster, namespace, release };
}
