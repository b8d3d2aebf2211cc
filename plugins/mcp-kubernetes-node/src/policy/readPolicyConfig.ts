import { Config } from '@backstage/config';
import { CustomErrorBase } from '@backstage/errors';
import { z } from 'zod';
import { defaultEnvironmentPolicies } from './defaultPolicy';
import { parseQuantity } from './quantity';
import { EnvironmentPolicy, POLICY_RULE_IDS, PolicyRuleId } from './types';
import { deepMerge, findForbiddenKey } from './values';

/** The config section this module reads. */
export const POLICY_CONFIG_KEY = 'mcpKubernetes.policy';

/** A policy config mistake; the message names the key and how to fix it. @public */
export class PolicyConfigError extends CustomErrorBase {
  name = 'PolicyConfigError' as const;
}

const ruleId = z.enum(POLICY_RULE_IDS, {
  errorMap: () => ({
    message: `must be one of: ${POLICY_RULE_IDS.join(', ')}`,
  }),
});
const quantity = z.string().refine(q => parseQuantity(q) !== undefined, {
  message: 'must be a Kubernetes quantity such as 500m, 2, 512Mi or 2Gi',
});
const bounds = z
  .object({
    min: z.number().int().nonnegative().optional(),
    max: z.number().int().nonnegative().optional(),
  })
  .strict()
  .refine(b => b.min === undefined || b.max === undefined || b.min <= b.max, {
    message: 'min must not be larger than max',
  });
const globList = z.array(z.string().min(1));

const environmentSchema = z
  .object({
    extends: z.string().optional(),
    description: z.string().optional(),
    allowedClusters: globList.optional(),
    allowedNamespaces: globList.optional(),
    deniedNamespaces: globList.optional(),
    rules: z.array(ruleId).optional(),
    disabledRules: z.array(ruleId).optional(),
    fixedValues: z.record(z.unknown()).optional(),
    image: z
      .object({
        allowedRegistries: globList.optional(),
        allowEmptyTag: z.boolean().optional(),
      })
      .strict()
      .optional(),
    replicas: bounds.optional(),
    autoscaling: z
      .object({
        minReplicas: bounds.optional(),
        maxReplicas: bounds.optional(),
      })
      .strict()
      .optional(),
    resources: z
      .object({
        limitCeilings: z
          .object({ cpu: quantity.optional(), memory: quantity.optional() })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    serviceAccount: z
      .object({
        create: z.boolean().optional(),
        automount: z.boolean().optional(),
      })
      .strict()
      .optional(),
    rbac: z
      .object({
        create: z.boolean().optional(),
        readOnly: z.boolean().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const policySchema = z
  .object({
    useDefaults: z.boolean().optional(),
    environments: z.record(environmentSchema).optional(),
  })
  .strict();

type EnvironmentConfig = z.infer<typeof environmentSchema>;

function formatIssue(issue: z.ZodIssue): string {
  const key = [POLICY_CONFIG_KEY, ...issue.path].join('.');
  if (issue.code === 'unrecognized_keys') {
    return `${key}: unknown key(s) ${issue.keys.join(
      ', ',
    )} (check the spelling against the policy docs)`;
  }
  return `${key}: ${issue.message}`;
}

function applyEnvironment(
  start: EnvironmentPolicy,
  name: string,
  cfg: EnvironmentConfig,
): EnvironmentPolicy {
  const disabled = new Set<PolicyRuleId>(cfg.disabledRules ?? []);
  const rules = (cfg.rules ?? start.rules).filter(id => !disabled.has(id));
  return {
    name,
    description: cfg.description ?? start.description,
    allowedClusters: cfg.allowedClusters ?? start.allowedClusters,
    allowedNamespaces: cfg.allowedNamespaces ?? start.allowedNamespaces,
    deniedNamespaces: cfg.deniedNamespaces ?? start.deniedNamespaces,
    rules: [...new Set(rules)],
    fixedValues: deepMerge(start.fixedValues, cfg.fixedValues ?? {}),
    image: { ...start.image, ...cfg.image },
    replicas: { ...start.replicas, ...cfg.replicas },
    autoscaling: {
      minReplicas: {
        ...start.autoscaling.minReplicas,
        ...cfg.autoscaling?.minReplicas,
      },
      maxReplicas: {
        ...start.autoscaling.maxReplicas,
        ...cfg.autoscaling?.maxReplicas,
      },
    },
    resources: {
      limitCeilings: {
        ...start.resources.limitCeilings,
        ...cfg.resources?.limitCeilings,
      },
    },
    serviceAccount: { ...start.serviceAccount, ...cfg.serviceAccount },
    rbac: { ...start.rbac, ...cfg.rbac },
  };
}

function emptyPolicy(name: string): EnvironmentPolicy {
  return {
    name,
    allowedClusters: [],
    allowedNamespaces: ['*'],
    deniedNamespaces: [],
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

/**
 * Resolves `mcpKubernetes.policy` into one policy per environment.
 * Each configured environment starts from the shipped one of the same name
 * (or the one named by `extends`) unless `useDefaults: false`; any mistake
 * throws a `PolicyConfigError` naming every bad key.
 *
 * @public
 */
export function readPolicyConfig(
  config: Config,
): Record<string, EnvironmentPolicy> {
  const raw = config.getOptional(POLICY_CONFIG_KEY) ?? {};
  // Checked before zod, whose records would assign such keys onto prototypes.
  const forbidden = findForbiddenKey(raw);
  if (forbidden) {
    throw new PolicyConfigError(
      `Invalid company policy config: ${POLICY_CONFIG_KEY}.${forbidden}: the keys __proto__, constructor and prototype are not allowed; rename or remove it`,
    );
  }
  const parsed = policySchema.safeParse(raw);
  if (!parsed.success) {
    throw new PolicyConfigError(
      `Invalid company policy config: ${parsed.error.issues
        .map(formatIssue)
        .join('; ')}`,
    );
  }
  const useDefaults = parsed.data.useDefaults ?? true;
  const shipped = defaultEnvironmentPolicies();
  const shippedNamed = (name: string | undefined) =>
    name !== undefined && Object.prototype.hasOwnProperty.call(shipped, name)
      ? shipped[name]
      : undefined;
  const result: Record<string, EnvironmentPolicy> = useDefaults
    ? { ...shipped }
    : {};
  for (const [name, cfg] of Object.entries(parsed.data.environments ?? {})) {
    if (cfg.extends !== undefined && !shippedNamed(cfg.extends)) {
      throw new PolicyConfigError(
        `Invalid company policy config: ${POLICY_CONFIG_KEY}.environments.${name}.extends: unknown environment "${
          cfg.extends
        }"; use one of ${Object.keys(shipped).join(', ')}`,
      );
    }
    const startName = cfg.extends ?? (useDefaults ? name : undefined);
    const start = shippedNamed(startName) ?? emptyPolicy(name);
    result[name] = applyEnvironment(start, name, cfg);
  }
  if (Object.keys(result).length === 0) {
    throw new PolicyConfigError(
      `Invalid company policy config: ${POLICY_CONFIG_KEY}.environments is empty and useDefaults is false; define at least one environment`,
    );
  }
  return result;
}
