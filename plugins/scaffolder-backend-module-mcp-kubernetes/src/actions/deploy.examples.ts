import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/** Shown in the portal's action list; deploy.examples.test.ts runs each through the handler. */

const step = (input: Record<string, unknown>) =>
  stringify({
    steps: [
      {
        id: 'deploy',
        action: 'mcp-kubernetes:deploy',
        name: 'Deploy mcp-kubernetes',
        input,
      },
    ],
  });

export const examples: TemplateExample[] = [
  {
    description:
      'Development install from the typed answers (small size, read-only access)',
    example: step({
      cluster: 'dev-cluster',
      namespace: 'mcp-team-a',
      releaseName: 'mcp-team-a',
      environment: 'development',
      owner: 'group:default/team-a',
      imageTag: 'v0.1.0',
    }),
  },
  {
    description:
      'Production install with OAuth behind an HTTPS ingress (credentials from an existing Secret)',
    example: step({
      cluster: 'prod-eu-1',
      namespace: 'mcp-team-a',
      releaseName: 'mcp-team-a',
      environment: 'production',
      entityName: 'mcp-team-a',
      owner: 'group:default/team-a',
      size: 'medium',
      imageTag: 'v1.0.0',
      oauthEnabled: true,
      baseURL: 'https://mcp-team-a.example.com',
      existingSecret: 'mcp-team-a-oauth',
      ingressEnabled: true,
      ingressHost: 'mcp-team-a.example.com',
      ingressClassName: 'nginx',
      tlsSecretName: 'mcp-team-a-tls',
      timeout: '10m',
    }),
  },
  {
    description:
      'Production install whose OAuth credentials an ExternalSecret copies from a ClusterSecretStore',
    example: step({
      cluster: 'prod-eu-1',
      namespace: 'mcp-team-b',
      releaseName: 'mcp-team-b',
      environment: 'production',
      owner: 'group:default/team-b',
      imageTag: 'v1.0.0',
      oauthEnabled: true,
      baseURL: 'https://mcp-team-b.example.com',
      externalSecretEnabled: true,
      secretStoreName: 'vault',
      secretStoreKind: 'ClusterSecretStore',
      ingressEnabled: true,
      ingressHost: 'mcp-team-b.example.com',
      tlsSecretName: 'mcp-team-b-tls',
    }),
  },
  {
    description:
      'Platform template: extra free-form chart values (needs the permission mcp-kubernetes.deploy.values; the typed answers win where both set a key)',
    example: step({
      cluster: 'dev-cluster',
      namespace: 'mcp-sandbox',
      releaseName: 'mcp-sandbox',
      environment: 'development',
      owner: 'group:default/platform-team',
      wait: false,
      values: { podLabels: { 'cost-center': 'platform' } },
    }),
  },
];
