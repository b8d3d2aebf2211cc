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
