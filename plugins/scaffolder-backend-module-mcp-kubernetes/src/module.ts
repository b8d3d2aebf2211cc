import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  clusterRegistryServiceRef,
  helmRunnerServiceRef,
  loadValuesSchema,
  policyEngineServiceRef,
  readHelmConfig,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { createDeployAction } from './actions/deploy';
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
 * Registers `mcp-kubernetes:deploy` and `mcp-kubernetes:catalog:write` with
 * the scaffolder.
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
        policyEngine,
        helmRunner,
        clusterRegistry,
      }) {
        const valuesSchema = await loadValuesSchema(helmRunner.chartPath());
        // The deploy target is a resource of the scaffolder plugin: policies
        // answer mcp-kubernetes.deploy with conditions on its rules.
        permissionsRegistry.addResourceType({
          resourceRef: deployTargetResourceRef,
          rules: Object.values(deployTargetRules),
        });
        const locks = await DatabaseReleaseLocks.create({ database });
        scaffolder.addActions(
          createDeployAction({
            policyEngine,
            helmRunner,
            clusterRegistry,
            permissions,
            userInfo,
            auditor,
            valuesSchema,
            locks,
            isDeployTargetAllowed: createConditionAuthorizer(
              permissionsRegistry.getPermissionRuleset(deployTargetResourceRef),
            ),
            defaultTimeoutSeconds: readHelmConfig(config).timeoutSeconds,
          }),
          createCatalogWriteAction({
            localCatalogDir: config.getOptionalString(LOCAL_CATALOG_DIR_KEY),
            permissions,
          }),
        );
      },
    });
  },
});
