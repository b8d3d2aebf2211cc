export * from './types';
export { DefaultHelmRunner } from './DefaultHelmRunner';
export type { DefaultHelmRunnerOptions } from './DefaultHelmRunner';
export { helmRunnerServiceRef } from './refs';
export {
  ReleaseBusyError,
  HelmCommandError,
  HelmUnavailableError,
  BUSY_STATES,
} from './errors';
export type { BusyReleaseState } from './errors';
export { spawnHelm } from './exec';
export type { HelmExec, HelmExecRequest, HelmExecResult } from './exec';
export { Redactor } from './redact';
export {
  readHelmConfig,
  loadChartDefaults,
  loadValuesSchema,
} from './helmConfig';
export type { HelmConfig } from './helmConfig';
export {
  pinnedHelmPath,
  pinnedHelmEnv,
  defaultChartPath,
  PINNED_HELM_VERSIONS,
} from './pinnedHelm';
export type { PinnedHelmMajor } from './pinnedHelm';
export { ValuesSchemaValidator } from './ValuesSchemaValidator';
export {
  readRecordedReleaseOwner,
  readDeploymentReadiness,
} from './releaseOwner';
export type { RecordedReleaseOwner, DeploymentReadiness } from './releaseOwner';
export {
  restartDeployment,
  otherHelmReleasesIn,
  deleteNamespace,
  RESTARTED_AT_ANNOTATION,
} from './workload';
