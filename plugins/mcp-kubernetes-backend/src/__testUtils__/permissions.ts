import { PermissionsService } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/**
 * A permission policy for tests that care WHICH entity a decision is made on: resource
 * permissions are allowed only on the listed entity refs (like an "is entity owner" rule),
 * basic permissions only when listed by name. Unconditional checks of resource permissions
 * (no entity to evaluate) are CONDITIONAL, as an ownership policy answers them.
 */
export interface OwnershipPolicy {
  /** Entity refs the caller owns: resource permissions are allowed on these only. */
  owns: string[];
  /** Basic permissions the caller holds, e.g. `mcp-kubernetes.fleet.read`. */
  holds?: string[];
}

export function ownershipPermissions(
  initial: OwnershipPolicy,
): PermissionsService & {
  calls: Array<{ name: string; resourceRef?: string }>;
  /** Switches the caller's grants (one backend, several callers). */
  set(policy: OwnershipPolicy): void;
} {
  let owns = new Set<string>();
  let holds = new Set<string>();
  const set = (policy: OwnershipPolicy) => {
    owns = new Set(policy.owns.map(r => r.toLocaleLowerCase('en-US')));
    holds = new Set(policy.holds ?? []);
  };
  set(initial);
  const calls: Array<{ name: string; resourceRef?: string }> = [];
  return {
    calls,
    set,
    async authorize(requests) {
      return requests.map(r => {
        const resourceRef = (r as { resourceRef?: string }).resourceRef;
        calls.push({ name: r.permission.name, resourceRef });
        const allowed =
          r.permission.type === 'resource'
            ? resourceRef !== undefined &&
              owns.has(resourceRef.toLocaleLowerCase('en-US'))
            : holds.has(r.permission.name);
        return {
          result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
        };
      });
    },
    async authorizeConditional(requests) {
      return requests.map(r => {
        calls.push({ name: r.permission.name });
        if (r.permission.type !== 'resource') {
          return {
            result: holds.has(r.permission.name)
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
          };
        }
        return {
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'catalog',
          resourceType: r.permission.resourceType,
          conditions: {
            rule: 'IS_ENTITY_OWNER',
            resourceType: r.permission.resourceType,
            params: { claims: ['group:default/team-a'] },
          },
        };
      }) as any;
    },
  };
}
