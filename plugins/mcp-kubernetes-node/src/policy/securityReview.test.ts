import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { DefaultPolicyEngine } from './DefaultPolicyEngine';
import { PolicyConfigError, readPolicyConfig } from './readPolicyConfig';
import { deepMerge } from './values';

/**
 * Security review, policy side: no cluster until configured, a
 * cluster named by one environment is out of reach of the others, read-only
 * RBAC by default, no widening of the network policy in production, and no
 * prototype keys anywhere in the judgement.
 */

const configOf = (policy: unknown) =>
  mockServices.rootConfig({
    data: { mcpKubernetes: { policy } } as any,
  });
const engineOf = (policy: unknown) =>
  DefaultPolicyEngine.fromConfig(configOf(policy));

const ids = (
  engine: DefaultPolicyEngine,
  environment: string,
  values: Record<string, unknown>,
  cluster?: string,
) =>
  engine
    .evaluate({ environment, values, cluster, namespace: 'mcp-team-a' })
    .violations.map(v => `${v.ruleId}@${v.path}`);

describe('the shipped policy allows no cluster until one is configured', () => {
  const engine = engineOf(undefined);

  it.each(['development', 'staging', 'production'])(
    '%s refuses every cluster, naming the config key',
    environment => {
      expect(engine.allowedClusters(environment)).toEqual([]);
      expect(engine.isClusterAllowed(environment, 'demo')).toBe(false);
      const result = engine.evaluate({
        environment,
        cluster: 'demo',
        values: { rbac: { readOnly: true } },
      });
      expect(result.allowed).toBe(false);
      expect(result.violations).toContainEqual(
        expect.objectContaining({
          ruleId: 'placement.cluster-allowed',
          path: 'cluster',
          message: `Environment ${environment} allows no cluster: add it to mcpKubernetes.policy.environments.${environment}.allowedClusters.`,
        }),
      );
    },
  );

  it('an environment built from nothing allows no cluster either', () => {
    const sandbox = engineOf({ environments: { sandbox: {} } });
    expect(sandbox.isClusterAllowed('sandbox', 'any')).toBe(false);
    expect(ids(sandbox, 'sandbox', {}, 'any')).toEqual([
      'placement.cluster-allowed@cluster',
    ]);
  });

  it('checks the cluster even when the environment lists rules without placement', () => {
    const custom = engineOf({
      environments: {
        development: {
          allowedClusters: ['dev-*'],
          rules: ['image.pinned-tag'],
        },
      },
    });
    expect(ids(custom, 'development', {}, 'prod-eu-1')).toEqual([
      'placement.cluster-allowed@cluster',
    ]);
    expect(ids(custom, 'development', {}, 'dev-1')).toEqual([]);
  });
});

describe('a cluster named by one environment belongs to it', () => {
  const engine = engineOf({
    environments: {
      development: { allowedClusters: ['*'] },
      staging: { allowedClusters: ['stage-*', 'shared-1'] },
      production: { allowedClusters: ['prod-eu-1', 'shared-1', 'prod-us-*'] },
    },
  });

  it.each([
    // [environment, cluster, allowed]
    ['development', 'dev-1', true],
    ['development', 'prod-eu-1', false], // named by production
    ['development', 'shared-1', false], // named by staging and production
    ['development', 'prod-us-2', true], // only a glob of production: name it to claim it
    ['staging', 'stage-1', true],
    ['staging', 'shared-1', true],
    ['staging', 'prod-eu-1', false],
    ['production', 'prod-eu-1', true],
    ['production', 'shared-1', true],
    ['production', 'prod-us-2', true],
    ['production', 'dev-1', false],
  ] as const)('%s -> %s: %s', (environment, cluster, allowed) => {
    expect(engine.isClusterAllowed(environment, cluster)).toBe(allowed);
    const violations = engine
      .evaluate({
        environment,
        cluster,
        values: { rbac: { readOnly: true } },
      })
      .violations.filter(v => v.ruleId === 'placement.cluster-allowed');
    expect(violations.length === 0).toBe(allowed);
  });

  it('says which environment the cluster belongs to', () => {
    const [v] = engine
      .evaluate({
        environment: 'development',
        cluster: 'prod-eu-1',
        values: {},
      })
      .violations.filter(x => x.ruleId === 'placement.cluster-allowed');
    expect(v.message).toBe(
      'Cluster prod-eu-1 belongs to the production environment (named in its allowedClusters), so a development deploy cannot reach it.',
    );
  });
});

describe('rbac.read-only', () => {
  const engine = engineOf({
    environments: {
      development: { allowedClusters: ['dev-1'] },
      staging: {
        allowedClusters: ['stage-1'],
        disabledRules: ['rbac.read-only'],
      },
    },
  });

  it('is on in every shipped environment', () => {
    const shipped = readPolicyConfig(configOf(undefined));
    for (const policy of Object.values(shipped)) {
      expect({ env: policy.name, rules: policy.rules }).toEqual({
        env: policy.name,
        rules: expect.arrayContaining(['rbac.read-only']),
      });
    }
  });

  it('refuses a read-write install and accepts a read-only one', () => {
    expect(ids(engine, 'development', {}, 'dev-1')).toEqual([
      'rbac.read-only@rbac.readOnly',
    ]);
    expect(
      ids(engine, 'development', { rbac: { readOnly: false } }, 'dev-1'),
    ).toEqual(['rbac.read-only@rbac.readOnly']);
    expect(
      ids(engine, 'development', { rbac: { readOnly: true } }, 'dev-1'),
    ).toEqual([]);
  });

  it('an admin turns it off per environment', () => {
    expect(
      ids(engine, 'staging', { rbac: { readOnly: false } }, 'stage-1'),
    ).not.toContain('rbac.read-only@rbac.readOnly');
  });
});

describe('production refuses widening the network policy', () => {
  const engine = engineOf({
    environments: { production: { allowedClusters: ['prod-eu-1'] } },
  });
  const widening = (values: Record<string, unknown>) =>
    ids(engine, 'production', values, 'prod-eu-1').filter(id =>
      id.startsWith('network-policy.no-widening@'),
    );

  it.each([
    [
      'extraIngress fromEntities world',
      { ciliumNetworkPolicy: { extraIngress: [{ fromEntities: ['world'] }] } },
      'ciliumNetworkPolicy.extraIngress[0].fromEntities[0]',
    ],
    [
      'extraEgress toEntities all',
      { ciliumNetworkPolicy: { extraEgress: [{ toEntities: ['all'] }] } },
      'ciliumNetworkPolicy.extraEgress[0].toEntities[0]',
    ],
    [
      'extraEgress toCIDR 0.0.0.0/0',
      { ciliumNetworkPolicy: { extraEgress: [{ toCIDR: ['0.0.0.0/0'] }] } },
      'ciliumNetworkPolicy.extraEgress[0].toCIDR[0]',
    ],
    [
      'networkPolicy extraEgress ::/0',
      {
        networkPolicy: {
          enabled: true,
          extraEgress: [{ to: [{ ipBlock: { cidr: '::/0' } }] }],
        },
      },
      'networkPolicy.extraEgress[0].to[0].ipBlock.cidr',
    ],
  ])('%s', (_name, values, path) => {
    expect(widening(values)).toEqual([`network-policy.no-widening@${path}`]);
    const violation = engine
      .evaluate({ environment: 'production', values, cluster: 'prod-eu-1' })
      .violations.find(v => v.path === path)!;
    expect(violation.message).toContain(path);
    expect(violation.hint).toMatch(/narrow|selector/);
  });

  it('the chart defaults do not widen anything', () => {
    expect(widening({})).toEqual([]);
  });
});

describe('prototype keys never reach the judgement', () => {
  const engine = engineOf({
    environments: {
      production: { allowedClusters: ['prod-eu-1'] },
    },
  });

  it.each([
    ['{"__proto__":{"rbac":{"readOnly":true}}}', 'values.__proto__'],
    ['{"rbac":{"constructor":{"readOnly":true}}}', 'values.rbac.constructor'],
    [
      '{"ciliumNetworkPolicy":{"extraIngress":[{"prototype":{}}]}}',
      'values.ciliumNetworkPolicy.extraIngress[0].prototype',
    ],
    [
      '{"mcpKubernetes":{"oauth":{"__proto__":{"existingSecret":"x"}}}}',
      'values.mcpKubernetes.oauth.__proto__',
    ],
  ])('refuses %s naming %s', (json, path) => {
    const values = JSON.parse(json);
    expect(() =>
      engine.evaluate({
        environment: 'production',
        cluster: 'prod-eu-1',
        values,
      }),
    ).toThrow(InputError);
    expect(() =>
      engine.evaluate({
        environment: 'production',
        cluster: 'prod-eu-1',
        values,
      }),
    ).toThrow(`${path}: the keys __proto__, constructor and prototype`);
  });

  it('deepMerge keeps a __proto__ key a plain key and pollutes nothing', () => {
    const merged = deepMerge(
      { a: 1 },
      JSON.parse('{"__proto__":{"polluted":true},"b":{"__proto__":{"x":1}}}'),
    );
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect((merged as any).polluted).toBeUndefined();
    expect(({} as any).polluted).toBeUndefined();
    expect(Object.keys(merged)).toEqual(['a', '__proto__', 'b']);
    expect(Object.getPrototypeOf(merged.b)).toBe(Object.prototype);
  });

  it.each([
    [
      '{"environments":{"production":{"fixedValues":{"__proto__":{"rbac":{"readOnly":false}}}}}}',
      'mcpKubernetes.policy.environments.production.fixedValues.__proto__',
    ],
    [
      '{"environments":{"constructor":{"allowedClusters":["*"]}}}',
      'mcpKubernetes.policy.environments.constructor',
    ],
  ])('refuses the config %s naming %s', (json, key) => {
    expect(() => readPolicyConfig(configOf(JSON.parse(json)))).toThrow(
      PolicyConfigError,
    );
    expect(() => readPolicyConfig(configOf(JSON.parse(json)))).toThrow(
      `${key}: the keys __proto__, constructor and prototype are not allowed`,
    );
  });

  it('`extends` cannot name an Object.prototype member', () => {
    expect(() =>
      readPolicyConfig(
        configOf({ environments: { qa: { extends: 'constructor' } } }),
      ),
    ).toThrow('environments.qa.extends: unknown environment "constructor"');
  });
});
