import {
  AuditorService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  InstallRef,
  mcpKubernetesForceSyncPermission,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import express from 'express';
import Router from 'express-promise-router';
import { audited } from './audit';
import { InstallAccess } from './installAccess';
import {
  clustersQuerySchema,
  entityRefSchema,
  installRefSchema,
  parse,
} from './requestSchemas';
import { StatusReads } from './statusReads';

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  /** Authorized, audited reads (shared with the MCP actions). */
  reads: StatusReads;
  /** Who may act on an install (shared with the reads). */
  access: InstallAccess;
  forceSync(ref: InstallRef): Promise<{ requestedAt: string; name: string }>;
  /** The `/policy/preview` router, mounted as is. */
  policyRouter?: express.Router;
  /** The release history, values diff and `POST /operations` router, mounted as is. */
  historyRouter?: express.Router;
}

/** HTTP routes: parse, identify the caller, hand over to the shared reads; the one write inline. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, reads } = options;
  const router = Router();
  // No body parser here: none of these routes takes a body; the policy router and the history
  // router's `POST /operations` parse their own.

  router.get('/clusters', async (req, res) => {
    const { environment } = parse(clustersQuerySchema, req.query, 'query');
    const credentials = await httpAuth.credentials(req);
    const items = await reads.clusters(
      { credentials, request: req },
      environment,
    );
    res.json({ items });
  });

  router.get('/status/by-entity/:namespace/:kind/:name', async (req, res) => {
    const ref = parse(entityRefSchema, req.params, 'entity reference');
    const credentials = await httpAuth.credentials(req);
    res.json(await reads.byEntity(ref, { credentials, request: req }));
  });

  router.get('/status/:cluster/:namespace/:release', async (req, res) => {
    const install = parse(installRefSchema, req.params, 'install reference');
    const credentials = await httpAuth.credentials(req);
    res.json(await reads.byInstall(install, { credentials, request: req }));
  });

  router.get('/fleet', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    res.json(await reads.fleet({ credentials, request: req }));
  });

  router.post(
    '/installs/:cluster/:namespace/:release/external-secret/force-sync',
    async (req, res) => {
      const install = parse(installRefSchema, req.params, 'install reference');
      const credentials = await httpAuth.credentials(req);
      const { requestedAt, name } = await audited(
        options.auditor,
        {
          eventId: 'external-secret-force-sync',
          severityLevel: 'medium',
          caller: { credentials, request: req },
          meta: { ...install },
        },
        async () => {
          await options.access.forInstall(
            mcpKubernetesForceSyncPermission,
            install,
            credentials,
          );
          return options.forceSync(install);
        },
        result => ({
          externalSecret: result.name,
          requestedAt: result.requestedAt,
        }),
      );
      options.logger.info(
        `Forced a sync of ExternalSecret ${install.namespace}/${name} in cluster ${install.cluster}`,
      );
      res.status(202).json({ requestedAt });
    },
  );

  if (options.policyRouter) {
    router.use(options.policyRouter);
  }
  if (options.historyRouter) {
    router.use(options.historyRouter);
  }

  router.use((req, _res) => {
    throw new NotFoundError(
      `No route ${req.method} ${req.path} in mcp-kubernetes`,
    );
  });

  return router;
}
