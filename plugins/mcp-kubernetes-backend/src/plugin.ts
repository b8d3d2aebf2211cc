import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { mcpKubernetesPermissions } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import {
  clusterRegistryServiceRef,
  clusterWatchCacheServiceRef,
  helmRunnerServiceRef,
  podProxyServiceRef,
  policyEngineServiceRef,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { registerActions } from './actions/registerActions';
import { HealthProber } from './health/HealthProber';
import { scheduleOwnerNotifications } from './notifications/scheduleNotifier';
import { createHistoryRouter } from './history/historyRouter';
import { HistoryReads } from './history/HistoryReads';
import { OperationsJournal } from './history/OperationsJournal';
import { DatabaseProbeBudget } from './health/probeBudget';
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
        notifications: notificationService,
        helm: helmRunnerServiceRef,
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
        // Views probe within one rate for the whole portal, whichever replica serves them.
        const viewBudget = await DatabaseProbeBudget.create({
          database: deps.database,
          name: 'view-probes',
          rate: scale.viewRate,
          logger: logger.child({ task: 'health-prober' }),
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
          sweepBudget: scale.sweepBudget,
          viewBudget,
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
        // Owners hear of overdue keys and lasting failures once, from one replica.
        await scheduleOwnerNotifications({
          config,
          logger,
          scheduler,
          database: deps.database,
          notifications: deps.notifications,
          source: watchCache,
          status,
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
        const journal = await OperationsJournal.create({
          database: deps.database,
        });
        const historyRouter = createHistoryRouter({
          httpAuth: deps.httpAuth,
          auditor: deps.auditor,
          journal,
          isKnownCluster: name => deps.clusters.has(name),
          reads: new HistoryReads({
            auditor: deps.auditor,
            access,
            helm: deps.helm,
            clusters: deps.clusters,
            journal,
          }),
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
            historyRouter,
          }),
        );
        registerActions({ actionsRegistry: deps.actionsRegistry, reads });
      },
    });
  },
});
