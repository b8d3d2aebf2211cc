import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { DefaultHelmRunner } from './DefaultHelmRunner';
import { readHelmConfig } from './helmConfig';
import { HelmRunner } from './types';

/**
 * The helm runner, shared by the backend plugin and the scaffolder module
 * (root scope). The helm version is checked at start-up so a missing or
 * too-old binary shows in the backend log right away, not at the first deploy.
 *
 * @public
 */
export const helmRunnerServiceRef = createServiceRef<HelmRunner>({
  id: 'mcp-kubernetes.helm-runner',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
        lifecycle: coreServices.rootLifecycle,
      },
      factory: ({ config, logger, lifecycle }) => {
        const helm = readHelmConfig(config);
        const log = logger.child({ service: service.id });
        const runner = DefaultHelmRunner.create({
          helmPath: helm.path,
          chartPath: helm.chartPath,
        });
        lifecycle.addStartupHook(async () => {
          try {
            const { version } = await runner.version();
            log.info(
              `Using helm ${version} at ${helm.path} with chart ${helm.chartPath}`,
            );
          } catch (e) {
            // Not fatal: status pages work without helm; deploys fail with this same message.
            log.error((e as Error).message);
          }
        });
        return runner;
      },
    }),
});
