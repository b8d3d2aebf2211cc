import {
  createConditionAuthorizer,
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
  PermissionRule,
} from '@backstage/plugin-permission-node';
import {
  McpKubernetesDeployTarget,
  RESOURCE_TYPE_MCP_KUBERNETES_DEPLOY_TARGET,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { z } from 'zod';

/**
 * The deploy target (cluster, namespace, environment) as a permission
 * resource of the scaffolder plugin, with glob rules a policy can use, e.g.
 * "team-a may deploy to clusters `dev-*` in namespaces `team-a-*`". The deploy
 * action asks for a conditional decision and applies it to the target here.
 */

/** @public */
export const deployTargetResourceRef = createPermissionResourceRef<
  McpKubernetesDeployTarget,
  never
>().with({
  pluginId: 'scaffolder',
  resourceType: RESOURCE_TYPE_MCP_KUBERNETES_DEPLOY_TARGET,
});

/** `*` any run of characters, `?` one character; everything else literal, whole string. */
export function globToRegExp(glob: string): RegExp {
  const body = [...glob]
    .map(ch => {
      if (ch === '*') return '.*';
      if (ch === '?') return '.';
      return ch.replace(/[\\^$.|+()[\]{}]/g, m => `\\${m}`);
    })
    .join('');
  return new RegExp(`^${body}$`);
}

const matchesAny = (value: string, patterns: string[]) =>
  patterns.some(p => globToRegExp(p).test(value));

const paramsSchema = z.object({
  patterns: z
    .array(z.string())
    .describe('Glob patterns (* and ?); the rule matches when any does'),
});

/** Parameters of the deploy-target rules: glob patterns, any of which may match. @public */
export type TargetRuleParams = { patterns: string[] };

function targetRule(
  name: string,
  field: keyof McpKubernetesDeployTarget,
  what: string,
): PermissionRule<
  McpKubernetesDeployTarget,
  never,
  typeof RESOURCE_TYPE_MCP_KUBERNETES_DEPLOY_TARGET,
  TargetRuleParams
> {
  return createPermissionRule<typeof deployTargetResourceRef, TargetRuleParams>(
    {
      name,
      description: `Allow when the deploy target's ${what} matches one of the glob patterns`,
      resourceRef: deployTargetResourceRef,
      // zod v3 (this package's zod) is what permission-node converts to JSON
      // Schema; the cast spans two installed copies of zod's types.
      paramsSchema: paramsSchema as any,
      apply: (
        target: McpKubernetesDeployTarget,
        { patterns }: TargetRuleParams,
      ) => matchesAny(target[field], patterns),
      // Deploy targets are never queried from a store; only apply() is used.
      toQuery: () => {
        throw new Error(`${name} cannot be turned into a query`);
      },
    },
  );
}

/** @public */
export const deployTargetRules = {
  isCluster: targetRule('IS_CLUSTER', 'cluster', 'cluster name'),
  isNamespace: targetRule('IS_NAMESPACE', 'namespace', 'namespace'),
  isEnvironment: targetRule('IS_ENVIRONMENT', 'environment', 'environment'),
};

const conditionExports = createConditionExports({
  resourceRef: deployTargetResourceRef,
  rules: deployTargetRules,
});

/**
 * Condition factories for permission policies, e.g.
 * `createDeployTargetConditionalDecision(permission, { allOf: [deployTargetConditions.isEnvironment({ patterns: ['development'] })] })`.
 *
 * @public
 */
export const deployTargetConditions = conditionExports.conditions;

/**
 * A conditional decision on the deploy target, for a permission policy.
 *
 * @public
 */
export const createDeployTargetConditionalDecision =
  conditionExports.createConditionalDecision;

/** Applies a (possibly conditional) decision to one target. */
export const isDeployTargetAllowed = createConditionAuthorizer(
  Object.values(deployTargetRules),
);
