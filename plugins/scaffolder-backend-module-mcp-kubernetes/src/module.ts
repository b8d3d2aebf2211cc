import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  clusterRegistryServiceRef,
  helmRunnerServiceRef,
  loadChartDefaults,
  loadValuesSchema,
  policyEngineServiceRef,
  readHelmConfig,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { createDeployAction, createUpgradeAction } from './actions/deploy';
import {
  createRestartAction,
  createRollbackAction,
  createUninstallAction,
} from './actions/day2';
import { OperationsJournalClient } from './journal/OperationsJournalClient';
import { DatabaseReleaseLocks } from './lock/releaseLock';
import {
  deployTargetResourceRef,
  deployTargetRules,
} from './permissions/deployTarget';
import {
  createCatalogWriteAction,
  LOCAL_CATALOG_DIR_KEY,
} from './actions/catalogWrite';

/**
 * Registers `mcp-kubernetes:deploy`, `mcp-kubernetes:catalog:write` and the
 * day-2 actions (`upgrade`, `rollback`, `restart`, `uninstall`) with the
 * scaffolder.
 *
 * @public
 */
export const scaffolderModuleMcpKubernetes = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'mcp-kubernetes',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        userInfo: coreServices.userInfo,
        database: coreServices.database,
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        policyEngine: policyEngineServiceRef,
        helmRunner: helmRunnerServiceRef,
        clusterRegistry: clusterRegistryServiceRef,
      },
      async init({
        scaffolder,
        config,
        permissions,
        permissionsRegistry,
        userInfo,
        database,
        auditor,
        auth,
        discovery,
        policyEngine,
        helmRunner,
        clusterRegistry,
      }) {
        const valuesSchema = await loadValuesSchema(helmRunner.chartPath());
        const chartDefaults = await loadChartDefaults(helmRunner.chartPath());
        // The deploy target is a resource of the scaffolder plugin: policies
        // answer mcp-kubernetes.deploy with conditions on its rules.
        permissionsRegistry.addResourceType({
          resourceRef: deployTargetResourceRef,
          rules: Object.values(deployTargetRules),
        });
        const locks = await DatabaseReleaseLocks.create({ database });
        const isAllowed = createConditionAuthorizer(
          permissionsRegistry.getPermissionRuleset(deployTargetResourceRef),
        );
        const defaultTimeoutSeconds = readHelmConfig(config).timeoutSeconds;
        const localCatalogDir = config.getOptionalString(LOCAL_CATALOG_DIR_KEY);
        // Who ran what, for the release history (best effort, through the backend plugin).
        const journal = OperationsJournalClient.create({ auth, discovery });
        const chartOptions = {
          policyEngine,
          helmRunner,
          clusterRegistry,
          permissions,
          userInfo,
          auditor,
          valuesSchema,
          chartDefaults,
          locks,
          isDeployTargetAllowed: isAllowed,
          defaultTimeoutSeconds,
          journal,
        };
        // Day-2 actions share the deploy's locks: one helm operation per release.
        const day2 = {
          helmRunner,
          clusterRegistry,
          userInfo,
          permissions,
          auditor,
          locks,
          defaultTimeoutSeconds,
          journal,
        };
        scaffolder.addActions(
          createDeployAction(chartOptions),
          createCatalogWriteAction({ localCatalogDir, permissions }),
          createUpgradeAction(chartOptions),
          createRollbackAction({
            ...day2,
            policyEngine,
            isDeployTargetAllowed: isAllowed,
          }),
          createRestartAction(day2),
          createUninstallAction({ ...day2, localCatalogDir }),
        );
      },
    });
  },
});
