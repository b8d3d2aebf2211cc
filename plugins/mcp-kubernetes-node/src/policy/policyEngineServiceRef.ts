import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { loadChartDefaults, readHelmConfig } from '../helm/helmConfig';
import { DefaultPolicyEngine } from './DefaultPolicyEngine';
import { PolicyEngine } from './types';

/**
 * The company policy engine (root scope: the preview route and the deploy
 * action share one). A bad `mcpKubernetes.policy` fails the backend start
 * with the key named, rather than letting every deploy through.
 *
 * @public
 */
export const policyEngineServiceRef = createServiceRef<PolicyEngine>({
  id: 'mcp-kubernetes.policy-engine',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
      },
      factory: async ({ config, logger }) => {
        const { chartPath } = readHelmConfig(config);
        const chartDefaults = await loadChartDefaults(chartPath).catch(e => {
          // Without chart defaults, omitted values count as unset (stricter, never laxer).
          logger.warn(
            `Policy engine without chart defaults: ${(e as Error).message}`,
          );
          return {};
        });
        const engine = DefaultPolicyEngine.fromConfig(config, {
          chartDefaults,
        });
        logger.info(
          `Company policy environments: ${engine.environments().join(', ')}`,
        );
        return engine;
      },
    }),
});
