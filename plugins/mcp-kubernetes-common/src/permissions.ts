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

/** Deploy (install or upgrade) the chart through the scaffolder action. @public */
export const mcpKubernetesDeployPermission = createPermission({
  name: 'mcp-kubernetes.deploy',
  attributes: { action: 'create' },
});

/** Ask ESO to re-sync an install's ExternalSecret now (a write). @public */
export const mcpKubernetesForceSyncPermission = createPermission({
  name: 'mcp-kubernetes.external-secret.force-sync',
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
  mcpKubernetesDeployPermission,
  mcpKubernetesForceSyncPermission,
  mcpKubernetesPolicyPreviewPermission,
];
