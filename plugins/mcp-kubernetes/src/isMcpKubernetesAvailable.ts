import { Entity } from '@backstage/catalog-model';
import {
  getInstallRefFromAnnotations,
  MCP_KUBERNETES_ANNOTATIONS,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

/** The annotations an entity needs for the card (the skeleton also writes `environment`). */
export const REQUIRED_ANNOTATIONS = [
  MCP_KUBERNETES_ANNOTATIONS.cluster,
  MCP_KUBERNETES_ANNOTATIONS.namespace,
  MCP_KUBERNETES_ANNOTATIONS.release,
] as const;

/**
 * True when the entity points at an mcp-kubernetes install (cluster, namespace and release
 * annotations all set). Use with `EntitySwitch` and as the `EntityCardBlueprint` filter.
 *
 * @public
 */
export function isMcpKubernetesAvailable(entity: Entity): boolean {
  return (
    getInstallRefFromAnnotations(entity.metadata.annotations) !== undefined
  );
}

/** Which of the required annotations the entity lacks (for the card's empty state). */
export function missingAnnotations(entity: Entity): string[] {
  const annotations = entity.metadata.annotations ?? {};
  return REQUIRED_ANNOTATIONS.filter(key => !annotations[key]);
}
