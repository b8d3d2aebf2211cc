import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

const step = (input: Record<string, unknown>) =>
  stringify({
    steps: [
      {
        id: 'uninstall',
        action: 'mcp-kubernetes:uninstall',
        name: 'Uninstall mcp-kubernetes',
        input,
      },
    ],
  });

/** Shown in the portal's action list; day2.examples.test.ts runs each through the handler. */
export const examples: TemplateExample[] = [
  {
    description: 'Uninstall an install and keep its namespace',
    example: step({
      cluster: 'dev-cluster',
      namespace: 'mcp-team-a',
      releaseName: 'mcp-team-a',
      confirm: 'mcp-team-a',
    }),
  },
  {
    description:
      'Uninstall and delete the namespace (refused while another release is in it)',
    example: step({
      cluster: 'dev-cluster',
      namespace: 'mcp-sandbox',
      releaseName: 'mcp-sandbox',
      confirm: 'mcp-sandbox',
      deleteNamespace: true,
    }),
  },
];
