export {
  McpKubernetesFleetPage,
  McpKubernetesFleetContent,
} from './McpKubernetesFleetPage';
export type { McpKubernetesFleetPageProps } from './McpKubernetesFleetPage';
export type { FleetFilters } from './fleetFilters';
