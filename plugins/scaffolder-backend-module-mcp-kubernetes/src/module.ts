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
import { createDeployAction } from './actions/deploy';
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
        auditor: coreServices.auditor,
        policyEngine: policyEngineServiceRef,
        helmRunner: helmRunnerServiceRef,
        clusterRegistry: clusterRegistryServiceRef,
      },
      async init({
        scaffolder,
        config,
        permissions,
        auditor,
        policyEngine,
        helmRunner,
        clusterRegistry,
      }) {
        const valuesSchema = await loadValuesSchema(helmRunner.chartPath());
        scaffolder.addActions(
          createDeployAction({
            policyEngine,
            helmRunner,
            clusterRegistry,
            permissions,
            auditor,
            valuesSchema,
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
