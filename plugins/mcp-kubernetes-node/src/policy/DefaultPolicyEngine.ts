import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  PolicyEvaluation,
  PolicyViolation,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { readPolicyConfig } from './readPolicyConfig';
import { POLICY_RULES } from './rules';
import { clusterClaimsOf, clusterPlacement } from './rules/placement';
import {
  EnvironmentPolicy,
  PolicyEngine,
  PolicyEvaluationInput,
} from './types';
import { deepMerge, findForbiddenKey, isPlainObject } from './values';

/** @public */
export interface DefaultPolicyEngineOptions {
  /** Resolved policies by environment; see `readPolicyConfig`. */
  environments: Record<string, EnvironmentPolicy>;
  /**
   * The chart's own `values.yaml`. Rules look at what helm will actually use,
   * so a value the user leaves out is judged by its chart default.
   */
  chartDefaults?: Record<string, unknown>;
}

/**
 * Evaluates chart values against the company policy. Pure and synchronous:
 * the template form's preview and the deploy action get the same answer.
 *
 * @public
 */
export class DefaultPolicyEngine implements PolicyEngine {
  static create(options: DefaultPolicyEngineOptions): DefaultPolicyEngine {
    return new DefaultPolicyEngine(
      options.environments,
      options.chartDefaults ?? {},
    );
  }

  /** Reads `mcpKubernetes.policy` (throws `PolicyConfigError` naming bad keys). */
  static fromConfig(
    config: Config,
    options?: { chartDefaults?: Record<string, unknown> },
  ): DefaultPolicyEngine {
    return DefaultPolicyEngine.create({
      environments: readPolicyConfig(config),
      chartDefaults: options?.chartDefaults,
    });
  }

  private readonly clusterClaims: ReadonlyMap<string, readonly string[]>;

  private constructor(
    private readonly policies: Record<string, EnvironmentPolicy>,
    private readonly chartDefaults: Record<string, unknown>,
  ) {
    for (const [name, policy] of Object.entries(policies)) {
      const bad = findForbiddenKey(policy.fixedValues);
      if (bad) {
        throw new InputError(
          `The ${name} policy's fixedValues hold the key ${bad}, which would reach an object prototype; remove it from mcpKubernetes.policy.environments.${name}.fixedValues`,
        );
      }
    }
    this.clusterClaims = clusterClaimsOf(policies);
  }

  environments(): string[] {
    return Object.keys(this.policies);
  }

  environmentPolicy(environment: string): EnvironmentPolicy {
    const policy = Object.prototype.hasOwnProperty.call(
      this.policies,
      environment,
    )
      ? this.policies[environment]
      : undefined;
    if (!policy) {
      throw new InputError(
        `Unknown environment "${environment}"; the company policy defines: ${this.environments().join(
          ', ',
        )}`,
      );
    }
    return policy;
  }

  /** The environment's names and globs; `isClusterAllowed` also applies other environments' claims. */
  allowedClusters(environment: string): string[] {
    return [...this.environmentPolicy(environment).allowedClusters];
  }

  isClusterAllowed(environment: string, cluster: string): boolean {
    return clusterPlacement(
      this.environmentPolicy(environment),
      cluster,
      this.clusterClaims,
    ).allowed;
  }

  evaluate(input: PolicyEvaluationInput): PolicyEvaluation {
    const policy = this.environmentPolicy(input.environment);
    if (!isPlainObject(input.values)) {
      throw new InputError('values must be an object of chart values');
    }
    // Helm never receives such keys as values, so they must not sway the judgement either.
    const forbidden = findForbiddenKey(input.values);
    if (forbidden) {
      throw new InputError(
        `values.${forbidden}: the keys __proto__, constructor and prototype are not allowed in chart values; remove it`,
      );
    }
    const effectiveValues = deepMerge(input.values, policy.fixedValues);
    const judged = deepMerge(this.chartDefaults, effectiveValues);
    const violations: PolicyViolation[] = [];
    // Where an install goes is never optional: the cluster check always runs.
    const ruleIds = policy.rules.includes('placement.cluster-allowed')
      ? policy.rules
      : (['placement.cluster-allowed', ...policy.rules] as const);
    for (const ruleId of ruleIds) {
      violations.push(
        ...POLICY_RULES[ruleId]({
          values: judged,
          policy,
          cluster: input.cluster,
          namespace: input.namespace,
          clusterClaims: this.clusterClaims,
        }),
      );
    }
    return {
      environment: input.environment,
      cluster: input.cluster,
      namespace: input.namespace,
      allowed: violations.length === 0,
      violations,
      effectiveValues,
    };
  }
}
