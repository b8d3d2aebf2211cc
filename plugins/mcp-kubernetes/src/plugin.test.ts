import { mcpKubernetesApiRef, McpKubernetesClient } from './api';
import { mcpKubernetesPlugin } from './plugin';

describe('mcpKubernetesPlugin', () => {
  it('provides the API client built from discovery and fetch', () => {
    const factory = [...mcpKubernetesPlugin.getApis()].find(
      f => f.api.id === mcpKubernetesApiRef.id,
    );
    expect(factory).toBeDefined();
    const client = factory!.factory({
      discoveryApi: { getBaseUrl: async () => 'http://x' },
      fetchApi: { fetch: async () => new Response('{}') },
    });
    expect(client).toBeInstanceOf(McpKubernetesClient);
  });
});
