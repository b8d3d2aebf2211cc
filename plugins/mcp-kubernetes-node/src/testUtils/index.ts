/**
 * Test utilities: an in-process fake kube-apiserver and seed builders.
 *
 * @packageDocumentation
 */
export { startFakeKubeApiServer } from './FakeKubeApiServer';
export type { FakeKubeApiServerExtraOptions } from './FakeKubeApiServer';
export * from './types';
export {
  buildMcpInstall,
  crashLoopPod,
  failingExternalSecret,
  secretChangedDaysAgo,
} from './seeds';
export type { McpInstallSeed, McpInstallSeedOptions } from './seeds';
export {
  describeIfRealCluster,
  REAL_CLUSTER_KUBECONFIG_ENV,
} from './realCluster';
