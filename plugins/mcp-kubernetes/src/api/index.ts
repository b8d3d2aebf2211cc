export { mcpKubernetesApiRef } from './McpKubernetesApi';
export type {
  McpKubernetesApi,
  PolicyPreviewInput,
  PolicyPreviewResult,
} from './McpKubernetesApi';
export { McpKubernetesClient } from './McpKubernetesClient';
