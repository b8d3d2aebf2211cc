import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

/** Shown in the portal's action list; catalogWrite.examples.test.ts runs each through the handler. */
export const examples: TemplateExample[] = [
  {
    description:
      "Register the templated catalog-info.yaml in the portal's local catalog directory",
    example: stringify({
      steps: [
        {
          id: 'register-local',
          action: 'mcp-kubernetes:catalog:write',
          name: 'Register in the local catalog',
          input: {},
        },
      ],
    }),
  },
  {
    description:
      'Register an entity file the template wrote elsewhere in the workspace, only when no repository was given',
    example: stringify({
      steps: [
        {
          id: 'register-local',
          action: 'mcp-kubernetes:catalog:write',
          name: 'Register in the local catalog',
          if: '${{ not parameters.repoUrl }}',
          input: { filePath: 'entity/catalog-info.yaml' },
        },
      ],
    }),
  },
];
