/**
 * Scaffolder module with the `mcp-kubernetes:deploy` and
 * `mcp-kubernetes:catalog:write` actions.
 *
 * @packageDocumentation
 */
export { scaffolderModuleMcpKubernetes as default } from './module';
export { createDeployAction } from './actions/deploy';
export type { DeployActionOptions } from './actions/deploy';
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
