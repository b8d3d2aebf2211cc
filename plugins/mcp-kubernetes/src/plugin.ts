import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { JSX } from 'react';
import { mcpKubernetesApiRef, McpKubernetesClient } from './api';
import type { EntityMcpKubernetesCardProps } from './components/EntityMcpKubernetesCard';
import type { McpKubernetesFleetPageProps } from './components/FleetPage';
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

/**
 * Entity page card; put it behind `EntitySwitch.Case if={isMcpKubernetesAvailable}`.
 * @public
 */
export const EntityMcpKubernetesCard: (
  props: EntityMcpKubernetesCardProps,
) => JSX.Element | null = mcpKubernetesPlugin.provide(
  createComponentExtension({
    name: 'EntityMcpKubernetesCard',
    component: {
      lazy: () =>
        import('./components/EntityMcpKubernetesCard').then(
          m => m.EntityMcpKubernetesCard,
        ),
    },
  }),
);

/** The fleet page, mounted on a route of the app. @public */
export const McpKubernetesFleetPage: (
  props: McpKubernetesFleetPageProps,
) => JSX.Element | null = mcpKubernetesPlugin.provide(
  createRoutableExtension({
    name: 'McpKubernetesFleetPage',
    component: () =>
      import('./components/FleetPage').then(m => m.McpKubernetesFleetPage),
    mountPoint: rootRouteRef,
  }),
);
