import { PolicyViolation } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { EnvironmentPolicy, PolicyRuleId } from '../types';

/** What a rule sees: the values helm would use (chart defaults, user values, fixed values). */
export interface RuleContext {
  values: Record<string, unknown>;
  policy: EnvironmentPolicy;
  cluster?: string;
  namespace?: string;
  /**
   * Cluster name -> environments whose `allowedClusters` name it outright
   * (no glob). Such a cluster belongs to those environments only.
   */
  clusterClaims?: ReadonlyMap<string, readonly string[]>;
}

/** A rule returns every violation it finds (an empty list when the values comply). */
export type PolicyRule = (ctx: RuleContext) => PolicyViolation[];

/** Builds a violation of one rule; keeps the id spelled once per rule. */
export function violation(
  ruleId: PolicyRuleId,
  path: string,
  message: string,
  hint: string,
): PolicyViolation {
  return { ruleId, path, message, hint };
}
