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

/**
 * Registers `mcp-kubernetes:deploy` with the scaffolder.
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
        );
      },
    });
  },
});
