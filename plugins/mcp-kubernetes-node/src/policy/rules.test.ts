import { DefaultPolicyEngine } from './DefaultPolicyEngine';
import { EnvironmentPolicy, POLICY_RULE_IDS, PolicyRuleId } from './types';
import { rows } from './__fixtures__/ruleTable';

/** A policy with exactly one rule on, so each row tests that rule alone. */
function engineFor(
  ruleId: PolicyRuleId,
  overrides: Partial<EnvironmentPolicy> = {},
) {
  const policy: EnvironmentPolicy = {
    name: 'test',
    allowedClusters: ['prod-*'],
    allowedNamespaces: ['mcp-*'],
    deniedNamespaces: ['mcp-system'],
    rules: [ruleId],
    fixedValues: {},
    image: {
      allowedRegistries: ['gsoci.azurecr.io', '*.corp.example'],
      allowEmptyTag: false,
    },
    replicas: { min: 2, max: 5 },
    autoscaling: { minReplicas: { min: 2 }, maxReplicas: { max: 10 } },
    resources: { limitCeilings: { cpu: '1', memory: '1Gi' } },
    serviceAccount: { create: true, automount: true },
    rbac: { readOnly: true },
    ...overrides,
  };
  return DefaultPolicyEngine.create({ environments: { test: policy } });
}

describe('policy rules', () => {
  it.each(rows.map(r => [r.rule, r.name, r] as const))(
    '%s: %s',
    (rule, _name, row) => {
      const result = engineFor(rule).evaluate({
        environment: 'test',
        ...row.input,
      });
      expect(result.violations.map(v => `${v.ruleId}@${v.path}`)).toEqual(
        row.expected,
      );
      expect(result.allowed).toBe(row.expected.length === 0);
      for (const v of result.violations) {
        expect(v.message.length).toBeGreaterThan(10);
        expect(v.hint.length).toBeGreaterThan(10);
      }
    },
  );

  it('has a passing and a failing row for every rule', () => {
    for (const id of POLICY_RULE_IDS) {
      const mine = rows.filter(r => r.rule === id);
      expect({ id, passing: mine.some(r => r.expected.length === 0) }).toEqual({
        id,
        passing: true,
      });
      expect({ id, failing: mine.some(r => r.expected.length > 0) }).toEqual({
        id,
        failing: true,
      });
    }
  });

  it('applies fixed values over user values and judges the result', () => {
    const engine = engineFor('network-policy.enabled', {
      fixedValues: { ciliumNetworkPolicy: { enabled: true } },
    });
    const result = engine.evaluate({
      environment: 'test',
      values: { ciliumNetworkPolicy: { enabled: false, labels: { a: 'b' } } },
    });
    expect(result.violations).toEqual([]);
    expect(result.effectiveValues).toEqual({
      ciliumNetworkPolicy: { enabled: true, labels: { a: 'b' } },
    });
  });

  it('judges omitted values by the chart defaults but does not add them to the effective values', () => {
    const engine = DefaultPolicyEngine.create({
      environments: {
        test: {
          ...engineFor('network-policy.enabled').environmentPolicy('test'),
        },
      },
      chartDefaults: { ciliumNetworkPolicy: { enabled: true } },
    });
    const result = engine.evaluate({ environment: 'test', values: {} });
    expect(result.violations).toEqual([]);
    expect(result.effectiveValues).toEqual({});
  });

  it('rejects an unknown environment naming the known ones', () => {
    expect(() =>
      engineFor('image.pinned-tag').evaluate({
        environment: 'prod',
        values: {},
      }),
    ).toThrow('Unknown environment "prod"; the company policy defines: test');
    expect(() =>
      engineFor('image.pinned-tag').evaluate({
        environment: '__proto__',
        values: {},
      }),
    ).toThrow(/Unknown environment "__proto__"/);
  });
});
