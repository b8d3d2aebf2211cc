import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/** Shown in the portal's action list; deploy.examples.test.ts runs each through the handler. */
export const examples: TemplateExample[] = [
  {
    description: 'Development install with the chart defaults',
    example: stringify({
      steps: [
        {
          id: 'deploy',
          action: 'mcp-kubernetes:deploy',
          name: 'Deploy mcp-kubernetes',
          input: {
            cluster: 'dev-cluster',
            namespace: 'mcp-team-a',
            releaseName: 'mcp-team-a',
            environment: 'development',
          },
        },
      ],
    }),
  },
  {
    description:
      'Production install with OAuth behind an HTTPS ingress (credentials from an existing Secret)',
    example: stringify({
      steps: [
        {
          id: 'deploy',
          action: 'mcp-kubernetes:deploy',
          name: 'Deploy mcp-kubernetes',
          input: {
            cluster: 'prod-eu-1',
            namespace: 'mcp-team-a',
            releaseName: 'mcp-team-a',
            environment: 'production',
            timeout: '10m',
            entityName: 'mcp-team-a',
            owner: 'group:default/team-a',
            values: {
              replicaCount: 2,
              image: { tag: 'v1.0.0' },
              resources: {
                requests: { cpu: '100m', memory: '128Mi' },
                limits: { cpu: '500m', memory: '512Mi' },
              },
              mcpKubernetes: {
                oauth: {
                  enabled: true,
                  baseURL: 'https://mcp-team-a.example.com',
                  existingSecret: 'mcp-team-a-oauth',
                },
              },
              ingress: {
                enabled: true,
                className: 'nginx',
                hosts: [
                  {
                    host: 'mcp-team-a.example.com',
                    paths: [{ path: '/', pathType: 'Prefix' }],
                  },
                ],
                tls: [
                  {
                    secretName: 'mcp-team-a-tls',
                    hosts: ['mcp-team-a.example.com'],
                  },
                ],
              },
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Install without waiting for readiness (no automatic rollback)',
    example: stringify({
      steps: [
        {
          id: 'deploy',
          action: 'mcp-kubernetes:deploy',
          name: 'Deploy mcp-kubernetes',
          input: {
            cluster: 'dev-cluster',
            namespace: 'mcp-sandbox',
            releaseName: 'mcp-sandbox',
            environment: 'development',
            wait: false,
            values: { replicaCount: 1 },
          },
        },
      ],
    }),
  },
];
