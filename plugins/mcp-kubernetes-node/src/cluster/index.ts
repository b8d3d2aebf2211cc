export * from './types';
export {
  clusterRegistryServiceRef,
  clusterWatchCacheServiceRef,
  podProxyServiceRef,
} from './refs';
export { DefaultClusterRegistry } from './DefaultClusterRegistry';
export type { DefaultClusterRegistryOptions } from './DefaultClusterRegistry';
export { DefaultClusterWatchCache } from './DefaultClusterWatchCache';
export type { WatchCacheSettings } from './DefaultClusterWatchCache';
export type { ReflectorTimings } from './ResourceReflector';
export { DefaultPodProxy } from './DefaultPodProxy';
