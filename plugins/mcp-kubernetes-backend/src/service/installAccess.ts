import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  InstallRef,
  MCP_KUBERNETES_ERROR_CODES,
  MCP_KUBERNETES_RECORDED_ANNOTATIONS,
  mcpKubernetesClustersReadPermission,
  mcpKubernetesFleetReadPermission,
  mcpKubernetesStatusReadPermission,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { sameEntityRef } from '../status/recordedEntity';
import { environmentOfRecordedEntity, installOfEntity } from './catalogLookup';
import {
  isAllowed,
  isAllowedOnEntity,
  isAllowedUnconditionally,
} from './permissionChecks';
import { installRefSchema, parse } from './requestSchemas';
import { StatusService } from './StatusService';

/** A 403 with a machine-readable `code` (serialized into the error body) for the card. */
class CodedNotAllowedError extends NotAllowedError {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

/** What a caller was granted on an install: where it is and what the status may say about it. */
export interface InstallGrant {
  install: InstallRef;
  environment?: string;
}

const where = (i: InstallRef) =>
  `release "${i.release}" in namespace "${i.namespace}" of cluster "${i.cluster}"`;

function notRecorded(install: InstallRef, suggestedRef?: string): Error {
  const { entityRef, owner } = MCP_KUBERNETES_RECORDED_ANNOTATIONS;
  return new CodedNotAllowedError(
    `The mcp-kubernetes ${where(install)} records no catalog entity: ` +
      `its Deployment has no valid ${entityRef} annotation (installed outside the portal, or by an older chart), ` +
      `so only callers with ${mcpKubernetesFleetReadPermission.name} may see it. ` +
      `To adopt it, annotate its Deployment: ${entityRef}=${
        suggestedRef ?? '<kind:namespace/name of its catalog entity>'
      } and ${owner}=<owner group ref>, or redeploy it with the portal's template.`,
    MCP_KUBERNETES_ERROR_CODES.installNotRecorded,
  );
}

/**
 * Decides who may read or act on an install, always against the entity recorded on the
 * install's Deployment at install time (read from the watch cache), never against an entity
 * that merely names the install in its own annotations. An install with no recorded entity is
 * visible only to fleet readers.
 */
export class InstallAccess {
  constructor(
    private readonly options: {
      permissions: PermissionsService;
      catalog: CatalogService;
      status: StatusService;
    },
  ) {}

  /** 404 for an unknown cluster; the known clusters are listed only to callers who may list them. */
  async assertCluster(
    cluster: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    try {
      this.options.status.assertCluster(cluster, { revealKnown: false });
    } catch (error) {
      const revealKnown = await isAllowed(
        this.options.permissions,
        mcpKubernetesClustersReadPermission,
        credentials,
      );
      if (!revealKnown) throw error;
      this.options.status.assertCluster(cluster, { revealKnown });
    }
  }

  /** Authorizes `permission` on an install addressed by cluster, namespace and release. */
  async forInstall(
    permission: ResourcePermission<'catalog-entity'>,
    install: InstallRef,
    credentials: BackstageCredentials,
  ): Promise<InstallGrant> {
    const { permissions, catalog, status } = this.options;
    await this.assertCluster(install.cluster, credentials);
    const record = status.recordOf(install);
    if (record.recorded) {
      const { entityRef } = record.recorded;
      if (
        !(await isAllowedOnEntity(
          permissions,
          permission,
          entityRef,
          credentials,
        ))
      ) {
        // Not naming the entity: the caller may not know whose install this is.
        throw new NotAllowedError(
          `You are not allowed ${permission.name} on this install`,
        );
      }
      const environment = await environmentOfRecordedEntity(
        catalog,
        entityRef,
        install,
        credentials,
      );
      return { install, ...(environment ? { environment } : {}) };
    }
    await this.assertUnrecordedAllowed(permission, install, credentials, {
      exists: record.exists,
    });
    return { install };
  }

  /**
   * Authorizes `permission` on the install an entity's annotations name. The entity must BE the
   * install's recorded entity; one that only names it (a decoy, or a renamed entity) gets a 403
   * that does not say whose install it is.
   */
  async forEntity(
    permission: ResourcePermission<'catalog-entity'>,
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<InstallGrant> {
    const { permissions, catalog, status } = this.options;
    const entity = await installOfEntity(catalog, ref, credentials);
    // Annotation values are free text in catalog-info.yaml: same name rules as the routes.
    const install = parse(
      installRefSchema,
      entity.install,
      `mcp-kubernetes.io annotations of ${entity.entityRef}`,
    );
    await this.assertCluster(install.cluster, credentials);
    const record = status.recordOf(install);
    if (record.recorded) {
      if (!sameEntityRef(record.recorded.entityRef, entity.entityRef)) {
        throw new CodedNotAllowedError(
          `${entity.entityRef} is not the entity the mcp-kubernetes ${where(
            install,
          )} was deployed for, so its status is not shown here. If this entity owns it now (renamed or moved), ` +
            `set the ${MCP_KUBERNETES_RECORDED_ANNOTATIONS.entityRef} annotation on its Deployment to ${entity.entityRef}, or redeploy it with the portal's template.`,
          MCP_KUBERNETES_ERROR_CODES.entityNotRecorded,
        );
      }
    } else if (record.exists) {
      await this.assertUnrecordedAllowed(permission, install, credentials, {
        exists: true,
        suggestedRef: entity.entityRef,
      });
      return { install };
    }
    // Recorded for this entity, or nothing deployed yet: the entity's own permission decides.
    if (
      !(await isAllowedOnEntity(
        permissions,
        permission,
        entity.entityRef,
        credentials,
      ))
    ) {
      throw new NotAllowedError(
        `You are not allowed ${permission.name} on ${entity.entityRef}`,
      );
    }
    return {
      install,
      ...(entity.environment ? { environment: entity.environment } : {}),
    };
  }

  /** No recorded entity: fleet readers only; a write also needs the permission unconditionally. */
  private async assertUnrecordedAllowed(
    permission: ResourcePermission<'catalog-entity'>,
    install: InstallRef,
    credentials: BackstageCredentials,
    options: { exists: boolean; suggestedRef?: string },
  ): Promise<void> {
    const { permissions } = this.options;
    if (
      !(await isAllowed(
        permissions,
        mcpKubernetesFleetReadPermission,
        credentials,
      ))
    ) {
      if (!options.exists) {
        throw new NotFoundError(
          `No mcp-kubernetes ${where(install)} (or not visible to you)`,
        );
      }
      throw notRecorded(install, options.suggestedRef);
    }
    if (
      permission.name !== mcpKubernetesStatusReadPermission.name &&
      !(await isAllowedUnconditionally(permissions, permission, credentials))
    ) {
      throw new NotAllowedError(
        `You are not allowed ${permission.name} on an install without a recorded entity`,
      );
    }
  }
}
