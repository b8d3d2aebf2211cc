import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  CHART_DIR,
  ciScenarios,
  K8sObject,
  kindsOf,
  only,
  parseObjects,
  readChartSpec,
  RELEASE,
  renderChart,
} from './helmHarness';
import { specInstallExamples } from './specExamples';

jest.setTimeout(120_000);

/**
 * Every `helm install` example of the chart spec, rendered with the real
 * pinned helm using the spec's own arguments, and what each must and must
 * not produce. A new example in the spec without expectations here fails.
 */

const spec = readChartSpec();
const examples = specInstallExamples(spec);
const appVersion: string = parse(
  readFileSync(join(CHART_DIR, 'Chart.yaml'), 'utf8'),
).appVersion;
const FULLNAME = `${RELEASE}-mcp-kubernetes`;
const BASE_KINDS = [
  'CiliumNetworkPolicy',
  'ClusterRole',
  'ClusterRoleBinding',
  'Deployment',
  'Service',
  'ServiceAccount',
];
const OAUTH_KEYS = {
  GOOGLE_CLIENT_ID: 'google-client-id',
  GOOGLE_CLIENT_SECRET: 'google-client-secret',
  REGISTRATION_TOKEN: 'registration-token',
  OAUTH_ENCRYPTION_KEY: 'oauth-encryption-key',
};

const container = (objects: K8sObject[]) =>
  only(objects, 'Deployment').spec.template.spec.containers[0];

function expectDefaults(objects: K8sObject[]) {
  expect(kindsOf(objects)).toEqual(BASE_KINDS);
  const deployment = only(objects, 'Deployment');
  const c = container(objects);
  expect(deployment.spec.replicas).toBe(1);
  expect(c.image).toBe(
    `gsoci.azurecr.io/giantswarm/mcp-kubernetes:${appVersion}`,
  );
  expect(c.args).toEqual([
    'serve',
    '--transport=streamable-http',
    '--http-addr=:8080',
    '--in-cluster',
  ]);
  expect(c.ports).toEqual([
    { name: 'http', containerPort: 8080, protocol: 'TCP' },
  ]);
  expect(c.livenessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
  expect(c.readinessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
  expect(c.env).toBeUndefined();
  expect(
    deployment.spec.template.metadata.labels['backstage.io/kubernetes-id'],
  ).toBe(RELEASE);
  expect(only(objects, 'Service').spec).toMatchObject({
    type: 'ClusterIP',
    ports: [{ port: 8080, targetPort: 'http' }],
  });
}

function expectOAuthFromSecret(objects: K8sObject[], secretName: string) {
  const c = container(objects);
  expect(c.args).toEqual(
    expect.arrayContaining([
      '--enable-oauth',
      '--oauth-base-url=https://mcp-k8s.example.com',
    ]),
  );
  expect(c.args).not.toContain('--allow-public-registration');
  const byName = (a: K8sObject, b: K8sObject) => a.name.localeCompare(b.name);
  expect([...c.env].sort(byName)).toEqual(
    Object.entries(OAUTH_KEYS)
      .map(([name, key]) => ({
        name,
        valueFrom: { secretKeyRef: { name: secretName, key } },
      }))
      .sort(byName),
  );
  expect(kindsOf(objects)).not.toContain('Secret');
  // Google must stay reachable through the Cilium policy or sign-in breaks.
  const egress = only(objects, 'CiliumNetworkPolicy').spec.egress;
  expect(
    egress.some((r: K8sObject) =>
      r.toFQDNs?.some(
        (f: K8sObject) => f.matchName === 'oauth2.googleapis.com',
      ),
    ),
  ).toBe(true);
}

function expectTlsIngress(objects: K8sObject[], host: string) {
  const ingress = only(objects, 'Ingress');
  expect(ingress.spec.tls).toEqual([
    { hosts: ['mcp-k8s.example.com'], secretName: 'mcp-k8s-tls' },
  ]);
  expect(ingress.spec.rules[0].host).toBe(host);
}

interface Expectation {
  /** ci/<scenario>-values.yaml that must render the same as the spec's arguments. */
  scenario?: string;
  check(objects: K8sObject[]): void;
}

const EXPECTATIONS: Record<string, Expectation> = {
  'Install from local directory': {
    scenario: 'default',
    check: expectDefaults,
  },
  'Install with custom values': {
    check: objects => {
      expect(kindsOf(objects)).toEqual(BASE_KINDS);
      expect(only(objects, 'Deployment').spec.replicas).toBe(3);
    },
  },
  'Basic Installation': { scenario: 'default', check: expectDefaults },
  'Installation with Custom Image': {
    scenario: 'custom-image',
    check: objects => {
      expect(kindsOf(objects)).toEqual(BASE_KINDS);
      expect(container(objects).image).toBe(
        'ghcr.io/giantswarm/mcp-kubernetes:v1.0.0',
      );
    },
  },
  'Installation with Ingress': {
    scenario: 'ingress',
    check: objects => {
      expect(kindsOf(objects)).toEqual([...BASE_KINDS, 'Ingress'].sort());
      const ingress = only(objects, 'Ingress');
      expect(ingress.spec.ingressClassName).toBe('nginx');
      expect(ingress.spec.tls).toBeUndefined();
      expect(ingress.spec.rules).toEqual([
        {
          host: 'mcp-kubernetes.example.com',
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: {
                  service: { name: FULLNAME, port: { number: 8080 } },
                },
              },
            ],
          },
        },
      ]);
    },
  },
  'Installation with Resource Limits': {
    scenario: 'resource-limits',
    check: objects => {
      expect(kindsOf(objects)).toEqual(BASE_KINDS);
      expect(container(objects).resources).toEqual({
        limits: { cpu: '500m', memory: '512Mi' },
        requests: { cpu: '250m', memory: '256Mi' },
      });
    },
  },
  'Installation with Autoscaling': {
    scenario: 'autoscaling',
    check: objects => {
      expect(kindsOf(objects)).toEqual(
        [...BASE_KINDS, 'HorizontalPodAutoscaler'].sort(),
      );
      const hpa = only(objects, 'HorizontalPodAutoscaler');
      expect(hpa.spec).toMatchObject({
        minReplicas: 2,
        maxReplicas: 10,
        scaleTargetRef: { kind: 'Deployment', name: FULLNAME },
      });
      expect(hpa.spec.metrics).toEqual([
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: 70 },
          },
        },
      ]);
      // The HPA owns the replica count.
      expect(only(objects, 'Deployment').spec.replicas).toBeUndefined();
    },
  },
  'Installation without Network Policy': {
    scenario: 'no-network-policy',
    check: objects => {
      expect(kindsOf(objects)).toEqual(
        BASE_KINDS.filter(k => k !== 'CiliumNetworkPolicy'),
      );
    },
  },
  'Development Example': {
    scenario: 'oauth-dev',
    check: objects => {
      expect(kindsOf(objects)).toEqual([...BASE_KINDS, 'Ingress'].sort());
      expectOAuthFromSecret(objects, 'mcp-k8s-oauth-credentials');
      expectTlsIngress(objects, 'mcp-k8s.example.com');
    },
  },
  'Development Example #2': {
    check: objects => {
      expect(kindsOf(objects)).toEqual([...BASE_KINDS, 'Ingress'].sort());
      expectOAuthFromSecret(objects, 'mcp-k8s-oauth-credentials');
      expectTlsIngress(objects, 'mcp-k8s.example.com');
      expect(container(objects).resources.limits).toBeDefined();
    },
  },
  '1. External Secrets Operator (Recommended for Kubernetes)': {
    scenario: 'oauth-eso',
    check: objects => {
      expect(kindsOf(objects)).toEqual([...BASE_KINDS, 'Ingress'].sort());
      expectOAuthFromSecret(objects, 'mcp-oauth-credentials');
      expectTlsIngress(objects, 'chart-example.local');
    },
  },
};

describe('the chart spec examples', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'chart-spec-'));
    writeFileSync(join(tmp, 'custom-values.yaml'), 'replicaCount: 3\n');
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  /** The spec's paths point at ./helm/mcp-kubernetes; ours is chart/. */
  const localArgs = (args: string[]) =>
    args.map(a =>
      a
        .replace(/^\.\/helm\/mcp-kubernetes\//, `${CHART_DIR}/`)
        .replace(/^custom-values\.yaml$/, join(tmp, 'custom-values.yaml')),
    );

  it('finds the examples and has expectations for exactly those', () => {
    expect(examples.map(e => e.title).sort()).toEqual(
      Object.keys(EXPECTATIONS).sort(),
    );
  });

  it.each(examples.map(e => [e.title, e.args] as const))(
    '%s',
    async (title, args) => {
      expect.hasAssertions();
      const rendered = await renderChart(localArgs([...args]));
      EXPECTATIONS[title].check(parseObjects(rendered));
    },
  );

  // The ci/ scenario file of an example is the same install, expressed as a values file.
  const withScenario = examples.filter(e => EXPECTATIONS[e.title]?.scenario);
  it.each(
    withScenario.map(
      e => [e.title, EXPECTATIONS[e.title].scenario!, e.args] as const,
    ),
  )(
    '%s renders the same as ci/%s-values.yaml',
    async (_title, scenario, args) => {
      const scenarioFile = ciScenarios()[scenario];
      expect(scenarioFile).toBeDefined();
      expect(await renderChart(['-f', scenarioFile])).toBe(
        await renderChart(localArgs([...args])),
      );
    },
  );
});
