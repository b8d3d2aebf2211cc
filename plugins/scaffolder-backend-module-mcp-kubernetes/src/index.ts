/**
 * Scaffolder module with the `mcp-kubernetes:deploy`,
 * `mcp-kubernetes:catalog:write` and day-2 (`upgrade`, `rollback`,
 * `restart`, `uninstall`) actions.
 *
 * @packageDocumentation
 */
export { scaffolderModuleMcpKubernetes as default } from './module';
export { createDeployAction, createUpgradeAction } from './actions/deploy';
export {
  createRestartAction,
  createRollbackAction,
  createUninstallAction,
} from './actions/day2';
export type { Day2ActionOptions } from './actions/day2';
export type { DeployActionOptions } from './actions/deploy';
export type { DeployTargetAuthorizer } from './actions/steps/access';
export type { InstallDeps } from './actions/steps/install';
export { createCatalogWriteAction } from './actions/catalogWrite';
export type { CatalogWriteActionOptions } from './actions/catalogWrite';
export {
  deployTargetResourceRef,
  deployTargetRules,
  deployTargetConditions,
  createDeployTargetConditionalDecision,
} from './permissions/deployTarget';
export type { TargetRuleParams } from './permissions/deployTarget';
export type { ReleaseLocks, ReleaseLockRef } from './lock/releaseLock';
export { OperationsJournalClient } from './journal/OperationsJournalClient';
export type { OperationsJournalWriter } from './journal/OperationsJournalClient';
