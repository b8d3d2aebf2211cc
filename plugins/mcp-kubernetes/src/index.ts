/**
 * Frontend plugin for mcp-kubernetes: the entity card, the fleet page and the API client.
 *
 * @packageDocumentation
 */
export { mcpKubernetesPlugin } from './plugin';
export { rootRouteRef } from './routes';
export * from './api';
