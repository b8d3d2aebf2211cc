import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/** Shown in the portal's action list; day2.examples.test.ts runs each through the handler. */
export const examples: TemplateExample[] = [
  {
    description:
      "Roll a development install back to revision 2, checked against today's development policy",
    example: stringify({
      steps: [
        {
          id: 'rollback',
          action: 'mcp-kubernetes:rollback',
          name: 'Roll back mcp-kubernetes',
          input: {
            cluster: 'dev-cluster',
            namespace: 'mcp-team-a',
            releaseName: 'mcp-team-a',
            revision: 2,
            environment: 'development',
          },
        },
      ],
    }),
  },
];
