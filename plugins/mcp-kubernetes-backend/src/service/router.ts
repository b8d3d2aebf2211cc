import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  InstallRef,
  mcpKubernetesForceSyncPermission,
  mcpKubernetesStatusReadPermission,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  entityOfInstall,
  InstallEntity,
  installEntities,
  installOfEntity,
} from './catalogLookup';
import { assertFleetReadAllowed, isAllowedOnInstall } from './permissionChecks';
import { StatusService } from './StatusService';

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  status: StatusService;
  forceSync(ref: InstallRef): Promise<{ requestedAt: string; name: string }>;
  /** The deploy engineer's `/policy/preview` router, mounted as is. */
  policyRouter?: express.Router;
}

// DNS-1123 names as Kubernetes accepts them; also keeps odd input out of logs and catalog filters.
const dnsLabel = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
    'must be a DNS-1123 label (lowercase letters, digits, -)',
  );
const dnsSubdomain = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a DNS-1123 subdomain');
const clusterName = z
  .string()
  .min(1)
  .max(253)
  .regex(
    /^[^\s/]+$/,
    'must be a configured cluster name (no spaces or slashes)',
  );

const installParams = z.object({
  cluster: clusterName,
  namespace: dnsLabel,
  release: dnsSubdomain,
});
const entityParams = z.object({
  namespace: z.string().min(1),
  kind: z.string().min(1),
  name: z.string().min(1),
});
const clustersQuery = z
  .object({ environment: z.string().min(1).max(63).optional() })
  .strict();

function parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    const detail = result.error.issues
      .map(i => `${i.path.join('.') || what}: ${i.message}`)
      .join('; ');
    throw new InputError(`Invalid ${what}: ${detail}`);
  }
  return result.data;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, auditor, catalog, status } = options;
  const router = Router();
  // No body parser here: none of these routes takes a body; the policy router parses its own.

  /** Checks a catalog-entity permission on the install's entity; installs without one need a plain ALLOW. */
  async function authorizeInstall(
    permission: ResourcePermission<'catalog-entity'>,
    install: InstallRef,
    credentials: BackstageCredentials,
    known?: InstallEntity,
  ): Promise<InstallEntity | undefined> {
    const entity =
      known ?? (await entityOfInstall(catalog, install, credentials));
    const allowed = await isAllowedOnInstall(
      permissions,
      permission,
      entity,
      credentials,
    );
    if (!allowed) {
      throw new NotAllowedError(
        `You are not allowed ${permission.name} on ${
          entity?.entityRef ?? 'this install'
        }`,
      );
    }
    return entity;
  }

  /** Audit a cluster read: low severity, but who looked at what is kept. */
  async function auditedRead<T>(
    req: Request,
    eventId: string,
    meta: Record<string, string>,
    fn: () => Promise<T>,
  ): Promise<T> {
    const event = await auditor.createEvent({
      eventId,
      severityLevel: 'low',
      request: req,
      meta,
    });
    try {
      const result = await fn();
      await event.success();
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  router.get('/clusters', async (req, res) => {
    await httpAuth.credentials(req);
    const { environment } = parse(clustersQuery, req.query, 'query');
    res.json({ items: status.listClusters(environment) });
  });

  router.get('/status/by-entity/:namespace/:kind/:name', async (req, res) => {
    const ref = parse(entityParams, req.params, 'entity reference');
    const credentials = await httpAuth.credentials(req);
    const body = await auditedRead(
      req,
      'install-status-read',
      { queryType: 'by-entity', ...ref },
      async () => {
        const entity = await installOfEntity(catalog, ref, credentials);
        await authorizeInstall(
          mcpKubernetesStatusReadPermission,
          entity.install,
          credentials,
          entity,
        );
        return status.getStatus(entity.install, entity);
      },
    );
    res.json(body);
  });

  router.get('/status/:cluster/:namespace/:release', async (req, res) => {
    const install = parse(installParams, req.params, 'install reference');
    const credentials = await httpAuth.credentials(req);
    const body = await auditedRead(
      req,
      'install-status-read',
      { queryType: 'by-install', ...install },
      async () => {
        // Unknown cluster first: a 404 naming it says more than a permission error would.
        status.assertCluster(install.cluster);
        const entity = await authorizeInstall(
          mcpKubernetesStatusReadPermission,
          install,
          credentials,
        );
        return status.getStatus(install, entity);
      },
    );
    res.json(body);
  });

  router.get('/fleet', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const body = await auditedRead(req, 'fleet-read', {}, async () => {
      await assertFleetReadAllowed(permissions, credentials);
      return status.getFleet(await installEntities(catalog, credentials));
    });
    res.json(body);
  });

  router.post(
    '/installs/:cluster/:namespace/:release/external-secret/force-sync',
    async (req, res) => {
      const install = parse(installParams, req.params, 'install reference');
      const credentials = await httpAuth.credentials(req);
      const event = await auditor.createEvent({
        eventId: 'external-secret-force-sync',
        severityLevel: 'medium',
        request: req,
        meta: { ...install },
      });
      try {
        status.assertCluster(install.cluster);
        await authorizeInstall(
          mcpKubernetesForceSyncPermission,
          install,
          credentials,
        );
        const { requestedAt, name } = await options.forceSync(install);
        await event.success({ meta: { externalSecret: name, requestedAt } });
        options.logger.info(
          `Forced a sync of ExternalSecret ${install.namespace}/${name} in cluster ${install.cluster}`,
        );
        res.status(202).json({ requestedAt });
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  );

  if (options.policyRouter) {
    router.use(options.policyRouter);
  }

  router.use((req, _res) => {
    throw new NotFoundError(
      `No route ${req.method} ${req.path} in mcp-kubernetes`,
    );
  });

  return router;
}
