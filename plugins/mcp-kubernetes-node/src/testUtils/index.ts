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
export { readRecording } from './recordedSeed';
export { makeFakeTls } from './selfSignedTls';
export type { FakeTlsMaterial } from './selfSignedTls';
export { REAL_CLUSTER_REQUIRED_ENV } from './realCluster';
export { playControllers } from './playControllers';
export type {
  PlayControllersOptions,
  PlayedControllers,
} from './playControllers';
export {
  createLeastPrivilegeKubeconfig,
  documentedClusterRole,
} from './leastPrivilege';
export type { LeastPrivilegeKubeconfig } from './leastPrivilege';
export { podNetworkUnavailableReason, startPodNetwork } from './podNetwork';
export type {
  PodAnswer,
  PodNetwork,
  PodNetworkOptions,
  PodRequest,
} from './podNetwork';
export { startRecordingApiProxy } from './recordingApiProxy';
export type { RecordingApiProxy } from './recordingApiProxy';
export { ensureSharedCrd } from './crds';
export { deleteTestNamespace } from './deleteTestNamespace';
export type { FakeControllerOptions } from './fakeControllers';
export { eventually } from './eventually';
