import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { createCatalogWriteAction } from './catalogWrite';
import { examples } from './catalogWrite.examples';
import { renderedCatalogInfo } from './__fixtures__/catalogInfo';

describe('mcp-kubernetes:catalog:write examples', () => {
  const root = createMockDirectory();

  it.each(examples.map(e => [e.description, e] as const))(
    '%s runs through the handler',
    async (_d, example) => {
      const step = parse(example.example).steps[0];
      expect(step.action).toBe('mcp-kubernetes:catalog:write');
      const source = step.input.filePath ?? 'catalog-info.yaml';
      root.setContent({
        catalog: {},
        workspace: { [source]: renderedCatalogInfo() },
      });
      const action = createCatalogWriteAction({
        localCatalogDir: root.resolve('catalog'),
        permissions: mockServices.permissions.mock({
          // mcp-kubernetes.deploy is a conditional (resource) permission.
          authorizeConditional: async reqs =>
            reqs.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
        }),
      });
      const ctx = createMockActionContext({
        input: step.input,
        workspacePath: root.resolve('workspace'),
      });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith(
        'entityRef',
        'component:default/mcp-team-a',
      );
      expect(readdirSync(root.resolve('catalog'))).toEqual([
        'default-mcp-team-a.yaml',
      ]);
      expect(
        readFileSync(root.resolve('catalog/default-mcp-team-a.yaml'), 'utf8'),
      ).toBe(renderedCatalogInfo());
    },
  );
});
