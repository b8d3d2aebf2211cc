import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

// Shared by the routes and the MCP actions (through installAccess and statusReads) so both
// enforce the same rules.

/** Whether the caller holds a catalog-entity permission on one entity (conditions evaluated on it). */
export async function isAllowedOnEntity(
  permissions: PermissionsService,
  permission: ResourcePermission<'catalog-entity'>,
  entityRef: string,
  credentials: BackstageCredentials,
): Promise<boolean> {
  const [decision] = await permissions.authorize(
    [{ permission, resourceRef: entityRef }],
    { credentials },
  );
  return decision.result === AuthorizeResult.ALLOW;
}

/**
 * Whether the caller holds a catalog-entity permission unconditionally: for an install with no
 * recorded entity there is nothing to evaluate conditions against, so only a plain ALLOW passes.
 */
export async function isAllowedUnconditionally(
  permissions: PermissionsService,
  permission: ResourcePermission<'catalog-entity'>,
  credentials: BackstageCredentials,
): Promise<boolean> {
  const [decision] = await permissions.authorizeConditional([{ permission }], {
    credentials,
  });
  return decision.result === AuthorizeResult.ALLOW;
}

/** Whether the caller holds a basic (resource-less) permission. */
export async function isAllowed(
  permissions: PermissionsService,
  permission: BasicPermission,
  credentials: BackstageCredentials,
): Promise<boolean> {
  const [decision] = await permissions.authorize([{ permission }], {
    credentials,
  });
  return decision.result === AuthorizeResult.ALLOW;
}

/** Throws a NotAllowedError naming the permission unless the caller holds it. */
export async function assertAllowed(
  permissions: PermissionsService,
  permission: BasicPermission,
  credentials: BackstageCredentials,
): Promise<void> {
  if (!(await isAllowed(permissions, permission, credentials))) {
    throw new NotAllowedError(`You are not allowed ${permission.name}`);
  }
}
