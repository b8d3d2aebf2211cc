import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { mcpKubernetesPermissions } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import {
  clusterRegistryServiceRef,
  clusterWatchCacheServiceRef,
  podProxyServiceRef,
  policyEngineServiceRef,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { registerActions } from './actions/registerActions';
import { HealthProber } from './health/HealthProber';
import { readScaleSettings } from './health/scaleConfig';
import { SharedHealthResults } from './health/sharedHealth';
import { recordFingerprints } from './rotation/recordFingerprints';
import { RotationHistoryStore } from './rotation/RotationHistoryStore';
import { readStatusBackendConfig } from './service/config';
import { ExternalSecretForceSyncer } from './service/ExternalSecretForceSyncer';
import { createLivePolicyCheck } from './service/livePolicy';
import { createPolicyRouter } from './service/policyRouter';
import { InstallAccess } from './service/installAccess';
import { createRouter } from './service/router';
import { StatusReads } from './service/statusReads';
import { StatusService } from './service/StatusService';

/**
 * The mcp-kubernetes backend plugin: status, fleet and cluster routes under /api/mcp-kubernetes,
 * the scheduled health prober and rotation recorder, and MCP read actions.
 *
 * @public
 */
export const mcpKubernetesPlugin = createBackendPlugin({
  pluginId: 'mcp-kubernetes',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        cache: coreServices.cache,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        clusters: clusterRegistryServiceRef,
        watchCache: clusterWatchCacheServiceRef,
        podProxy: podProxyServiceRef,
        policyEngine: policyEngineServiceRef,
      },
      async init(deps) {
        const { logger, config, scheduler, watchCache, policyEngine } = deps;
        const settings = readStatusBackendConfig(config);
        const scale = readScaleSettings(config, logger);
        deps.permissionsRegistry.addPermissions(mcpKubernetesPermissions);

        const history = await RotationHistoryStore.create({
          database: deps.database,
          config,
        });
        const prober = HealthProber.create({
          source: watchCache,
          proxy: deps.podProxy,
          logger: logger.child({ task: 'health-prober' }),
          concurrency: settings.health.concurrency,
          timeoutMs: settings.health.timeoutMs,
          maxBodyBytes: settings.health.maxBodyBytes,
          excerptChars: settings.health.excerptChars,
          freshnessMs: scale.freshnessMs,
          // Every replica reads the same cache: one replica's probe serves all.
          shared: new SharedHealthResults(
            deps.cache,
            scale.sharedTtlMs,
            logger.child({ task: 'health-prober' }),
          ),
        });
        const status = StatusService.create({
          source: watchCache,
          health: prober,
          history,
          limits: settings.keyRotation,
          policyCheck: createLivePolicyCheck(policyEngine),
          environmentsOfCluster: cluster =>
            policyEngine
              .environments()
              .filter(name => policyEngine.isClusterAllowed(name, cluster)),
        });

        // The cache list+watches in the background; page views only read it.
        await watchCache.start();

        // Singleton work runs on one replica at a time (the scheduler locks through the
        // database); views probe on demand, so the sweep can be slow.
        await scheduler.scheduleTask({
          id: 'mcp-kubernetes-health-probe',
          ...scale.sweep,
          scope: 'global',
          fn: async () => {
            await prober.runOnce();
          },
        });
        await scheduler.scheduleTask({
          id: 'mcp-kubernetes-rotation-record',
          ...scale.record,
          scope: 'global',
          fn: async () => {
            await recordFingerprints({
              source: watchCache,
              store: history,
              logger,
            });
          },
        });
        // Every replica reloads what the recorder (on whichever replica) wrote.
        await scheduler.scheduleTask({
          id: 'mcp-kubernetes-rotation-reload',
          ...scale.record,
          scope: 'local',
          fn: async () => {
            await history.reload();
          },
        });

        const forceSyncer = ExternalSecretForceSyncer.create({
          registry: deps.clusters,
          source: watchCache,
        });
        // One authorization and audit path for the routes and the MCP actions.
        const access = new InstallAccess({
          permissions: deps.permissions,
          catalog: deps.catalog,
          status,
        });
        const reads = new StatusReads({
          auditor: deps.auditor,
          permissions: deps.permissions,
          catalog: deps.catalog,
          status,
          access,
        });
        deps.httpRouter.use(
          await createRouter({
            logger,
            httpAuth: deps.httpAuth,
            auditor: deps.auditor,
            reads,
            access,
            forceSync: ref => forceSyncer.forceSync(ref),
            policyRouter: createPolicyRouter({
              policyEngine,
              httpAuth: deps.httpAuth,
              permissions: deps.permissions,
              logger,
            }),
          }),
        );
        registerActions({ actionsRegistry: deps.actionsRegistry, reads });
      },
    });
  },
});
