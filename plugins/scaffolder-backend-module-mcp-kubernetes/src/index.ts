/**
 * Scaffolder module with the `mcp-kubernetes:deploy` action.
 *
 * @packageDocumentation
 */
export { scaffolderModuleMcpKubernetes as default } from './module';
export { createDeployAction } from './actions/deploy';
export type { DeployActionOptions } from './actions/deploy';
