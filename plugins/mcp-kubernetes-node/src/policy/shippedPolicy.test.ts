import { mockServices } from '@backstage/backend-test-utils';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { DefaultPolicyEngine } from './DefaultPolicyEngine';
import {
  SPEC_EXAMPLE_COMMANDS,
  SPEC_VAULT_VALUES,
  valuesFromSetFlags,
} from './__fixtures__/specExamples';

const CHART = resolve(__dirname, '../../../../chart');
const chartDefaults = parse(
  readFileSync(resolve(CHART, 'values.yaml'), 'utf8'),
);
// The shipped policy allows no cluster until an admin lists them: configure
// one cluster per environment, nothing else.
const CLUSTERS: Record<string, string> = {
  development: 'dev-1',
  staging: 'stage-1',
  production: 'prod-eu-1',
};
const engine = DefaultPolicyEngine.fromConfig(
  mockServices.rootConfig({
    data: {
      mcpKubernetes: {
        policy: {
          environments: Object.fromEntries(
            Object.entries(CLUSTERS).map(([env, cluster]) => [
              env,
              { allowedClusters: [cluster] },
            ]),
          ),
        },
      },
    },
  }),
  { chartDefaults },
);

function ids(values: Record<string, unknown>, environment = 'production') {
  return engine
    .evaluate({
      environment,
      values,
      cluster: CLUSTERS[environment],
      namespace: 'mcp-team-a',
    })
    .violations.map(v => `${v.ruleId}@${v.path}`);
}

const RESOURCES = [
  'resources.requests-and-limits@resources.requests.cpu',
  'resources.requests-and-limits@resources.requests.memory',
  'resources.requests-and-limits@resources.limits.cpu',
  'resources.requests-and-limits@resources.limits.memory',
];
const TAG = 'image.pinned-tag@image.tag';
const REPLICAS = 'replicas.bounds@replicaCount';
/** The chart's default ClusterRole is read-write; every shipped environment wants read-only. */
const RBAC = 'rbac.read-only@rbac.readOnly';

describe('shipped production policy against the chart spec examples', () => {
  const expected: Record<keyof typeof SPEC_EXAMPLE_COMMANDS, string[]> = {
    basic: [...RESOURCES, TAG, REPLICAS, RBAC],
    customImage: [
      ...RESOURCES,
      'image.registry-allowed@image.registry',
      REPLICAS,
      RBAC,
    ],
    ingress: [
      'ingress.tls-required@ingress.tls',
      ...RESOURCES,
      TAG,
      REPLICAS,
      RBAC,
    ],
    resourceLimits: [TAG, REPLICAS, RBAC],
    autoscaling: [...RESOURCES, TAG, RBAC],
    // The policy forces the network policy back on, so turning it off is not a violation.
    withoutNetworkPolicy: [...RESOURCES, TAG, REPLICAS, RBAC],
    oauthDevelopment: [...RESOURCES, TAG, REPLICAS, RBAC],
    // Only TLS hosts are set, so the chart's default ingress host would be served without TLS.
    externalSecretsOperator: [
      'ingress.tls-required@ingress.hosts[0].host',
      ...RESOURCES,
      TAG,
      REPLICAS,
      RBAC,
    ],
  };

  it.each(Object.entries(SPEC_EXAMPLE_COMMANDS))('%s', (name, command) => {
    expect(ids(valuesFromSetFlags(command))).toEqual(expected[name]);
  });

  it('forces the network policy on for "installation without network policy"', () => {
    const result = engine.evaluate({
      environment: 'production',
      values: valuesFromSetFlags(SPEC_EXAMPLE_COMMANDS.withoutNetworkPolicy),
    });
    expect(result.effectiveValues).toEqual({
      ciliumNetworkPolicy: { enabled: true },
    });
  });

  it('chart/values-oauth-example.yaml: only the sizing and the pinned tag are left to the user', () => {
    const example = parse(
      readFileSync(resolve(CHART, 'values-oauth-example.yaml'), 'utf8'),
    );
    expect(ids(example)).toEqual([TAG, REPLICAS]);
    expect(
      ids({ ...example, image: { tag: 'v1.0.0' }, replicaCount: 3 }),
    ).toEqual([]);
  });

  it('values-vault.yaml: no existingSecret and no ingress', () => {
    expect(ids(SPEC_VAULT_VALUES)).toEqual([
      'oauth.existing-secret-required@mcpKubernetes.oauth.existingSecret',
      'ingress.tls-required@ingress.enabled',
      ...RESOURCES,
      TAG,
      REPLICAS,
      RBAC,
    ]);
  });

  it('passes a values set that follows the Production Security Checklist', () => {
    const compliant = {
      ...valuesFromSetFlags(SPEC_EXAMPLE_COMMANDS.oauthDevelopment),
      ...valuesFromSetFlags(SPEC_EXAMPLE_COMMANDS.resourceLimits),
      image: { tag: 'v1.0.0' },
      replicaCount: 2,
      rbac: { readOnly: true },
    };
    expect(ids(compliant)).toEqual([]);
    expect(ids({ ...compliant, rbac: { readOnly: false } })).toEqual([RBAC]);
  });

  it('is lenient in development and in between in staging', () => {
    const basic = valuesFromSetFlags(SPEC_EXAMPLE_COMMANDS.basic);
    expect(ids(basic, 'development')).toEqual([RBAC]);
    expect(ids({ ...basic, rbac: { readOnly: true } }, 'development')).toEqual(
      [],
    );
    expect(ids(basic, 'staging')).toEqual([...RESOURCES, RBAC]);
    const noNetpol = valuesFromSetFlags(
      SPEC_EXAMPLE_COMMANDS.withoutNetworkPolicy,
    );
    expect(ids(noNetpol, 'staging')).toContain(
      'network-policy.enabled@ciliumNetworkPolicy.enabled',
    );
    const latest = {
      image: { tag: 'latest' },
      mcpKubernetes: { oauth: { allowPublicRegistration: true } },
    };
    expect(ids(latest, 'development')).toEqual([
      'oauth.no-public-registration@mcpKubernetes.oauth.allowPublicRegistration',
      'image.pinned-tag@image.tag',
      RBAC,
    ]);
  });

  it('refuses system namespaces in every environment and default in production', () => {
    for (const environment of engine.environments()) {
      const result = engine.evaluate({
        environment,
        values: {},
        namespace: 'kube-system',
      });
      expect(result.violations.map(v => v.ruleId)).toContain(
        'placement.namespace-allowed',
      );
    }
    expect(
      engine
        .evaluate({
          environment: 'production',
          values: {},
          namespace: 'default',
        })
        .violations.map(v => v.ruleId),
    ).toContain('placement.namespace-allowed');
  });
});
