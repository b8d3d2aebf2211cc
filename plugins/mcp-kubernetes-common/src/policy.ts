/** One broken rule of the company policy. @public */
export interface PolicyViolation {
  /** Stable rule id, e.g. `oauth.existing-secret-required`. */
  ruleId: string;
  /** Dotted path into the chart values, e.g. `mcpKubernetes.oauth.existingSecret`. */
  path: string;
  message: string;
  /** What to change to comply. */
  hint: string;
}

/** @public */
export interface PolicyEvaluation {
  environment: string;
  cluster?: string;
  namespace?: string;
  allowed: boolean;
  violations: PolicyViolation[];
  /** The values after the policy's fixed values were applied. */
  effectiveValues: Record<string, unknown>;
}
