import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mcpKubernetesDeployPermission } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import {
  createDeployTargetConditionalDecision,
  deployTargetConditions,
  globToRegExp,
  isDeployTargetAllowed,
} from './deployTarget';

const target = {
  cluster: 'dev-eu-1',
  namespace: 'team-a-mcp',
  environment: 'development',
};

describe('deploy target permission rules', () => {
  it('matches whole strings with * and ?, everything else literal', () => {
    expect(globToRegExp('dev-*').test('dev-eu-1')).toBe(true);
    expect(globToRegExp('dev-*').test('xdev-eu-1')).toBe(false);
    expect(globToRegExp('dev-?').test('dev-1')).toBe(true);
    expect(globToRegExp('dev-?').test('dev-12')).toBe(false);
    expect(globToRegExp('a.b').test('aXb')).toBe(false);
    expect(globToRegExp('(a|b)').test('a')).toBe(false);
  });

  it('a policy decision built from the exported conditions is applied to the target', () => {
    const decision = createDeployTargetConditionalDecision(
      mcpKubernetesDeployPermission,
      {
        allOf: [
          deployTargetConditions.isEnvironment({ patterns: ['development'] }),
          deployTargetConditions.isCluster({ patterns: ['dev-*'] }),
          deployTargetConditions.isNamespace({ patterns: ['team-a-*'] }),
        ],
      },
    );
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'scaffolder',
      resourceType: 'mcp-kubernetes-deploy-target',
    });
    expect(isDeployTargetAllowed(decision, target)).toBe(true);
    expect(
      isDeployTargetAllowed(decision, { ...target, cluster: 'prod-eu-1' }),
    ).toBe(false);
    expect(
      isDeployTargetAllowed(decision, { ...target, namespace: 'team-b-mcp' }),
    ).toBe(false);
    expect(
      isDeployTargetAllowed(decision, { ...target, environment: 'production' }),
    ).toBe(false);
  });

  it('definitive decisions pass through', () => {
    expect(
      isDeployTargetAllowed({ result: AuthorizeResult.ALLOW }, target),
    ).toBe(true);
    expect(
      isDeployTargetAllowed({ result: AuthorizeResult.DENY }, target),
    ).toBe(false);
  });
});
