import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/** Shown in the portal's action list; day2.examples.test.ts runs each through the handler. */
export const examples: TemplateExample[] = [
  {
    description:
      'Restart the pods of an install after its OAuth key was rotated',
    example: stringify({
      steps: [
        {
          id: 'restart',
          action: 'mcp-kubernetes:restart',
          name: 'Restart mcp-kubernetes',
          input: {
            cluster: 'dev-cluster',
            namespace: 'mcp-team-a',
            releaseName: 'mcp-team-a',
          },
        },
      ],
    }),
  },
];
