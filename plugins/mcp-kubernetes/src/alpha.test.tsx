import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import { mcpKubernetesApiRef } from './api';
import plugin, { mcpKubernetesEntityCard } from './alpha';
import { smallFleet } from './__fixtures__/fleet';

jest.setTimeout(20_000);

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'x', annotations },
});

describe('alpha plugin', () => {
  it('declares the api, entity card and page extensions', () => {
    expect(plugin.pluginId).toBe('mcp-kubernetes');
    expect(plugin.getExtension('api:mcp-kubernetes')).toBeDefined();
    expect(
      plugin.getExtension('entity-card:mcp-kubernetes/status'),
    ).toBeDefined();
    expect(plugin.getExtension('page:mcp-kubernetes')).toBeDefined();
  });

  it('provides the deploy template form fields to the scaffolder', () => {
    expect(
      plugin.getExtension(
        'scaffolder-form-field:mcp-kubernetes/cluster-picker',
      ),
    ).toBeDefined();
    expect(
      plugin.getExtension(
        'scaffolder-form-field:mcp-kubernetes/policy-preview',
      ),
    ).toBeDefined();
  });

  it('shows the card only on entities with all three annotations', () => {
    const filter = createExtensionTester(mcpKubernetesEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(
      filter(
        entity({
          'mcp-kubernetes.io/cluster': 'c',
          'mcp-kubernetes.io/namespace': 'n',
          'mcp-kubernetes.io/release': 'r',
        }),
      ),
    ).toBe(true);
    expect(filter(entity({ 'mcp-kubernetes.io/release': 'r' }))).toBe(false);
    expect(filter(entity({}))).toBe(false);
  });

  it('serves the fleet page at /mcp-kubernetes', async () => {
    renderTestApp({
      features: [plugin],
      apis: [[mcpKubernetesApiRef, { getFleet: async () => smallFleet() }]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      initialRouteEntries: ['/mcp-kubernetes'],
    });
    expect(await screen.findByText('Installs (5 of 5)')).toBeInTheDocument();
    expect(screen.getAllByText('MCP fleet').length).toBeGreaterThan(0);
  });
});
