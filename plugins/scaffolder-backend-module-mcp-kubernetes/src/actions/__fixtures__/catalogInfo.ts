import { stringify } from 'yaml';

/**
 * What templates/deploy-mcp-kubernetes/skeleton/catalog-info.yaml renders to
 * (template.test.ts pins the skeleton's annotations), with overrides.
 */
export function renderedCatalogInfo(
  overrides: {
    name?: unknown;
    namespace?: unknown;
    kind?: unknown;
    cluster?: string;
    annotations?: Record<string, unknown>;
    spec?: Record<string, unknown>;
  } = {},
): string {
  const name = 'name' in overrides ? overrides.name : 'mcp-team-a';
  return stringify({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'kind' in overrides ? overrides.kind : 'Component',
    metadata: {
      name,
      ...(overrides.namespace !== undefined
        ? { namespace: overrides.namespace }
        : {}),
      description: 'mcp-kubernetes MCP server',
      annotations: overrides.annotations ?? {
        'mcp-kubernetes.io/cluster': overrides.cluster ?? 'dev-cluster',
        'mcp-kubernetes.io/namespace': 'mcp-team-a',
        'mcp-kubernetes.io/release': name,
        'mcp-kubernetes.io/environment': 'development',
        'backstage.io/kubernetes-id': name,
        'backstage.io/kubernetes-namespace': 'mcp-team-a',
      },
      tags: ['mcp', 'kubernetes'],
    },
    spec: overrides.spec ?? {
      type: 'service',
      lifecycle: 'experimental',
      owner: 'group:default/team-a',
    },
  });
}
