import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  PolicyEvaluation,
  PolicyViolation,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { readPolicyConfig } from './readPolicyConfig';
import { matchesAny, POLICY_RULES } from './rules';
import {
  EnvironmentPolicy,
  PolicyEngine,
  PolicyEvaluationInput,
} from './types';
import { deepMerge, isPlainObject } from './values';

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

  private constructor(
    private readonly policies: Record<string, EnvironmentPolicy>,
    private readonly chartDefaults: Record<string, unknown>,
  ) {}

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

  allowedClusters(environment: string): string[] {
    return [...this.environmentPolicy(environment).allowedClusters];
  }

  isClusterAllowed(environment: string, cluster: string): boolean {
    return matchesAny(
      cluster,
      this.environmentPolicy(environment).allowedClusters,
    );
  }

  evaluate(input: PolicyEvaluationInput): PolicyEvaluation {
    const policy = this.environmentPolicy(input.environment);
    if (!isPlainObject(input.values)) {
      throw new InputError('values must be an object of chart values');
    }
    const effectiveValues = deepMerge(input.values, policy.fixedValues);
    const judged = deepMerge(this.chartDefaults, effectiveValues);
    const violations: PolicyViolation[] = [];
    for (const ruleId of policy.rules) {
      violations.push(
        ...POLICY_RULES[ruleId]({
          values: judged,
          policy,
          cluster: input.cluster,
          namespace: input.namespace,
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
