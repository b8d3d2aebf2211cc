import { minimatch } from 'minimatch';
import { PolicyRule, violation } from './types';

/**
 * Where an install may go. The paths `cluster` and `namespace` name the
 * action's inputs, not chart values.
 */

export function matchesAny(name: string, globs: string[]): boolean {
  return globs.some(glob => minimatch(name, glob));
}

export const clusterAllowed: PolicyRule = ({ cluster, policy }) => {
  if (cluster === undefined || matchesAny(cluster, policy.allowedClusters)) {
    return [];
  }
  return [
    violation(
      'placement.cluster-allowed',
      'cluster',
      `Cluster ${cluster} is not allowed for the ${policy.name} environment.`,
      policy.allowedClusters.length
        ? `Pick a cluster matching: ${policy.allowedClusters.join(', ')}.`
        : `The ${policy.name} environment allows no clusters; ask a platform admin.`,
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
