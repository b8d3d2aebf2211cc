import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

/** Read the status of an install, checked against the catalog entity it belongs to. @public */
export const mcpKubernetesStatusReadPermission = createPermission({
  name: 'mcp-kubernetes.status.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Read the fleet list (every install across clusters). @public */
export const mcpKubernetesFleetReadPermission = createPermission({
  name: 'mcp-kubernetes.fleet.read',
  attributes: { action: 'read' },
});

/**
 * List the configured clusters (names, environments, reachability): the
 * template's cluster picker and the unknown-cluster error's list of known
 * clusters. Separate from fleet read so deployers can pick a cluster without
 * seeing every install.
 *
 * @public
 */
export const mcpKubernetesClustersReadPermission = createPermission({
  name: 'mcp-kubernetes.clusters.read',
  attributes: { action: 'read' },
});

/**
 * The resource type of a deploy target: cluster, namespace and environment
 * of one install. Policies use the rules `isCluster`, `isNamespace` and
 * `isEnvironment` (glob patterns) on it.
 *
 * @public
 */
export const RESOURCE_TYPE_MCP_KUBERNETES_DEPLOY_TARGET =
  'mcp-kubernetes-deploy-target';

/** A deploy target as the permission rules see it. @public */
export interface McpKubernetesDeployTarget {
  cluster: string;
  namespace: string;
  environment: string;
}

/**
 * Deploy (install or upgrade) the chart through the scaffolder action,
 * authorized per target (cluster, namespace, environment).
 *
 * @public
 */
export const mcpKubernetesDeployPermission = createPermission({
  name: 'mcp-kubernetes.deploy',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_MCP_KUBERNETES_DEPLOY_TARGET,
});

/**
 * Pass free-form chart `values` to the deploy action (beyond the typed
 * answers). Meant for platform-team templates; denied by the shipped policy.
 *
 * @public
 */
export const mcpKubernetesDeployValuesPermission = createPermission({
  name: 'mcp-kubernetes.deploy.values',
  attributes: { action: 'create' },
});

/** Ask ESO to re-sync an install's ExternalSecret now (a write). @public */
export const mcpKubernetesForceSyncPermission = createPermission({
  name: 'mcp-kubernetes.external-secret.force-sync',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Operate an install after it exists: upgrade, roll back, restart or uninstall it (the day-2
 * actions). Checked against the install's recorded entity, on top of the built-in rule that the
 * caller's teams include the owner recorded at install. @public
 */
export const mcpKubernetesOperatePermission = createPermission({
  name: 'mcp-kubernetes.install.operate',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Evaluate values against the company policy (the template's live preview). @public */
export const mcpKubernetesPolicyPreviewPermission = createPermission({
  name: 'mcp-kubernetes.policy.preview',
  attributes: { action: 'read' },
});

/** Every permission of the plugin, for the permissions registry. @public */
export const mcpKubernetesPermissions = [
  mcpKubernetesStatusReadPermission,
  mcpKubernetesFleetReadPermission,
  mcpKubernetesClustersReadPermission,
  mcpKubernetesDeployPermission,
  mcpKubernetesDeployValuesPermission,
  mcpKubernetesForceSyncPermission,
  mcpKubernetesOperatePermission,
  mcpKubernetesPolicyPreviewPermission,
];
