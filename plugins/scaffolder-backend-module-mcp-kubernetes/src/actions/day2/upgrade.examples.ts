import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

const step = (input: Record<string, unknown>) =>
  stringify({
    steps: [
      {
        id: 'upgrade',
        action: 'mcp-kubernetes:upgrade',
        name: 'Upgrade mcp-kubernetes',
        input,
      },
    ],
  });

/**
 * Shown in the portal's action list; day2.examples.test.ts runs each through
 * the handler. An upgrade takes the deploy's answers; one left out keeps what
 * the release is installed with, so an example names only what changes.
 */
export const examples: TemplateExample[] = [
  {
    description: 'Move a development install to a new server version',
    example: step({
      cluster: 'dev-cluster',
      namespace: 'mcp-team-a',
      releaseName: 'mcp-team-a',
      environment: 'development',
      owner: 'group:default/team-a',
      size: 'small',
      imageTag: 'v0.2.0',
    }),
  },
  {
    description: 'Give a production install the large size',
    example: step({
      cluster: 'prod-eu-1',
      namespace: 'mcp-team-a',
      releaseName: 'mcp-team-a',
      environment: 'production',
      owner: 'group:default/team-a',
      size: 'large',
      imageTag: 'v1.0.0',
    }),
  },
];
