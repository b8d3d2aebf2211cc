import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { DefaultClusterRegistry } from './DefaultClusterRegistry';
import { DefaultClusterWatchCache } from './DefaultClusterWatchCache';
import { DefaultPodProxy } from './DefaultPodProxy';
import type { ClusterRegistry, ClusterWatchCache, PodProxy } from './types';

// Root scope: the backend plugin and the scaffolder module share one registry, one cache
// (one set of watches per cluster) and one proxy per backend process.

/** @public */
export const clusterRegistryServiceRef = createServiceRef<ClusterRegistry>({
  id: 'mcp-kubernetes.cluster-registry',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
      },
      factory: ({ config, logger }) =>
        DefaultClusterRegistry.fromConfig({
          config,
          logger: logger.child({ service: service.id }),
        }),
    }),
});

/**
 * The watch-fed cache. Its factory does not start watching: call `start()` (idempotent) from
 * the plugin that needs the data; it stops on backend shutdown.
 *
 * @public
 */
export const clusterWatchCacheServiceRef = createServiceRef<ClusterWatchCache>({
  id: 'mcp-kubernetes.watch-cache',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
        lifecycle: coreServices.rootLifecycle,
        registry: clusterRegistryServiceRef,
      },
      factory: ({ config, logger, lifecycle, registry }) => {
        const cache = DefaultClusterWatchCache.create({
          config,
          registry,
          logger: logger.child({ service: service.id }),
        });
        lifecycle.addShutdownHook(() => cache.stop());
        return cache;
      },
    }),
});

/** @public */
export const podProxyServiceRef = createServiceRef<PodProxy>({
  id: 'mcp-kubernetes.pod-proxy',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { registry: clusterRegistryServiceRef },
      factory: ({ registry }) => DefaultPodProxy.create({ registry }),
    }),
});
