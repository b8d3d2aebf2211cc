/**
 * The mcp-kubernetes plugin for Backstage's new frontend system.
 *
 * @packageDocumentation
 */
import {
  ApiBlueprint,
  createApiFactory,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { Content } from '@backstage/core-components';
import CloudQueueIcon from '@material-ui/icons/CloudQueue';
import { mcpKubernetesApiRef, McpKubernetesClient } from './api';
import { isMcpKubernetesAvailable } from './isMcpKubernetesAvailable';
import { rootRouteRef } from './routes';
import { mcpKubernetesFormFields } from './components/fields/formFields';

/** @alpha */
export const mcpKubernetesApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams(
      createApiFactory({
        api: mcpKubernetesApiRef,
        deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
        factory: ({ discoveryApi, fetchApi }) =>
          new McpKubernetesClient({ discoveryApi, fetchApi }),
      }),
    ),
});

/** The entity card, shown only on entities with the `mcp-kubernetes.io/*` annotations. @alpha */
export const mcpKubernetesEntityCard = EntityCardBlueprint.make({
  name: 'status',
  params: {
    filter: isMcpKubernetesAvailable,
    loader: () =>
      import('./components/EntityMcpKubernetesCard').then(m => (
        <m.EntityMcpKubernetesCard />
      )),
  },
});

/** The fleet page; its title and icon also give it a sidebar nav item. @alpha */
export const mcpKubernetesFleetPage = PageBlueprint.make({
  params: {
    path: '/mcp-kubernetes',
    title: 'MCP fleet',
    icon: <CloudQueueIcon />,
    routeRef: rootRouteRef,
    // The app's page shell draws the header; render only the content.
    loader: () =>
      import('./components/FleetPage').then(m => (
        <Content>
          <m.McpKubernetesFleetContent />
        </Content>
      )),
  },
});

/** @alpha */
export default createFrontendPlugin({
  pluginId: 'mcp-kubernetes',
  title: 'MCP fleet',
  icon: <CloudQueueIcon />,
  routes: { root: rootRouteRef },
  extensions: [
    mcpKubernetesApi,
    mcpKubernetesEntityCard,
    mcpKubernetesFleetPage,
    ...mcpKubernetesFormFields,
  ],
});

/**
 * Scaffolder form fields of the deploy template (McpKubernetesClusterPicker,
 * McpKubernetesPolicyPreview) as `FormFieldBlueprint` extensions.
 *
 * @alpha
 */
export { mcpKubernetesFormFields };
