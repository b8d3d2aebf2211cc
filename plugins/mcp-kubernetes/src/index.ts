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
