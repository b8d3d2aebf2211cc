import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import {
  CLUSTER_NAME,
  deployAnswersObjectSchema,
  DNS1123_LABEL,
  MAX_RELEASE_NAME,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

/** templates/{upgrade,rollback,restart,uninstall}-mcp-kubernetes: schema-valid, and the forms refuse what the actions refuse. */

const load = (name: string) =>
  parse(
    readFileSync(
      resolve(
        __dirname,
        `../../../templates/${name}-mcp-kubernetes/template.yaml`,
      ),
      'utf8',
    ),
  );

/** Every property of every page (dependency branches included), merged by name. */
function properties(template: any): Record<string, any> {
  const out: Record<string, any> = {};
  for (const page of template.spec.parameters) {
    const dependencies = Object.values(page.dependencies ?? {}) as any[];
    for (const props of [
      page.properties,
      ...dependencies.flatMap(d =>
        (d.oneOf ?? []).map((branch: any) => branch.properties ?? {}),
      ),
      ...dependencies.map(d => d.properties ?? {}),
    ]) {
      for (const [k, v] of Object.entries<any>(props ?? {})) {
        out[k] = { ...out[k], ...v };
      }
    }
  }
  return out;
}

function required(template: any): string[] {
  return template.spec.parameters.flatMap((p: any) => p.required ?? []);
}

/** `parameters.x` names used anywhere in the steps and output. */
function used(template: any): string[] {
  return [
    ...JSON.stringify([template.spec.steps, template.spec.output]).matchAll(
      /parameters\.(\w+)/g,
    ),
  ].map(m => m[1]);
}

const day2 = {
  restart: { inputs: ['cluster', 'namespace', 'releaseName'] },
  rollback: {
    inputs: ['cluster', 'namespace', 'releaseName', 'environment', 'revision'],
  },
  uninstall: {
    inputs: [
      'cluster',
      'namespace',
      'releaseName',
      'confirm',
      'deleteNamespace',
    ],
  },
} as const;

describe.each(Object.entries(day2))(
  'templates/%s-mcp-kubernetes',
  (name, { inputs }) => {
    const template = load(name);
    const props = properties(template);

    it('passes the scaffolder template schema', async () => {
      await expect(
        templateEntityV1beta3Validator.check(template),
      ).resolves.toBe(true);
      expect(template.metadata.name).toBe(`${name}-mcp-kubernetes`);
    });

    it(`runs mcp-kubernetes:${name} with declared parameters only`, () => {
      const [step] = template.spec.steps;
      expect(template.spec.steps).toHaveLength(1);
      expect(step.action).toBe(`mcp-kubernetes:${name}`);
      expect(Object.keys(step.input).sort()).toEqual([...inputs].sort());
      for (const [key, value] of Object.entries(step.input)) {
        expect(value).toBe(`\${{ parameters.${key} }}`);
      }
      expect(used(template).filter(p => !(p in props))).toEqual([]);
      expect(required(template)).toEqual(
        expect.arrayContaining(['cluster', 'namespace', 'releaseName']),
      );
    });

    it('uses the same name patterns as the actions', () => {
      expect(props.cluster).toMatchObject({
        pattern: CLUSTER_NAME.source,
        maxLength: 63,
      });
      expect(props.namespace).toMatchObject({
        pattern: DNS1123_LABEL.source,
        maxLength: 63,
      });
      expect(props.releaseName).toMatchObject({
        pattern: DNS1123_LABEL.source,
        maxLength: MAX_RELEASE_NAME,
      });
      const release = new RegExp(props.releaseName.pattern);
      for (const bad of ['x\n---\nkind: Secret', '%2e%2e', '__proto__']) {
        expect({ bad, ok: release.test(bad) }).toEqual({ bad, ok: false });
      }
    });
  },
);

describe('templates/rollback-mcp-kubernetes', () => {
  it('asks for a whole revision ≥ 1 and an environment from the list', () => {
    const props = properties(load('rollback'));
    expect(props.revision).toMatchObject({ type: 'integer', minimum: 1 });
    expect(props.environment.enum).toEqual([
      'development',
      'staging',
      'production',
    ]);
  });
});

describe('templates/uninstall-mcp-kubernetes', () => {
  it('requires the confirmation and keeps the namespace by default', () => {
    const template = load('uninstall');
    const props = properties(template);
    expect(required(template)).toContain('confirm');
    expect(props.deleteNamespace).toMatchObject({
      type: 'boolean',
      default: false,
    });
  });
});

describe('templates/upgrade-mcp-kubernetes', () => {
  const template = load('upgrade');
  const deploy = load('deploy');

  it('passes the scaffolder template schema', async () => {
    await expect(templateEntityV1beta3Validator.check(template)).resolves.toBe(
      true,
    );
  });

  it('runs mcp-kubernetes:upgrade with the deploy step’s typed answers', () => {
    const [step] = template.spec.steps;
    expect(template.spec.steps).toHaveLength(1);
    expect(step.action).toBe('mcp-kubernetes:upgrade');
    expect(step.input).toEqual(deploy.spec.steps[0].input);
    const known = Object.keys(deployAnswersObjectSchema.shape);
    expect(Object.keys(step.input).filter(i => !known.includes(i))).toEqual([]);
    expect(step.input).not.toHaveProperty('values');
    const props = properties(template);
    expect(used(template).filter(p => !(p in props))).toEqual([]);
  });

  it('asks with the deploy form’s own field schemas (same patterns and choices)', () => {
    const mine = properties(template);
    const theirs = properties(deploy);
    for (const key of Object.keys(template.spec.steps[0].input)) {
      const param = /parameters\.(\w+)/.exec(
        template.spec.steps[0].input[key],
      )![1];
      const { description: _a, ...a } = mine[param];
      const { description: _b, ...b } = theirs[param];
      expect({ param, ...a }).toEqual({ param, ...b });
    }
  });
});
