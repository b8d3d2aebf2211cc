import {
  createApiFactory,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { mcpKubernetesApiRef, McpKubernetesClient } from './api';
import { rootRouteRef } from './routes';

/** The mcp-kubernetes frontend plugin (legacy frontend system). @public */
export const mcpKubernetesPlugin = createPlugin({
  id: 'mcp-kubernetes',
  apis: [
    createApiFactory({
      api: mcpKubernetesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new McpKubernetesClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});
