import { join } from 'node:path';
import { checkRenderedManifests } from '../manifests';
import {
  CHART_DIR,
  ciScenarios,
  K8sObject,
  parseObjects,
  readChartSpec,
  renderChart,
  runHelm,
} from './helmHarness';
import { specInstallExamples, specRbacPermissions } from './specExamples';

jest.setTimeout(180_000);

/**
 * Every object the chart renders, in every scenario (ci/ files, the OAuth
 * example file, the spec's install commands), goes through the offline
 * manifest checks: Kubernetes/CRD schemas, unknown fields, PSS restricted and
 * secrets in pod specs. Zero findings allowed.
 */

const renders: Array<{ name: string; args: string[] }> = [
  ...Object.entries(ciScenarios()).map(([name, file]) => ({
    name: `ci/${name}`,
    args: ['-f', file],
  })),
  {
    name: 'values-oauth-example.yaml',
    args: ['-f', join(CHART_DIR, 'values-oauth-example.yaml')],
  },
  ...specInstallExamples(readChartSpec())
    .filter(e => !e.args.includes('custom-values.yaml'))
    .map(e => ({
      name: `spec: ${e.title}`,
      args: e.args.map(a =>
        a.replace(/^\.\/helm\/mcp-kubernetes\//, `${CHART_DIR}/`),
      ),
    })),
];

let objectsChecked = 0;
afterAll(() => {
  // eslint-disable-next-line no-console
  console.log(
    `chart manifests: ${objectsChecked} rendered objects from ${renders.length} renders checked, 0 findings`,
  );
});

describe('rendered chart manifests', () => {
  it.each(renders.map(r => [r.name, r.args] as const))(
    '%s passes every manifest check',
    async (_name, args) => {
      const rendered = await renderChart([...args]);
      const objects = parseObjects(rendered);
      expect(objects.length).toBeGreaterThanOrEqual(3);
      expect(checkRenderedManifests(rendered)).toEqual([]);
      objectsChecked += objects.length;
    },
  );

  it('the checks are not vacuous: a broken render is caught', async () => {
    const rendered = await renderChart([
      '--set',
      'securityContext.allowPrivilegeEscalation=true',
      '--set',
      'mcpKubernetes.env[0].name=API_TOKEN',
      '--set',
      'mcpKubernetes.env[0].value=literal',
    ]);
    const rules = checkRenderedManifests(rendered).map(
      f => `${f.kind}:${f.rule}`,
    );
    expect(rules).toEqual([
      'Deployment:pss-restricted',
      'Deployment:secret-in-pod-spec',
    ]);
  });
});

describe('RBAC', () => {
  const flatten = (role: K8sObject) =>
    role.rules.flatMap((rule: K8sObject) =>
      rule.apiGroups.flatMap((apiGroup: string) =>
        rule.resources.map((resource: string) => ({
          apiGroup,
          resource,
          verbs: [...rule.verbs].sort(),
        })),
      ),
    );
  const READ = ['get', 'list', 'watch'];
  const FULL = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

  it("grants exactly the spec's list: read-only where it says so", async () => {
    const expected = specRbacPermissions(readChartSpec());
    expect(expected.length).toBeGreaterThan(25);
    const role = parseObjects(await renderChart([])).find(
      o => o.kind === 'ClusterRole',
    )!;
    const actual = flatten(role);
    const key = (p: { apiGroup: string; resource: string }) =>
      `${p.apiGroup}/${p.resource}`;
    expect(actual.map(key).sort()).toEqual(expected.map(key).sort());
    for (const permission of expected) {
      const granted = actual.find(
        (a: { apiGroup: string; resource: string }) =>
          key(a) === key(permission),
      );
      expect({ resource: key(permission), verbs: granted.verbs }).toEqual({
        resource: key(permission),
        verbs: permission.readOnly ? READ : FULL,
      });
    }
    expect(JSON.stringify(role.rules)).not.toContain('*');
  });

  it('rbac.readOnly leaves only read verbs, and the binding targets the chart ServiceAccount', async () => {
    const objects = parseObjects(
      await renderChart(['--set', 'rbac.readOnly=true']),
    );
    const role = objects.find(o => o.kind === 'ClusterRole')!;
    expect(
      new Set(flatten(role).map((p: K8sObject) => p.verbs.join(','))),
    ).toEqual(new Set([READ.join(',')]));
    const binding = objects.find(o => o.kind === 'ClusterRoleBinding')!;
    const sa = objects.find(o => o.kind === 'ServiceAccount')!;
    expect(binding.roleRef.name).toBe(role.metadata.name);
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: sa.metadata.name, namespace: 'tools' },
    ]);
  });

  it("rbac.readOnly: get/list/watch on the spec's resources except secrets, nothing else", async () => {
    const expected = specRbacPermissions(readChartSpec());
    const role = parseObjects(
      await renderChart(['--set', 'rbac.readOnly=true']),
    ).find(o => o.kind === 'ClusterRole')!;
    const actual = flatten(role).map(
      (p: K8sObject) => `${p.apiGroup}/${p.resource}:${p.verbs.join(',')}`,
    );
    expect(actual.sort()).toEqual(
      expected
        .filter(p => !(p.apiGroup === '' && p.resource === 'secrets'))
        .map(p => `${p.apiGroup}/${p.resource}:${READ.join(',')}`)
        .sort(),
    );
  });
});

describe('recorded catalog entity', () => {
  const deploymentOf = async (args: string[]) =>
    parseObjects(await renderChart(args)).find(o => o.kind === 'Deployment')!;

  it('writes catalog.entityRef and catalog.owner as Deployment annotations', async () => {
    const deployment = await deploymentOf([
      '--set',
      'catalog.entityRef=component:default/mcp-foo',
      '--set',
      'catalog.owner=group:default/team-a',
    ]);
    expect(deployment.metadata.annotations).toEqual({
      'mcp-kubernetes.io/entity-ref': 'component:default/mcp-foo',
      'mcp-kubernetes.io/owner': 'group:default/team-a',
    });
    // Recorded on the Deployment, not on its pods (a rollout would not change it).
    expect(
      deployment.spec.template.metadata.annotations?.[
        'mcp-kubernetes.io/entity-ref'
      ],
    ).toBeUndefined();
  });

  it('omits the annotations when the values are empty (the default)', async () => {
    const deployment = await deploymentOf([]);
    expect(deployment.metadata.annotations).toBeUndefined();
    const ownerOnly = await deploymentOf([
      '--set',
      'catalog.owner=group:default/team-a',
    ]);
    expect(ownerOnly.metadata.annotations).toEqual({
      'mcp-kubernetes.io/owner': 'group:default/team-a',
    });
  });

  it.each([
    ['catalog.entityRef', 'mcp-foo'],
    ['catalog.entityRef', 'component:default/'],
    ['catalog.entityRef', 'component:Default/mcp-foo'],
    ['catalog.owner', 'team-a'],
    ['catalog.owner', 'group:default/team a'],
  ])('refuses %s=%s by schema', async (key, value) => {
    const result = await runHelm([
      'template',
      'mcp',
      CHART_DIR,
      '--set-string',
      `${key}=${value}`,
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`at '/${key.replace('.', '/')}'`);
  });
});
