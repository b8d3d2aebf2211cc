import {
  coreServices,
  createServiceFactory,
  LoggerService,
  PermissionsService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import {
  mockServices,
  ServiceMock,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { FakeKubeApiServer } from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import request from 'supertest';
import { mcpKubernetesPlugin } from '../plugin';

/** `mockServices.logger.mock()` that also keeps every line, with its metadata, so tests can search it for secrets. */
export type CapturingLogger = ServiceMock<LoggerService> & { lines: string[] };

/** A logger mock whose children write into the same `lines` as their parent. */
export function capturingLogger(
  lines: string[] = [],
  labels: JsonObject = {},
): CapturingLogger {
  const write =
    (level: string) => (message: string, meta?: Error | JsonObject) => {
      const extra =
        meta instanceof Error
          ? { error: `${meta.name}: ${meta.message}` }
          : meta;
      lines.push(
        `${level} ${message} ${JSON.stringify({ ...labels, ...extra })}`,
      );
    };
  const logger = mockServices.logger.mock({
    error: write('error'),
    warn: write('warn'),
    info: write('info'),
    debug: write('debug'),
    child: (meta: JsonObject) => capturingLogger(lines, { ...labels, ...meta }),
  });
  return Object.assign(logger, { lines });
}

export function clusterConfig(
  servers: Record<string, FakeKubeApiServer>,
  extra: JsonObject = {},
): JsonObject {
  return {
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: Object.entries(servers).map(([name, s]) => ({
            name,
            url: s.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: s.token,
            skipTLSVerify: true,
          })),
        },
      ],
    },
    mcpKubernetes: {
      health: { intervalSeconds: 1, timeoutMs: 400 },
      keyRotation: { recordIntervalSeconds: 1 },
      ...extra,
    },
  };
}

/** Starts the real plugin (real cluster services from -node) against fake API servers. */
export async function startPluginBackend(options: {
  servers: Record<string, FakeKubeApiServer>;
  entities?: Entity[];
  permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  /** A policy of its own (e.g. `ownershipPermissions`); wins over `permission`. */
  permissions?: PermissionsService;
  config?: JsonObject;
  logger?: CapturingLogger;
}) {
  const logger = options.logger ?? capturingLogger();
  // The mock scheduler runs every task once at start-up; tests trigger later runs themselves.
  const scheduler = mockServices.scheduler() as unknown as {
    factory(): ServiceFactory;
    triggerTask(id: string): Promise<void>;
  };
  const actions = actionsRegistryServiceMock();
  const backend = await startTestBackend({
    features: [
      mcpKubernetesPlugin,
      scheduler.factory(),
      mockServices.rootConfig.factory({
        data: clusterConfig(options.servers, options.config),
      }),
      catalogServiceMock.factory({ entities: options.entities ?? [] }),
      options.permissions
        ? createServiceFactory({
            service: coreServices.permissions,
            deps: {},
            factory: () => options.permissions!,
          })
        : mockServices.permissions.factory({
            result: options.permission ?? AuthorizeResult.ALLOW,
          }),
      // The plugin's MCP actions, invocable by tests as `test:<name>`.
      createServiceFactory({
        service: actionsRegistryServiceRef,
        deps: {},
        factory: () => actions,
      }),
      logger.factory,
    ],
  });
  const get = (path: string) =>
    request(backend.server).get(`/api/mcp-kubernetes${path}`);
  const post = (path: string) =>
    request(backend.server).post(`/api/mcp-kubernetes${path}`);
  const trigger = (
    task: 'mcp-kubernetes-health-probe' | 'mcp-kubernetes-rotation-record',
  ) => scheduler.triggerTask(task);
  return { backend, logger, get, post, trigger, actions };
}

/** Polls until a check passes (the cache and prober work asynchronously). */
export { eventually } from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
