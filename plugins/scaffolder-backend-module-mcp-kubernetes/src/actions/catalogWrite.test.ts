import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { promises as fs, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { createCatalogWriteAction } from './catalogWrite';
import { renderedCatalogInfo } from './__fixtures__/catalogInfo';

const root = createMockDirectory();
const workspace = () => root.resolve('workspace');
const catalogDir = () => root.resolve('catalog');

beforeEach(() => {
  root.setContent({ workspace: {}, catalog: {}, outside: {} });
});

async function run(
  options: {
    files?: Record<string, string>;
    input?: Record<string, unknown>;
    localCatalogDir?: string | null;
    isDryRun?: boolean;
    deny?: boolean;
    checkpointKeys?: string[];
  } = {},
) {
  root.addContent({
    workspace: options.files ?? { 'catalog-info.yaml': renderedCatalogInfo() },
  });
  const decide = () => ({
    result: options.deny ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
  });
  const permissions = mockServices.permissions.mock({
    authorize: async reqs => reqs.map(decide),
    authorizeConditional: async reqs => reqs.map(decide) as any,
  });
  const action = createCatalogWriteAction({
    localCatalogDir:
      options.localCatalogDir === null
        ? undefined
        : options.localCatalogDir ?? catalogDir(),
    permissions,
  });
  const outputs: Record<string, unknown> = {};
  const base = createMockActionContext({
    input: (options.input ?? {}) as any,
    workspacePath: workspace(),
  });
  const ctx = {
    ...base,
    isDryRun: options.isDryRun,
    output: (name: string, value: unknown) => {
      outputs[name] = value;
    },
    checkpoint: async (opts: { key: string; fn: () => unknown }) => {
      options.checkpointKeys?.push(opts.key);
      return opts.fn();
    },
  };
  let error: Error | undefined;
  try {
    await action.handler(ctx as any);
  } catch (e) {
    error = e as Error;
  }
  return { outputs, error, permissions };
}

async function catalogFiles(): Promise<string[]> {
  return (await fs.readdir(catalogDir())).sort();
}

describe('mcp-kubernetes:catalog:write', () => {
  it('writes the workspace entity as <namespace>-<name>.yaml with mode 0644', async () => {
    const checkpointKeys: string[] = [];
    const { outputs, error, permissions } = await run({ checkpointKeys });
    expect(error).toBeUndefined();
    const target = join(catalogDir(), 'default-mcp-team-a.yaml');
    expect(outputs).toEqual({
      entityRef: 'component:default/mcp-team-a',
      filePath: target,
    });
    expect(await catalogFiles()).toEqual(['default-mcp-team-a.yaml']);
    expect(await fs.readFile(target, 'utf8')).toBe(renderedCatalogInfo());
    expect((await fs.stat(target)).mode & 0o777).toBe(0o644);
    expect(checkpointKeys).toEqual([
      'mcp-kubernetes-catalog-write.v1.component:default/mcp-team-a',
    ]);
    expect(permissions.authorizeConditional).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'mcp-kubernetes.deploy',
          }),
        },
      ],
      expect.anything(),
    );
  });

  it('names the file after the entity namespace and reads filePath from the workspace', async () => {
    const { outputs, error } = await run({
      files: {
        'entity/info.yaml': renderedCatalogInfo({
          name: 'mcp-b',
          namespace: 'team-a',
        }),
      },
      input: { filePath: 'entity/info.yaml' },
    });
    expect(error).toBeUndefined();
    expect(outputs.entityRef).toBe('component:team-a/mcp-b');
    expect(await catalogFiles()).toEqual(['team-a-mcp-b.yaml']);
  });

  it('resolves a relative localCatalogDir against the working directory', async () => {
    const { outputs, error } = await run({
      localCatalogDir: relative(process.cwd(), catalogDir()),
    });
    expect(error).toBeUndefined();
    expect(outputs.filePath).toBe(
      join(catalogDir(), 'default-mcp-team-a.yaml'),
    );
  });

  it('fails naming the config key and the repository alternative when the directory is not configured', async () => {
    const { error, outputs } = await run({ localCatalogDir: null });
    expect(error?.name).toBe('InputError');
    expect(error?.message).toContain(
      'mcpKubernetes.scaffolder.localCatalogDir is not configured',
    );
    expect(error?.message).toMatch(/repository URL .*catalog:register/);
    expect(outputs).toEqual({});
    expect(await catalogFiles()).toEqual([]);
  });

  it('fails clearly when the configured directory does not exist', async () => {
    const { error } = await run({
      localCatalogDir: root.resolve('missing'),
    });
    expect(error?.name).toBe('InputError');
    expect(error?.message).toContain(
      `mcpKubernetes.scaffolder.localCatalogDir (${root.resolve(
        'missing',
      )}) is not an existing directory`,
    );
  });

  it('dry run validates and reports the path but writes nothing', async () => {
    const { outputs, error } = await run({ isDryRun: true });
    expect(error).toBeUndefined();
    expect(outputs).toEqual({
      entityRef: 'component:default/mcp-team-a',
      filePath: join(catalogDir(), 'default-mcp-team-a.yaml'),
    });
    expect(await catalogFiles()).toEqual([]);
  });

  it('dry run still refuses an invalid entity', async () => {
    const { error } = await run({
      isDryRun: true,
      files: { 'catalog-info.yaml': renderedCatalogInfo({ kind: 'API' }) },
    });
    expect(error?.message).toContain('kind must be Component');
  });

  it('refuses when the initiator may not deploy, writing nothing', async () => {
    const { error } = await run({ deny: true });
    expect(error?.name).toBe('NotAllowedError');
    expect(error?.message).toContain('mcp-kubernetes.deploy');
    expect(await catalogFiles()).toEqual([]);
  });

  it('says which step should have written a missing workspace file', async () => {
    const { error } = await run({ files: {} });
    expect(error?.name).toBe('InputError');
    expect(error?.message).toMatch(
      /catalog-info\.yaml does not exist in the workspace.*fetch:template/,
    );
  });

  describe('validation of the entity file', () => {
    const annotationsWithout = (key: string) => {
      const all = parse(renderedCatalogInfo()).metadata.annotations;
      delete all[key];
      return all;
    };
    it.each([
      ['invalid YAML', 'kind: [Component', /not valid YAML/],
      [
        'two documents',
        `${renderedCatalogInfo()}---\n${renderedCatalogInfo({ name: 'x' })}`,
        /exactly one entity, found 2/,
      ],
      ['an empty file', '', /exactly one entity, found 0/],
      ['a list', '- a\n- b\n', /YAML mapping/],
      [
        'another apiVersion',
        renderedCatalogInfo().replace(
          'backstage.io/v1alpha1',
          'backstage.io/v1beta1',
        ),
        /apiVersion must be backstage\.io\/v1alpha1/,
      ],
      [
        'kind Template',
        renderedCatalogInfo({ kind: 'Template' }),
        /kind must be Component/,
      ],
      [
        'an upper-case name',
        renderedCatalogInfo({ name: 'MCP-Team' }),
        /metadata\.name "MCP-Team" must be a DNS-1123 label/,
      ],
      [
        'a traversing name',
        renderedCatalogInfo({ name: '../../etc/evil' }),
        /metadata\.name .* must be a DNS-1123 label/,
      ],
      [
        'a name over 63 characters',
        renderedCatalogInfo({ name: 'a'.repeat(64) }),
        /metadata\.name .* must be a DNS-1123 label/,
      ],
      [
        'a missing name',
        renderedCatalogInfo({ name: undefined }),
        /metadata\.name undefined/,
      ],
      [
        'a traversing namespace',
        renderedCatalogInfo({ namespace: '../outside' }),
        /metadata\.namespace "\.\.\/outside" must be a DNS-1123 label/,
      ],
      [
        'a missing cluster annotation',
        renderedCatalogInfo({
          annotations: annotationsWithout('mcp-kubernetes.io/cluster'),
        }),
        /lacks mcp-kubernetes\.io\/cluster;/,
      ],
      [
        'no annotations',
        renderedCatalogInfo({ annotations: {} }),
        /lacks mcp-kubernetes\.io\/cluster, mcp-kubernetes\.io\/namespace, mcp-kubernetes\.io\/release, mcp-kubernetes\.io\/environment/,
      ],
      [
        'no owner',
        renderedCatalogInfo({ spec: { type: 'service', lifecycle: 'x' } }),
        /a Component needs spec\.owner/,
      ],
      [
        'a huge file',
        `${renderedCatalogInfo()}# ${'x'.repeat(70_000)}\n`,
        /larger than 65536 bytes/,
      ],
    ])('refuses %s and writes nothing', async (_what, text, message) => {
      const { error, outputs } = await run({
        files: { 'catalog-info.yaml': text },
      });
      expect(error?.name).toBe('InputError');
      expect(error?.message).toMatch(message);
      expect(error?.message).toMatch(/^catalog-info\.yaml/);
      expect(outputs).toEqual({});
      expect(await catalogFiles()).toEqual([]);
    });
  });

  describe('containment', () => {
    it('refuses a filePath outside the workspace', async () => {
      root.addContent({ 'outside/catalog-info.yaml': renderedCatalogInfo() });
      const { error } = await run({
        input: { filePath: '../outside/catalog-info.yaml' },
      });
      expect(error?.name).toBe('NotAllowedError');
      expect(await catalogFiles()).toEqual([]);
    });

    it('refuses a workspace symlink that leads outside the workspace', async () => {
      root.addContent({ 'outside/catalog-info.yaml': renderedCatalogInfo() });
      symlinkSync(
        root.resolve('outside/catalog-info.yaml'),
        join(workspace(), 'linked.yaml'),
      );
      const { error } = await run({
        files: {},
        input: { filePath: 'linked.yaml' },
      });
      expect(error?.name).toBe('NotAllowedError');
      expect(await catalogFiles()).toEqual([]);
    });

    it('refuses to write through a symlink in the catalog directory', async () => {
      symlinkSync(
        root.resolve('outside/stolen.yaml'),
        join(catalogDir(), 'default-mcp-team-a.yaml'),
      );
      await fs.writeFile(
        root.resolve('outside/stolen.yaml'),
        renderedCatalogInfo(),
      );
      const { error } = await run();
      expect(error?.name).toBe('NotAllowedError');
      expect(
        await fs.readFile(root.resolve('outside/stolen.yaml'), 'utf8'),
      ).toBe(renderedCatalogInfo());
    });
  });

  describe('an existing file', () => {
    const target = () => join(catalogDir(), 'default-mcp-team-a.yaml');

    it('is replaced when it holds the same entity of the same install (a re-run)', async () => {
      // Same owner, written as a short ref; other fields changed.
      const older = renderedCatalogInfo({
        spec: { type: 'website', lifecycle: 'production', owner: 'team-a' },
      });
      await fs.writeFile(target(), older);
      const { error } = await run();
      expect(error).toBeUndefined();
      expect(await fs.readFile(target(), 'utf8')).toBe(renderedCatalogInfo());
      expect(await catalogFiles()).toEqual(['default-mcp-team-a.yaml']);
    });

    it('is kept when another entity maps to the same file name', async () => {
      // namespace "default-mcp" + name "team-a" and "default" + "mcp-team-a" share the file name.
      const other = renderedCatalogInfo({
        name: 'team-a',
        namespace: 'default-mcp',
      });
      await fs.writeFile(join(catalogDir(), 'default-mcp-team-a.yaml'), other);
      const { error, outputs } = await run();
      expect(error?.name).toBe('ConflictError');
      expect(error?.message).toContain(
        'holds component:default-mcp/team-a, not component:default/mcp-team-a',
      );
      expect(outputs).toEqual({});
      expect(await fs.readFile(target(), 'utf8')).toBe(other);
    });

    it('is kept when the same entity points at another install', async () => {
      const other = renderedCatalogInfo({ cluster: 'prod-eu-1' });
      await fs.writeFile(target(), other);
      const { error } = await run();
      expect(error?.name).toBe('ConflictError');
      expect(error?.message).toContain(
        'already registered for the install prod-eu-1/mcp-team-a/mcp-team-a; refusing to repoint it at dev-cluster/mcp-team-a/mcp-team-a',
      );
      expect(await fs.readFile(target(), 'utf8')).toBe(other);
    });

    it('is kept when the same entity of the same install has another owner', async () => {
      const other = renderedCatalogInfo({
        spec: {
          type: 'service',
          lifecycle: 'experimental',
          owner: 'group:default/team-b',
        },
      });
      await fs.writeFile(target(), other);
      const { error, outputs } = await run();
      expect(error?.name).toBe('ConflictError');
      expect(error?.message).toContain(
        'component:default/mcp-team-a is already registered with owner group:default/team-b; refusing to replace it with owner group:default/team-a',
      );
      expect(outputs).toEqual({});
      expect(await fs.readFile(target(), 'utf8')).toBe(other);
    });

    it('is kept when the same entity was not written for an install', async () => {
      const other = renderedCatalogInfo({ annotations: {} });
      await fs.writeFile(target(), other);
      const { error } = await run();
      expect(error?.name).toBe('ConflictError');
      expect(error?.message).toContain(
        'was not written for an mcp-kubernetes install',
      );
      expect(await fs.readFile(target(), 'utf8')).toBe(other);
    });

    it('refuses a target the deploy policy excludes (conditional decision applied to the entity install)', async () => {
      root.addContent({
        workspace: {
          'catalog-info.yaml': renderedCatalogInfo({ cluster: 'prod-eu-1' }),
        },
      });
      const permissions = mockServices.permissions.mock({
        authorizeConditional: async reqs =>
          reqs.map(() => ({
            result: AuthorizeResult.CONDITIONAL,
            pluginId: 'scaffolder',
            resourceType: 'mcp-kubernetes-deploy-target',
            conditions: {
              rule: 'IS_CLUSTER',
              resourceType: 'mcp-kubernetes-deploy-target',
              params: { patterns: ['dev-*'] },
            },
          })) as any,
      });
      const action = createCatalogWriteAction({
        localCatalogDir: catalogDir(),
        permissions,
      });
      const ctx = {
        ...createMockActionContext({ input: {}, workspacePath: workspace() }),
        checkpoint: async (o: { fn: () => unknown }) => o.fn(),
      };
      await expect(action.handler(ctx as any)).rejects.toThrow(
        'You are not allowed to register mcp-kubernetes installs on prod-eu-1/mcp-team-a',
      );
      expect(await catalogFiles()).toEqual([]);
    });

    it('is kept when it is not an entity at all', async () => {
      await fs.writeFile(target(), 'hand: written\n');
      const { error } = await run({ isDryRun: true });
      expect(error?.name).toBe('ConflictError');
      expect(error?.message).toContain(
        'holds something that is not one catalog entity',
      );
      expect(await fs.readFile(target(), 'utf8')).toBe('hand: written\n');
    });
  });
});
