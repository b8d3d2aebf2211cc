import { mockServices } from '@backstage/backend-test-utils';
import { readPolicyConfig } from './readPolicyConfig';

const read = (policy: unknown) =>
  readPolicyConfig(
    mockServices.rootConfig({ data: { mcpKubernetes: { policy } } as any }),
  );

describe('readPolicyConfig', () => {
  it('ships development, staging and production when nothing is configured', () => {
    expect(Object.keys(read(undefined))).toEqual([
      'development',
      'staging',
      'production',
    ]);
  });

  it('merges a configured environment over the shipped one of the same name', () => {
    const policies = read({
      environments: {
        production: {
          allowedClusters: ['prod-*'],
          disabledRules: ['replicas.bounds'],
          fixedValues: { rbac: { readOnly: true } },
          image: { allowedRegistries: ['registry.corp.example'] },
        },
      },
    });
    const prod = policies.production;
    expect(prod.allowedClusters).toEqual(['prod-*']);
    expect(prod.rules).not.toContain('replicas.bounds');
    expect(prod.rules).toContain('oauth.existing-secret-required');
    expect(prod.fixedValues).toEqual({
      ciliumNetworkPolicy: { enabled: true },
      rbac: { readOnly: true },
    });
    expect(prod.image).toEqual({
      allowedRegistries: ['registry.corp.example'],
      allowEmptyTag: false,
    });
  });

  it('builds a new environment from `extends`, and from nothing without it', () => {
    const policies = read({
      environments: { 'prod-eu': { extends: 'production' }, sandbox: {} },
    });
    expect(policies['prod-eu'].rules).toEqual(policies.production.rules);
    expect(policies.sandbox.rules).toEqual([]);
  });

  it('drops the shipped environments with useDefaults: false', () => {
    expect(
      Object.keys(
        read({
          useDefaults: false,
          environments: { qa: { rules: ['image.pinned-tag'] } },
        }),
      ),
    ).toEqual(['qa']);
  });

  it.each([
    [
      { environments: { production: { rules: ['no-such-rule'] } } },
      'mcpKubernetes.policy.environments.production.rules.0: must be one of:',
    ],
    [
      { environments: { production: { replicas: { min: 'two' } } } },
      'mcpKubernetes.policy.environments.production.replicas.min: Expected number, received string',
    ],
    [
      { environments: { production: { replicas: { min: 5, max: 2 } } } },
      'mcpKubernetes.policy.environments.production.replicas: min must not be larger than max',
    ],
    [
      {
        environments: {
          production: { resources: { limitCeilings: { cpu: 'lots' } } },
        },
      },
      'mcpKubernetes.policy.environments.production.resources.limitCeilings.cpu: must be a Kubernetes quantity',
    ],
    [
      { environments: { production: { allowedCluster: ['x'] } } },
      'mcpKubernetes.policy.environments.production: unknown key(s) allowedCluster',
    ],
    [
      { environments: { production: { extends: 'prod' } } },
      'mcpKubernetes.policy.environments.production.extends: unknown environment "prod"',
    ],
    [
      { useDefaults: false },
      'mcpKubernetes.policy.environments is empty and useDefaults is false',
    ],
  ])('names the key of a mistake: %j', (policy, message) => {
    expect(() => read(policy)).toThrow(message);
  });
});
