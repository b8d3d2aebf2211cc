import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import {
  BACKSTAGE_KUBERNETES_ID_LABEL,
  CLUSTER_NAME,
  deployAnswersObjectSchema,
  DNS1123_LABEL,
  DNS1123_SUBDOMAIN,
  ENTITY_REF,
  HOSTNAME,
  IMAGE_TAG,
  MAX_RELEASE_NAME,
  MCP_KUBERNETES_ANNOTATIONS,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

const DIR = resolve(__dirname, '../../../templates/deploy-mcp-kubernetes');
const template = parse(readFileSync(resolve(DIR, 'template.yaml'), 'utf8'));
/**
 * Every answer with everything the page says about it: its own schema, the
 * dependency branch that shows it (ExternalSecret store, repository) and the
 * dependency that checks it whenever given.
 */
const properties: Record<string, any> = {};
for (const page of template.spec.parameters) {
  const dependencies = Object.values(page.dependencies ?? {}) as any[];
  for (const props of [
    page.properties,
    ...dependencies.flatMap(d =>
      (d.oneOf ?? []).map((branch: any) => branch.properties ?? {}),
    ),
    ...dependencies.map(d => d.properties ?? {}),
  ]) {
    for (const [key, schema] of Object.entries<any>(props)) {
      properties[key] = { ...properties[key], ...schema };
    }
  }
}
const declared = new Set(Object.keys(properties));
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

  it('deploys first, passing the typed answers (no free-form values) from declared parameters', () => {
    const steps = template.spec.steps;
    expect(steps[0].action).toBe('mcp-kubernetes:deploy');
    const inputs = Object.keys(steps[0].input);
    expect(inputs.sort()).toEqual(
      [
        'cluster',
        'namespace',
        'releaseName',
        'environment',
        'entityName',
        'owner',
        'size',
        'imageTag',
        'access',
        'oauthEnabled',
        'baseURL',
        'existingSecret',
        'externalSecretEnabled',
        'secretStoreName',
        'secretStoreKind',
        'ingressEnabled',
        'ingressHost',
        'ingressClassName',
        'tlsSecretName',
      ].sort(),
    );
    // Every input is an answer the action's schema knows; chart values are built on the server.
    const known = Object.keys(deployAnswersObjectSchema.shape);
    expect(inputs.filter(i => !known.includes(i))).toEqual([]);
    expect(inputs).not.toContain('values');
    const used = [...JSON.stringify(steps).matchAll(/parameters\.(\w+)/g)].map(
      m => m[1],
    );
    expect(used.filter(name => !declared.has(name))).toEqual([]);
    // The preview is shown, never installed.
    expect(used).not.toContain('policyPreview');
  });

  it('the form refuses what the action refuses: same patterns as -common', () => {
    const expected: Record<string, [RegExp, number]> = {
      name: [DNS1123_LABEL, MAX_RELEASE_NAME],
      namespace: [DNS1123_LABEL, 63],
      cluster: [CLUSTER_NAME, 63],
      owner: [ENTITY_REF, 253],
      imageTag: [IMAGE_TAG, 128],
      ingressHost: [HOSTNAME, 253],
      existingSecret: [DNS1123_SUBDOMAIN, 253],
      ingressClassName: [DNS1123_SUBDOMAIN, 253],
      tlsSecretName: [DNS1123_SUBDOMAIN, 253],
      secretStoreName: [DNS1123_SUBDOMAIN, 253],
    };
    for (const [field, [pattern, max]] of Object.entries(expected)) {
      const prop = properties[field];
      expect({
        field,
        pattern: prop.pattern,
        maxLength: prop.maxLength,
      }).toEqual({ field, pattern: pattern.source, maxLength: max });
    }
    const baseURL = new RegExp(properties.baseURL.pattern, 'u');
    expect(baseURL.test('https://mcp.example.com/oauth')).toBe(true);
    for (const bad of [
      'http://mcp.example.com',
      'https://x/\n---\nkind: ClusterRoleBinding',
      'https://mcp.example.com/a b',
      'https://mcp.example.com/"quoted"',
      'https://mcp.example.com/\u0000',
    ]) {
      expect({ bad, ok: baseURL.test(bad) }).toEqual({ bad, ok: false });
    }
    const description = new RegExp(properties.description.pattern, 'u');
    expect(description.test('An MCP server for team A')).toBe(true);
    expect(description.test('one\n---\nkind: Secret')).toBe(false);
    // Enums only, no free text, for the choices.
    expect(properties.environment.enum).toEqual([
      'development',
      'staging',
      'production',
    ]);
    expect(properties.size.enum).toEqual(['small', 'medium', 'large']);
    expect(properties.access).toMatchObject({
      enum: ['read-only', 'read-write'],
      default: 'read-only',
    });
    expect(properties.secretStoreKind.enum).toEqual([
      'SecretStore',
      'ClusterSecretStore',
    ]);
  });

  it('publishes to a repository only when asked; the repository is required only then', () => {
    const byId = Object.fromEntries(
      template.spec.steps.map((step: any) => [step.id, step]),
    );
    expect(byId.publish.if).toBe('${{ parameters.publish }}');
    expect(byId.register.if).toBe('${{ parameters.publish }}');
    expect(byId['register-local']).toEqual({
      id: 'register-local',
      name: 'Register in the local catalog',
      if: '${{ not parameters.publish }}',
      action: 'mcp-kubernetes:catalog:write',
      input: { filePath: 'catalog-info.yaml' },
    });
    // It reads the file the skeleton step writes, so it must run after it.
    const ids = template.spec.steps.map((step: any) => step.id);
    expect(ids.indexOf('register-local')).toBeGreaterThan(
      ids.indexOf('skeleton'),
    );
    const page = template.spec.parameters.find(
      (p: any) => p.properties.publish,
    );
    expect(page.properties.publish).toMatchObject({
      type: 'boolean',
      default: false,
    });
    // The RepoUrlPicker lives only in the "publish on" branch: never shown or required otherwise.
    for (const p of template.spec.parameters) {
      expect(p.properties.repoUrl).toBeUndefined();
      expect(p.required ?? []).not.toContain('repoUrl');
    }
    const [off, on] = page.dependencies.publish.oneOf;
    expect(off.properties.publish.const).toBe(false);
    expect(off.properties.repoUrl).toBeUndefined();
    expect(on.properties.publish.const).toBe(true);
    expect(on.required).toEqual(['repoUrl']);
    expect(on.properties.repoUrl['ui:field']).toBe('RepoUrlPicker');
    // What RepoUrlPicker writes; nothing else reaches publish:github.
    const repoUrl = new RegExp(properties.repoUrl.pattern, 'u');
    expect(repoUrl.test('github.com?owner=team-a&repo=mcp-team-a')).toBe(true);
    expect(repoUrl.test('github.com?owner=a&repo=b\n---')).toBe(false);
    expect(repoUrl.test('evil.example/../x?repo=y')).toBe(false);
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
    // Checked whenever given, outside the oneOf, so a refusal names the field.
    expect(
      page.dependencies.secretStoreName.properties.secretStoreName,
    ).toMatchObject({ type: 'string', maxLength: 253 });
    // Same pattern as the chart's values.schema.json secretStoreRef.name (minus the empty case).
    const pattern = new RegExp(properties.secretStoreName.pattern);
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
