import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import {
  BACKSTAGE_KUBERNETES_ID_LABEL,
  MCP_KUBERNETES_ANNOTATIONS,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

const DIR = resolve(__dirname, '../../../templates/deploy-mcp-kubernetes');
const template = parse(readFileSync(resolve(DIR, 'template.yaml'), 'utf8'));
const skeleton = readFileSync(
  resolve(DIR, 'skeleton/catalog-info.yaml'),
  'utf8',
);

describe('templates/deploy-mcp-kubernetes', () => {
  it('passes the scaffolder template schema', async () => {
    await expect(templateEntityV1beta3Validator.check(template)).resolves.toBe(
      true,
    );
  });

  it('the schema check is real: a broken template fails it', async () => {
    const broken = {
      ...template,
      spec: { ...template.spec, steps: 'not a list' },
    };
    await expect(templateEntityV1beta3Validator.check(broken)).rejects.toThrow(
      /steps/,
    );
  });

  it('deploys first, with every input the action needs, from existing parameters', () => {
    const steps = template.spec.steps;
    expect(steps[0].action).toBe('mcp-kubernetes:deploy');
    expect(Object.keys(steps[0].input).sort()).toEqual(
      [
        'cluster',
        'entityName',
        'environment',
        'namespace',
        'owner',
        'releaseName',
        'values',
      ].sort(),
    );
    const declared = new Set(
      template.spec.parameters.flatMap((p: any) => Object.keys(p.properties)),
    );
    const used = [...JSON.stringify(steps).matchAll(/parameters\.(\w+)/g)].map(
      m => m[1],
    );
    expect(used.filter(name => !declared.has(name))).toEqual([]);
  });

  it('registers through a repository when one is given, else in the local catalog', () => {
    const byId = Object.fromEntries(
      template.spec.steps.map((step: any) => [step.id, step]),
    );
    expect(byId.publish.if).toBe('${{ parameters.repoUrl }}');
    expect(byId.register.if).toBe('${{ parameters.repoUrl }}');
    expect(byId['register-local']).toEqual({
      id: 'register-local',
      name: 'Register in the local catalog',
      if: '${{ not parameters.repoUrl }}',
      action: 'mcp-kubernetes:catalog:write',
      input: { filePath: 'catalog-info.yaml' },
    });
    // It reads the file the skeleton step writes, so it must run after it.
    const ids = template.spec.steps.map((step: any) => step.id);
    expect(ids.indexOf('register-local')).toBeGreaterThan(
      ids.indexOf('skeleton'),
    );
    expect(template.spec.output.links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          entityRef: "${{ steps['register-local'].output.entityRef }}",
        }),
        expect.objectContaining({
          entityRef: "${{ steps['register'].output.entityRef }}",
        }),
      ]),
    );
  });

  it('offers the chart ExternalSecret on the OAuth page, the store name required when on', () => {
    const page = template.spec.parameters.find(
      (p: any) => p.title === 'OAuth and ingress',
    );
    expect(page.properties.externalSecretEnabled).toMatchObject({
      type: 'boolean',
      default: false,
    });
    const [off, on] = page.dependencies.externalSecretEnabled.oneOf;
    expect(off.properties.externalSecretEnabled.const).toBe(false);
    expect(on.properties.externalSecretEnabled.const).toBe(true);
    expect(on.required).toEqual(['secretStoreName']);
    expect(on.properties.secretStoreKind).toMatchObject({
      enum: ['SecretStore', 'ClusterSecretStore'],
      default: 'SecretStore',
    });
    // Same pattern as the chart's values.schema.json secretStoreRef.name (minus the empty case).
    const pattern = new RegExp(on.properties.secretStoreName.pattern);
    expect(pattern.test('vault-backend')).toBe(true);
    expect(pattern.test('stores.example')).toBe(true);
    expect(pattern.test('Vault_Backend')).toBe(false);
  });

  it('uses the field extensions of the frontend plugin', () => {
    const fields = template.spec.parameters.flatMap((p: any) =>
      Object.values(p.properties).map((prop: any) => prop['ui:field']),
    );
    expect(fields).toEqual(
      expect.arrayContaining([
        'McpKubernetesClusterPicker',
        'McpKubernetesPolicyPreview',
      ]),
    );
  });

  it('the skeleton writes every install annotation and the Kubernetes plugin id', () => {
    for (const key of [
      ...Object.values(MCP_KUBERNETES_ANNOTATIONS),
      BACKSTAGE_KUBERNETES_ID_LABEL,
    ]) {
      expect(skeleton).toMatch(
        new RegExp(
          `^    ${key.replace(
            /[./]/g,
            '\\$&',
          )}: \\$\\{\\{ values\\.\\w+ \\| dump \\}\\}$`,
          'm',
        ),
      );
    }
  });
});
