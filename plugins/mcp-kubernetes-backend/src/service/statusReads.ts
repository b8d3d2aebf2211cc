import {
  AuditorService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { BasicPermission } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
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
import { InstallAccess, InstallGrant } from './installAccess';
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
    return this.statusRead(caller, { queryType: 'by-entity', ...ref }, () =>
      this.options.access.forEntity(
        mcpKubernetesStatusReadPermission,
        ref,
        caller.credentials,
      ),
    );
  }

  /** The status of an install by cluster, namespace and release. */
  byInstall(install: InstallRef, caller: Caller): Promise<InstallStatus> {
    return this.statusRead(
      caller,
      { queryType: 'by-install', ...install },
      () =>
        this.options.access.forInstall(
          mcpKubernetesStatusReadPermission,
          install,
          caller.credentials,
        ),
    );
  }

  /** Every install across clusters, for fleet readers. */
  fleet(caller: Caller): Promise<FleetResponse> {
    const { catalog, status } = this.options;
    return this.permittedRead(
      'fleet-read',
      mcpKubernetesFleetReadPermission,
      caller,
      {},
      async () =>
        status.viewFleet(await installEntities(catalog, caller.credentials)),
    );
  }

  /** The configured clusters (no credentials), optionally only those an environment allows. */
  clusters(
    caller: Caller,
    environment: string | undefined,
  ): Promise<ClusterInfo[]> {
    return this.permittedRead(
      'cluster-list-read',
      mcpKubernetesClustersReadPermission,
      caller,
      environment ? { environment } : {},
      () => this.options.status.listClusters(environment),
    );
  }

  /** One audited status read; `authorize` finds the install and checks the caller may read it. */
  private statusRead(
    caller: Caller,
    meta: JsonObject,
    authorize: () => Promise<InstallGrant>,
  ): Promise<InstallStatus> {
    return audited(
      this.options.auditor,
      { eventId: 'install-status-read', severityLevel: 'low', caller, meta },
      async () => {
        const grant = await authorize();
        return this.options.status.viewStatus(grant.install, grant);
      },
    );
  }

  /** One audited read gated by a plain (not per-install) permission. */
  private permittedRead<T>(
    eventId: string,
    permission: BasicPermission,
    caller: Caller,
    meta: JsonObject,
    read: () => T | Promise<T>,
  ): Promise<T> {
    const { auditor, permissions } = this.options;
    return audited(
      auditor,
      { eventId, severityLevel: 'low', caller, meta },
      async () => {
        await assertAllowed(permissions, permission, caller.credentials);
        return read();
      },
    );
  }
}
