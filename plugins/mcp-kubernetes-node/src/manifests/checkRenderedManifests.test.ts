import { stringify } from 'yaml';
import { checkRenderedManifests } from './checkRenderedManifests';
import {
  ciliumPolicy,
  externalSecret,
  restrictedDeployment,
} from './__fixtures__/objects';

const toYaml = (...objects: unknown[]) =>
  objects.map(o => stringify(o)).join('---\n');
const rules = (yaml: string) =>
  checkRenderedManifests(yaml).map(f => `${f.rule}:${f.path ?? ''}`);

describe('checkRenderedManifests', () => {
  it('accepts valid built-in and custom objects', () => {
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: {
        selector: { app: 'web' },
        ports: [{ port: 80, targetPort: 'http' }],
      },
    };
    expect(
      checkRenderedManifests(
        toYaml(
          restrictedDeployment(),
          service,
          externalSecret(),
          ciliumPolicy(),
        ),
      ),
    ).toEqual([]);
  });

  it('skips empty documents and expands Lists', () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        restrictedDeployment(),
        { ...restrictedDeployment(), spec: { replicas: 'two' } },
      ],
    };
    const findings = checkRenderedManifests(
      `---\n# only a comment\n---\n${stringify(list)}`,
    );
    expect(findings.length).toBeGreaterThan(0);
    expect(
      findings.every(f => f.kind === 'Deployment' && f.name === 'web'),
    ).toBe(true);
    expect(findings.map(f => f.path)).toContain('spec.replicas');
  });

  it('reports wrong types and missing required fields against the Kubernetes schema', () => {
    const bad = restrictedDeployment();
    bad.spec.replicas = '3';
    delete bad.spec.template.spec.containers[0].name;
    expect(rules(toYaml(bad))).toEqual(
      expect.arrayContaining([
        'schema:spec.replicas',
        'schema:spec.template.spec.containers[0].name',
      ]),
    );
  });

  it('reports unknown fields, which the OpenAPI models alone let through', () => {
    const bad = restrictedDeployment();
    bad.spec.template.spec.containers[0].imagePullPolcy = 'Always';
    bad.spec.strategy = {
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 1, maxSurgee: 2 },
    };
    const findings = checkRenderedManifests(toYaml(bad));
    expect(findings.map(f => `${f.rule}:${f.path}`).sort()).toEqual([
      'unknown-field:spec.strategy.rollingUpdate.maxSurgee',
      'unknown-field:spec.template.spec.containers[0].imagePullPolcy',
    ]);
    expect(findings[0].message).toMatch(/not a field of apps\/v1 Deployment/);
  });

  it('requires metadata.name and apiVersion/kind', () => {
    const noName = restrictedDeployment();
    delete noName.metadata.name;
    expect(rules(toYaml(noName))).toContain('schema:metadata.name');
    expect(
      checkRenderedManifests(toYaml({ metadata: { name: 'x' } }))[0],
    ).toMatchObject({ rule: 'schema', name: 'x' });
  });

  it('reports kinds it has no schema for instead of passing them silently', () => {
    const findings = checkRenderedManifests(
      toYaml({
        apiVersion: 'apps/v1',
        kind: 'Deploymnet',
        metadata: { name: 'x' },
      }),
    );
    expect(findings).toEqual([
      expect.objectContaining({ rule: 'unknown-kind', kind: 'Deploymnet' }),
    ]);
  });

  it('turns broken YAML into a finding and still checks the other documents', () => {
    const bad = restrictedDeployment();
    bad.spec.replicas = -1 as unknown as number;
    const findings = checkRenderedManifests(
      `a: [unclosed\n---\n${stringify({
        ...bad,
        spec: { ...bad.spec, replicas: 'x' },
      })}`,
    );
    expect(findings[0]).toMatchObject({ rule: 'yaml', name: 'document 1' });
    expect(
      findings.some(f => f.rule === 'schema' && f.path === 'spec.replicas'),
    ).toBe(true);
  });

  describe('custom resources', () => {
    it('validates ExternalSecret against its CRD schema, including unknown fields', () => {
      const bad = externalSecret();
      bad.spec.secretStoreRef.kind = 'VaultStore';
      bad.spec.target.creationPolicyy = 'Owner';
      const findings = checkRenderedManifests(toYaml(bad));
      expect(findings.map(f => `${f.rule}:${f.path}`).sort()).toEqual([
        'schema:spec.secretStoreRef.kind',
        'unknown-field:spec.target.creationPolicyy',
      ]);
    });

    it('accepts the v1beta1 ExternalSecret that older operators serve', () => {
      expect(
        checkRenderedManifests(
          toYaml({
            ...externalSecret(),
            apiVersion: 'external-secrets.io/v1beta1',
          }),
        ),
      ).toEqual([]);
    });

    it('checks the rule structure of a CiliumNetworkPolicy', () => {
      const bad = ciliumPolicy();
      bad.spec.egress[0].toEntities = ['kube-api-server'];
      bad.spec.ingress[0].toPorts[0].ports[0].port = 8080;
      bad.spec.egres = [];
      const found = rules(toYaml(bad));
      expect(found).toEqual(
        expect.arrayContaining([
          'schema:spec.egress[0].toEntities[0]',
          'schema:spec.ingress[0].toPorts[0].ports[0].port',
          'unknown-field:spec.egres',
        ]),
      );
    });

    it('requires exactly one selector in a CiliumNetworkPolicy rule', () => {
      const both = ciliumPolicy();
      both.spec.nodeSelector = { matchLabels: { role: 'x' } };
      expect(checkRenderedManifests(toYaml(both))).toEqual([
        expect.objectContaining({ rule: 'schema', path: 'spec' }),
      ]);
    });

    it('validates a ServiceMonitor', () => {
      const monitor = {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: { name: 'web' },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          endpoints: [{ port: 'http', interval: '30s' }],
        },
      };
      expect(checkRenderedManifests(toYaml(monitor))).toEqual([]);
      monitor.spec.endpoints[0].interval = '30 seconds';
      expect(rules(toYaml(monitor))).toEqual([
        'schema:spec.endpoints[0].interval',
      ]);
    });
  });

  describe('secrets in pod specs', () => {
    it('flags a literal secret-looking env value and secret flags in args, without echoing the value', () => {
      const bad = restrictedDeployment();
      const container = bad.spec.template.spec.containers[0];
      container.env.push({
        name: 'GOOGLE_CLIENT_SECRET',
        value: 'hunter2-value',
      });
      container.args = [
        'serve',
        '--registration-token=hunter2-token',
        '--http-addr=:8080',
        '--token-file=/x',
      ];
      const findings = checkRenderedManifests(toYaml(bad));
      expect(findings.map(f => `${f.rule}:${f.path}`)).toEqual([
        'secret-in-pod-spec:spec.template.spec.containers[0].env[3].value',
        'secret-in-pod-spec:spec.template.spec.containers[0].args[1]',
      ]);
      expect(JSON.stringify(findings)).not.toMatch(/hunter2/);
    });
  });
});
