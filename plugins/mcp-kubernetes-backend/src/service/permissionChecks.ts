import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { mcpKubernetesFleetReadPermission } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { InstallEntity } from './catalogLookup';

// Shared by the routes and the MCP actions so both enforce the same rules.

/**
 * Whether the caller holds a catalog-entity permission on an install. It is evaluated on the
 * install's entity; without one there is nothing to evaluate conditions against, so only an
 * unconditional ALLOW passes.
 */
export async function isAllowedOnInstall(
  permissions: PermissionsService,
  permission: ResourcePermission<'catalog-entity'>,
  entity: InstallEntity | undefined,
  credentials: BackstageCredentials,
): Promise<boolean> {
  const [decision] = entity
    ? await permissions.authorize(
        [{ permission, resourceRef: entity.entityRef }],
        { credentials },
      )
    : await permissions.authorizeConditional([{ permission }], {
        credentials,
      });
  return decision.result === AuthorizeResult.ALLOW;
}

/** Throws a NotAllowedError unless the caller may read the fleet. */
export async function assertFleetReadAllowed(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<void> {
  const [decision] = await permissions.authorize(
    [{ permission: mcpKubernetesFleetReadPermission }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `You are not allowed ${mcpKubernetesFleetReadPermission.name}`,
    );
  }
}
