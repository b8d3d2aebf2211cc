import { PolicyEvaluation } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

/**
 * Every rule the engine knows. Ids are stable: they appear in violations, in
 * `app-config.yaml` (`rules` / `disabledRules`) and in the docs.
 *
 * @public
 */
export const POLICY_RULE_IDS = [
  'placement.cluster-allowed',
  'placement.namespace-allowed',
  'oauth.existing-secret-required',
  'secrets.no-inline-credentials',
  'ingress.tls-required',
  'oauth.base-url-https',
  'oauth.no-public-registration',
  'resources.requests-and-limits',
  'resources.limit-ceilings',
  'network-policy.enabled',
  'network-policy.no-widening',
  'image.pinned-tag',
  'image.registry-allowed',
  'replicas.bounds',
  'autoscaling.bounds',
  'service-account.settings',
  'rbac.settings',
  'rbac.read-only',
] as const;

/** @public */
export type PolicyRuleId = (typeof POLICY_RULE_IDS)[number];

/** Resource limit ceilings as Kubernetes quantities, e.g. `{ cpu: '2', memory: '2Gi' }`. @public */
export interface ResourceCeilings {
  cpu?: string;
  memory?: string;
}

/** Inclusive bounds; an absent side is unbounded. @public */
export interface Bounds {
  min?: number;
  max?: number;
}

/**
 * The resolved policy of one environment (shipped defaults merged with
 * `mcpKubernetes.policy.environments.<env>`).
 *
 * @public
 */
export interface EnvironmentPolicy {
  name: string;
  description?: string;
  /**
   * Cluster names or globs (registry names); empty (the shipped default)
   * allows none. A name written out (no glob characters) claims the cluster
   * for this environment: other environments' globs do not match it.
   */
  allowedClusters: string[];
  /** Globs over namespace names. */
  allowedNamespaces: string[];
  /** Globs over namespace names that are refused even when allowed above. */
  deniedNamespaces: string[];
  /** The rules that apply in this environment. */
  rules: PolicyRuleId[];
  /** Values forced over the user's values (deep merge, the policy wins). */
  fixedValues: Record<string, unknown>;
  image: {
    /** Globs over `image.registry`. Empty: any registry. */
    allowedRegistries: string[];
    /** When false, an empty `image.tag` (the chart's appVersion) is a violation of `image.pinned-tag`. */
    allowEmptyTag: boolean;
  };
  replicas: Bounds;
  autoscaling: { minReplicas: Bounds; maxReplicas: Bounds };
  resources: { limitCeilings: ResourceCeilings };
  /** Service account values the environment requires (checked, not forced). */
  serviceAccount: { create?: boolean; automount?: boolean };
  /** RBAC values the environment requires, e.g. `readOnly: true` for a read-only ClusterRole. */
  rbac: { create?: boolean; readOnly?: boolean };
}

/** Input of one evaluation. @public */
export interface PolicyEvaluationInput {
  environment: string;
  cluster?: string;
  namespace?: string;
  values: Record<string, unknown>;
}

/**
 * Company policy: which environments exist, and whether given values may be
 * deployed to a cluster/namespace in one of them.
 *
 * @public
 */
export interface PolicyEngine {
  environments(): string[];
  /** Throws `InputError` naming the environment when it is unknown. */
  evaluate(input: PolicyEvaluationInput): PolicyEvaluation;
  /** Cluster globs of the environment; the caller resolves them against the registry's names. */
  allowedClusters(environment: string): string[];
  /** Whether a cluster name matches the environment's globs. */
  isClusterAllowed(environment: string, cluster: string): boolean;
  /** The resolved policy of one environment (for docs, previews and tests). */
  environmentPolicy(environment: string): EnvironmentPolicy;
}
