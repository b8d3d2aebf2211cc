import { minimatch } from 'minimatch';
import { EnvironmentPolicy } from '../types';
import { PolicyRule, violation } from './types';

/**
 * Where an install may go. The paths `cluster` and `namespace` name the
 * action's inputs, not chart values.
 */

export function matchesAny(name: string, globs: string[]): boolean {
  return globs.some(glob => minimatch(name, glob));
}

/** A name written out, without glob characters, e.g. `prod-eu-1` (not `prod-*`). */
export function isExplicitClusterName(entry: string): boolean {
  return !/[*?[\]{}()!+@\\]/.test(entry);
}

/** Cluster name -> environments that name it outright in `allowedClusters`. */
export function clusterClaimsOf(
  policies: Record<string, EnvironmentPolicy>,
): Map<string, string[]> {
  const claims = new Map<string, string[]>();
  for (const policy of Object.values(policies)) {
    for (const entry of policy.allowedClusters) {
      if (!isExplicitClusterName(entry)) continue;
      const owners = claims.get(entry) ?? [];
      if (!owners.includes(policy.name)) owners.push(policy.name);
      claims.set(entry, owners);
    }
  }
  return claims;
}

export type ClusterPlacement =
  | { allowed: true }
  | {
      allowed: false;
      reason: 'none-configured' | 'claimed' | 'no-match';
      claimedBy?: readonly string[];
    };

/**
 * Whether an environment may deploy to a cluster: named outright in its list,
 * or matched by one of its globs and not named outright by another
 * environment (so `development: ['*']` never reaches `production: [prod-eu-1]`).
 */
export function clusterPlacement(
  policy: EnvironmentPolicy,
  cluster: string,
  claims: ReadonlyMap<string, readonly string[]> = new Map(),
): ClusterPlacement {
  if (policy.allowedClusters.length === 0) {
    return { allowed: false, reason: 'none-configured' };
  }
  if (policy.allowedClusters.includes(cluster)) {
    return { allowed: true };
  }
  const claimedBy = (claims.get(cluster) ?? []).filter(e => e !== policy.name);
  if (claimedBy.length > 0) {
    return { allowed: false, reason: 'claimed', claimedBy };
  }
  return matchesAny(cluster, policy.allowedClusters)
    ? { allowed: true }
    : { allowed: false, reason: 'no-match' };
}

export const clusterAllowed: PolicyRule = ({
  cluster,
  policy,
  clusterClaims,
}) => {
  if (cluster === undefined) {
    return [];
  }
  const placement = clusterPlacement(policy, cluster, clusterClaims);
  if (placement.allowed) {
    return [];
  }
  const configKey = `mcpKubernetes.policy.environments.${policy.name}.allowedClusters`;
  if (placement.reason === 'none-configured') {
    return [
      violation(
        'placement.cluster-allowed',
        'cluster',
        `Environment ${policy.name} allows no cluster: add it to ${configKey}.`,
        `A platform admin lists the clusters of each environment in app-config (${configKey}); until then nothing can be deployed in ${policy.name}.`,
      ),
    ];
  }
  if (placement.reason === 'claimed') {
    return [
      violation(
        'placement.cluster-allowed',
        'cluster',
        `Cluster ${cluster} belongs to the ${placement.claimedBy!.join(
          ', ',
        )} environment (named in its allowedClusters), so a ${
          policy.name
        } deploy cannot reach it.`,
        `Pick a cluster of the ${policy.name} environment, or choose the environment the cluster belongs to.`,
      ),
    ];
  }
  return [
    violation(
      'placement.cluster-allowed',
      'cluster',
      `Cluster ${cluster} is not allowed for the ${policy.name} environment.`,
      `Pick a cluster matching: ${policy.allowedClusters.join(', ')}.`,
    ),
  ];
};

export const namespaceAllowed: PolicyRule = ({ namespace, policy }) => {
  if (namespace === undefined) {
    return [];
  }
  if (matchesAny(namespace, policy.deniedNamespaces)) {
    return [
      violation(
        'placement.namespace-allowed',
        'namespace',
        `Namespace ${namespace} is reserved (denied in ${policy.name}).`,
        'Use a namespace of your team, e.g. mcp-<team>.',
      ),
    ];
  }
  if (!matchesAny(namespace, policy.allowedNamespaces)) {
    return [
      violation(
        'placement.namespace-allowed',
        'namespace',
        `Namespace ${namespace} is not allowed for the ${policy.name} environment.`,
        `Use a namespace matching: ${policy.allowedNamespaces.join(', ')}.`,
      ),
    ];
  }
  return [];
};
