import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { isDeepStrictEqual } from 'node:util';
import {
  PolicyEngine,
  ValuesSchemaValidator,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import {
  recordedEntityValues,
  deepMergeValues,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { DeployInput } from '../deployInput';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value as object).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/**
 * One evaluation of the environment's policy; refused values throw an
 * InputError listing every violation (each also logged with its fix).
 * Returns the policy's effective values.
 */
export function judgeValues(opts: {
  policyEngine: PolicyEngine;
  target: { environment: string; cluster: string; namespace: string };
  values: Record<string, unknown>;
  log: LoggerService;
  /** What the refusal says was not done, e.g. `nothing was deployed`. */
  refused: string;
}): Record<string, unknown> {
  const { target, log } = opts;
  const evaluation = opts.policyEngine.evaluate({
    environment: target.environment,
    cluster: target.cluster,
    namespace: target.namespace,
    values: opts.values,
  });
  if (!evaluation.allowed) {
    for (const v of evaluation.violations) {
      log.error(`Policy ${v.ruleId} at ${v.path}: ${v.message} Fix: ${v.hint}`);
    }
    throw new InputError(
      `The ${target.environment} policy refuses these values (${
        evaluation.violations.length
      } violation(s), ${opts.refused}): ${evaluation.violations
        .map(v => `[${v.ruleId}] ${v.path}: ${v.message}`)
        .join(' ')}`,
    );
  }
  return evaluation.effectiveValues;
}

/**
 * Step 3, policy: the environment's policy judges the values and may fix
 * some; the record of the catalog entity is put back on top (a policy never
 * moves an install to another owner); the result is judged once more so the
 * policy has passed exactly the object helm receives, which is frozen from
 * here on.
 */
export function applyPolicy(opts: {
  input: DeployInput;
  values: Record<string, unknown>;
  policyEngine: PolicyEngine;
  validator: ValuesSchemaValidator;
  /**
   * The chart's values.yaml: when given, the values are also validated merged with it, which
   * is what helm validates, so the render may skip helm's own (identical, slower) validation.
   */
  chartDefaults?: Record<string, unknown>;
  log: LoggerService;
}): Readonly<Record<string, unknown>> {
  const { input, policyEngine, log } = opts;
  const judge = (values: Record<string, unknown>) =>
    judgeValues({
      policyEngine,
      target: input,
      values,
      log,
      refused: 'nothing was deployed',
    });
  const fixed = deepMergeValues(
    judge(opts.values),
    recordedEntityValues(input),
  );
  // Fixed values may change what the schema sees (e.g. policy-forced keys).
  opts.validator.check(fixed);
  if (opts.chartDefaults) {
    opts.validator.check(deepMergeValues(opts.chartDefaults, fixed));
  }
  const final = judge(fixed);
  if (!isDeepStrictEqual(final, fixed)) {
    throw new InputError(
      `The ${input.environment} policy does not settle on one set of values (its fixes change on a second pass); nothing was deployed. Ask the platform team to check the policy's forced values.`,
    );
  }
  return deepFreeze(structuredClone(fixed));
}
