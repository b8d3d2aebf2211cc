import { EnvironmentPolicy, POLICY_RULE_IDS, PolicyRuleId } from './types';

/**
 * The shipped default policy. `production` encodes the chart README's
 * "Production Security Checklist" where values can express it; `staging`
 * keeps the security rules but not the sizing ones; `development` only
 * blocks what is unsafe everywhere (inline credentials, public client
 * registration, `latest` images). Documented in ./README.md.
 */

/** Namespaces no environment deploys into unless an admin overrides `deniedNamespaces`. */
const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'];

const ALL_RULES: PolicyRuleId[] = [...POLICY_RULE_IDS];

function base(name: string): EnvironmentPolicy {
  return {
    name,
    // None until an admin lists the environment's clusters.
    allowedClusters: [],
    allowedNamespaces: ['*'],
    deniedNamespaces: [...SYSTEM_NAMESPACES],
    rules: [],
    fixedValues: {},
    image: { allowedRegistries: [], allowEmptyTag: true },
    replicas: {},
    autoscaling: { minReplicas: {}, maxReplicas: {} },
    resources: { limitCeilings: {} },
    serviceAccount: {},
    rbac: {},
  };
}

/** @public */
export function defaultEnvironmentPolicies(): Record<
  string,
  EnvironmentPolicy
> {
  const production: EnvironmentPolicy = {
    ...base('production'),
    description:
      'Production Security Checklist: existingSecret only, HTTPS with TLS, no public registration, limits, network policy, pinned images from trusted registries.',
    deniedNamespaces: [...SYSTEM_NAMESPACES, 'default'],
    rules: ALL_RULES,
    // Forced, not just checked: production never runs without the network policy.
    fixedValues: { ciliumNetworkPolicy: { enabled: true } },
    image: { allowedRegistries: ['gsoci.azurecr.io'], allowEmptyTag: false },
    replicas: { min: 2, max: 10 },
    autoscaling: { minReplicas: { min: 2 }, maxReplicas: { max: 20 } },
    resources: { limitCeilings: { cpu: '2', memory: '2Gi' } },
    serviceAccount: { create: true },
  };

  const staging: EnvironmentPolicy = {
    ...base('staging'),
    description:
      'Production security rules without the sizing bounds; images from gsoci.azurecr.io or ghcr.io.',
    rules: ALL_RULES.filter(
      id =>
        id !== 'replicas.bounds' &&
        id !== 'autoscaling.bounds' &&
        id !== 'resources.limit-ceilings',
    ),
    image: {
      allowedRegistries: ['gsoci.azurecr.io', 'ghcr.io'],
      allowEmptyTag: true,
    },
    resources: { limitCeilings: { cpu: '4', memory: '4Gi' } },
  };

  const development: EnvironmentPolicy = {
    ...base('development'),
    description:
      'Lenient: only inline credentials, public client registration, `latest` images and read-write RBAC are refused.',
    rules: [
      'placement.cluster-allowed',
      'placement.namespace-allowed',
      'secrets.no-inline-credentials',
      'oauth.no-public-registration',
      'image.pinned-tag',
      'rbac.read-only',
    ],
  };

  return { development, staging, production };
}
