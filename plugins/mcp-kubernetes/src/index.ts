/**
 * Frontend plugin for mcp-kubernetes: the entity card, the fleet page and the API client.
 *
 * @packageDocumentation
 */
export {
  mcpKubernetesPlugin,
  EntityMcpKubernetesCard,
  McpKubernetesFleetPage,
} from './plugin';
export type { EntityMcpKubernetesCardProps } from './components/EntityMcpKubernetesCard';
export type {
  McpKubernetesFleetPageProps,
  FleetFilters,
} from './components/FleetPage';
export { isMcpKubernetesAvailable } from './isMcpKubernetesAvailable';
export { rootRouteRef } from './routes';
export * from './api';
// Scaffolder field extensions of the deploy template (deploy engineer)
export {
  McpKubernetesClusterPickerFieldExtension,
  McpKubernetesPolicyPreviewFieldExtension,
} from './components/fields/extensions';
export { buildChartValues, SIZE_PRESETS } from './components/fields';
export type {
  DeployFormData,
  SizePreset,
  ClusterPickerUiOptions,
} from './components/fields';
