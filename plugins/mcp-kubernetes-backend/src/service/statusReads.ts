import {
  AuditorService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ClusterInfo,
  FleetResponse,
  InstallRef,
  InstallStatus,
  mcpKubernetesClustersReadPermission,
  mcpKubernetesFleetReadPermission,
  mcpKubernetesStatusReadPermission,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { audited, Caller } from './audit';
import { installEntities } from './catalogLookup';
import { InstallAccess } from './installAccess';
import { assertAllowed } from './permissionChecks';
import { StatusService } from './StatusService';

/**
 * Every read of cluster state, authorized and audited in one place: the HTTP routes and the
 * MCP actions both call these, so they cannot drift apart.
 */
export class StatusReads {
  constructor(
    private readonly options: {
      auditor: AuditorService;
      permissions: PermissionsService;
      catalog: CatalogService;
      status: StatusService;
      access: InstallAccess;
    },
  ) {}

  /** The status of the install an entity names; the entity must be the install's recorded one. */
  byEntity(ref: CompoundEntityRef, caller: Caller): Promise<InstallStatus> {
    const { auditor, access, status } = this.options;
    return audited(
      auditor,
      {
        eventId: 'install-status-read',
        severityLevel: 'low',
        caller,
        meta: { queryType: 'by-entity', ...ref },
      },
      async () => {
        const grant = await access.forEntity(
          mcpKubernetesStatusReadPermission,
          ref,
          caller.credentials,
        );
        return status.viewStatus(grant.install, grant);
      },
    );
  }

  /** The status of an install by cluster, namespace and release. */
  byInstall(install: InstallRef, caller: Caller): Promise<InstallStatus> {
    const { auditor, access, status } = this.options;
    return audited(
      auditor,
      {
        eventId: 'install-status-read',
        severityLevel: 'low',
        caller,
        meta: { queryType: 'by-install', ...install },
      },
      async () => {
        const grant = await access.forInstall(
          mcpKubernetesStatusReadPermission,
          install,
          caller.credentials,
        );
        return status.viewStatus(grant.install, grant);
      },
    );
  }

  /** Every install across clusters, for fleet readers. */
  fleet(caller: Caller): Promise<FleetResponse> {
    const { auditor, permissions, catalog, status } = this.options;
    return audited(
      auditor,
      { eventId: 'fleet-read', severityLevel: 'low', caller, meta: {} },
      async () => {
        await assertAllowed(
          permissions,
          mcpKubernetesFleetReadPermission,
          caller.credentials,
        );
        return status.viewFleet(
          await installEntities(catalog, caller.credentials),
        );
      },
    );
  }

  /** The configured clusters (no credentials), optionally only those an environment allows. */
  clusters(
    caller: Caller,
    environment: string | undefined,
  ): Promise<ClusterInfo[]> {
    const { auditor, permissions, status } = this.options;
    return audited(
      auditor,
      {
        eventId: 'cluster-list-read',
        severityLevel: 'low',
        caller,
        meta: environment ? { environment } : {},
      },
      async () => {
        await assertAllowed(
          permissions,
          mcpKubernetesClustersReadPermission,
          caller.credentials,
        );
        return status.listClusters(environment);
      },
    );
  }
}
