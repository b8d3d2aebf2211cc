export { mcpKubernetesApiRef } from './McpKubernetesApi';
export type { McpKubernetesApi, PolicyPreviewInput } from './McpKubernetesApi';
export { McpKubernetesClient } from './McpKubernetesClient';
