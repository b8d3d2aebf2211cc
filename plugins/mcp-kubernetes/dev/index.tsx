/**
 * `npm start` in this package: the card and the fleet page against fixture data,
 * no backend needed. Each card shows one state a real install can be in.
 */
import { Entity } from '@backstage/catalog-model';
import { Content, Header, Page } from '@backstage/core-components';
import {
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { createDevApp, EntityGridItem } from '@backstage/dev-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import Grid from '@material-ui/core/Grid';
import {
  buildChartValues,
  InstallStatus,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import {
  EntityMcpKubernetesCard,
  McpKubernetesApi,
  mcpKubernetesApiRef,
  McpKubernetesFleetPage,
  mcpKubernetesPlugin,
} from '../src';
import {
  failingStatus,
  healthyStatus,
  staleStatus,
} from '../src/__fixtures__/installStatus';
import { largeFleet } from '../src/__fixtures__/fleet';
import { sampleDiff, sampleHistory } from '../src/__fixtures__/releaseHistory';

/** Entity name → what the fake backend answers for it. */
const STATUSES: Record<string, () => Promise<InstallStatus>> = {
  'mcp-healthy': async () => healthyStatus(),
  'mcp-failing': async () => failingStatus(),
  'mcp-stale': async () => staleStatus(),
  'mcp-forbidden': async () => {
    throw await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'denied' },
          request: { method: 'GET', url: '/status' },
          response: { statusCode: 403 },
        }),
        { status: 403, headers: { 'Content-Type': 'application/json' } },
      ),
    );
  },
};

const fakeApi: McpKubernetesApi = {
  getStatusByEntity: async ref => STATUSES[ref.name](),
  getStatus: async () => healthyStatus(),
  getFleet: async () => largeFleet(1000),
  listClusters: async () => [{ name: 'prod-eu-1' }, { name: 'staging' }],
  previewPolicy: async input => {
    const values = buildChartValues(input.answers);
    return {
      environment: input.environment,
      allowed: true,
      violations: [],
      values,
      effectiveValues: values,
    };
  },
  forceSync: async () => undefined,
  getReleaseHistory: async () => sampleHistory(),
  getValuesDiff: async (_ref, from, to) => sampleDiff(from, to),
  getInstallAnswers: async () => ({
    revision: 3,
    answers: { size: 'small', oauthEnabled: false, ingressEnabled: false },
  }),
};

function entity(name: string, annotated = true): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations: annotated
        ? {
            'mcp-kubernetes.io/cluster': 'prod-eu-1',
            'mcp-kubernetes.io/namespace': 'payments',
            'mcp-kubernetes.io/release': 'payments-mcp',
          }
        : {},
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

function CardGallery() {
  const names = [...Object.keys(STATUSES), 'mcp-unannotated'];
  return (
    <Page themeId="service">
      <Header title="mcp-kubernetes card states (fixture data)" />
      <Content>
        <Grid container spacing={3}>
          {names.map(name => (
            // EntityGridItem provides the entity to the card and labels the cell with its name.
            <EntityGridItem
              key={name}
              entity={entity(name, name !== 'mcp-unannotated')}
              xs={12}
              lg={6}
            >
              <EntityMcpKubernetesCard refreshIntervalSeconds={0} />
            </EntityGridItem>
          ))}
        </Grid>
      </Content>
    </Page>
  );
}

/**
 * The fleet table links installs to their entities through the catalog's entity route;
 * there is no catalog in the dev app, so a stub page takes that route.
 */
const catalogStubPlugin = createPlugin({ id: 'catalog-stub' });
const EntityPageStub = catalogStubPlugin.provide(
  createRoutableExtension({
    name: 'EntityPageStub',
    mountPoint: entityRouteRef,
    component: async () => () => <Content>Entity page (catalog stub)</Content>,
  }),
);

createDevApp()
  .registerPlugin(mcpKubernetesPlugin, catalogStubPlugin)
  .registerApi({
    api: mcpKubernetesApiRef,
    deps: {},
    factory: () => fakeApi,
  })
  .addPage({
    element: <CardGallery />,
    title: 'Entity card',
    path: '/mcp-card',
  })
  .addPage({
    element: <McpKubernetesFleetPage refreshIntervalSeconds={0} />,
    title: 'Fleet (1,000 installs)',
    path: '/mcp-kubernetes',
  })
  .addPage({
    element: <EntityPageStub />,
    path: '/catalog/:namespace/:kind/:name',
  })
  .render();
