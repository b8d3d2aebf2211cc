import { PolicyViolation } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { minimatch } from 'minimatch';
import { parseQuantity } from '../quantity';
import { Bounds } from '../types';
import { getPath, isNonEmptyString, isTruthy } from '../values';
import { PolicyRule, violation } from './types';

/** Rules about what runs: resources, image, replicas, network policy, service account. */

const RESOURCE_KEYS = ['cpu', 'memory'] as const;

export const requestsAndLimits: PolicyRule = ({ values }) => {
  const found: PolicyViolation[] = [];
  for (const kind of ['requests', 'limits'] as const) {
    for (const res of RESOURCE_KEYS) {
      const path = `resources.${kind}.${res}`;
      const raw = getPath(values, path);
      if (raw === undefined || raw === null || raw === '') {
        found.push(
          violation(
            'resources.requests-and-limits',
            path,
            `${path} is not set, so the pod is scheduled without a ${res} ${
              kind === 'requests' ? 'request' : 'limit'
            }.`,
            `Set ${path}, e.g. ${
              res === 'cpu' ? '250m' : '256Mi'
            } (or pick a size preset).`,
          ),
        );
      } else if (parseQuantity(raw) === undefined) {
        found.push(
          violation(
            'resources.requests-and-limits',
            path,
            `${path} is not a Kubernetes quantity.`,
            `Write it like ${res === 'cpu' ? '500m or 1' : '512Mi or 1Gi'}.`,
          ),
        );
      }
    }
  }
  for (const res of RESOURCE_KEYS) {
    const request = parseQuantity(getPath(values, `resources.requests.${res}`));
    const limit = parseQuantity(getPath(values, `resources.limits.${res}`));
    if (request !== undefined && limit !== undefined && request > limit) {
      found.push(
        violation(
          'resources.requests-and-limits',
          `resources.requests.${res}`,
          `The ${res} request is larger than its limit; Kubernetes rejects such a pod.`,
          `Lower resources.requests.${res} or raise resources.limits.${res}.`,
        ),
      );
    }
  }
  return found;
};

export const limitCeilings: PolicyRule = ({ values, policy }) => {
  const found: PolicyViolation[] = [];
  for (const res of RESOURCE_KEYS) {
    const ceilingText = policy.resources.limitCeilings[res];
    const ceiling = parseQuantity(ceilingText);
    const path = `resources.limits.${res}`;
    const limit = parseQuantity(getPath(values, path));
    if (ceiling !== undefined && limit !== undefined && limit > ceiling) {
      found.push(
        violation(
          'resources.limit-ceilings',
          path,
          `${path} is above the ${policy.name} ceiling of ${ceilingText}.`,
          `Set ${path} to ${ceilingText} or less.`,
        ),
      );
    }
  }
  return found;
};

export const networkPolicyEnabled: PolicyRule = ({ values }) => {
  const path = 'ciliumNetworkPolicy.enabled';
  if (isTruthy(getPath(values, path))) {
    return [];
  }
  return [
    violation(
      'network-policy.enabled',
      path,
      'The CiliumNetworkPolicy is off, so the pods accept and send any traffic.',
      'Set ciliumNetworkPolicy.enabled=true (the cluster needs Cilium).',
    ),
  ];
};

export const pinnedTag: PolicyRule = ({ values, policy }) => {
  const path = 'image.tag';
  const tag = getPath(values, path);
  const text = tag === undefined || tag === null ? '' : String(tag).trim();
  if (text.toLowerCase() === 'latest') {
    return [
      violation(
        'image.pinned-tag',
        path,
        'image.tag is "latest", which changes under a running release and cannot be rolled back.',
        'Pin a released version, e.g. image.tag=v1.2.3 (or a sha256 digest).',
      ),
    ];
  }
  if (text === '' && !policy.image.allowEmptyTag) {
    return [
      violation(
        'image.pinned-tag',
        path,
        `image.tag is empty; the ${policy.name} policy requires an explicit version instead of the chart's appVersion.`,
        'Set image.tag to the released version you tested, e.g. v1.2.3.',
      ),
    ];
  }
  return [];
};

export const registryAllowed: PolicyRule = ({ values, policy }) => {
  const allowed = policy.image.allowedRegistries;
  if (allowed.length === 0) {
    return [];
  }
  const path = 'image.registry';
  const registry = getPath(values, path);
  if (
    isNonEmptyString(registry) &&
    allowed.some(glob => minimatch(registry.trim(), glob, { nocase: true }))
  ) {
    return [];
  }
  return [
    violation(
      'image.registry-allowed',
      path,
      `image.registry ${
        isNonEmptyString(registry) ? `"${registry}"` : '(empty)'
      } is not on the ${policy.name} allow-list.`,
      `Use one of: ${allowed.join(', ')}.`,
    ),
  ];
};

function outOfBounds(n: number, b: Bounds): boolean {
  return (
    (b.min !== undefined && n < b.min) || (b.max !== undefined && n > b.max)
  );
}

function describeBounds(b: Bounds): string {
  if (b.min !== undefined && b.max !== undefined) {
    return `between ${b.min} and ${b.max}`;
  }
  return b.min !== undefined ? `at least ${b.min}` : `at most ${b.max}`;
}

function checkCount(
  ruleId: 'replicas.bounds' | 'autoscaling.bounds',
  path: string,
  raw: unknown,
  bounds: Bounds,
): PolicyViolation[] {
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    return [
      violation(
        ruleId,
        path,
        `${path} must be a whole number.`,
        `Set ${path} to an integer.`,
      ),
    ];
  }
  if (outOfBounds(n, bounds)) {
    return [
      violation(
        ruleId,
        path,
        `${path} is ${n}; the policy wants ${describeBounds(bounds)}.`,
        `Set ${path} ${describeBounds(bounds)}.`,
      ),
    ];
  }
  return [];
}

export const replicaBounds: PolicyRule = ({ values, policy }) => {
  // With autoscaling on, the chart leaves replicas to the HPA; autoscaling.bounds applies instead.
  if (isTruthy(getPath(values, 'autoscaling.enabled'))) {
    return [];
  }
  return checkCount(
    'replicas.bounds',
    'replicaCount',
    getPath(values, 'replicaCount') ?? 1,
    policy.replicas,
  );
};

export const autoscalingBounds: PolicyRule = ({ values, policy }) => {
  if (!isTruthy(getPath(values, 'autoscaling.enabled'))) {
    return [];
  }
  const min = getPath(values, 'autoscaling.minReplicas') ?? 1;
  const max = getPath(values, 'autoscaling.maxReplicas') ?? 100;
  const found = [
    ...checkCount(
      'autoscaling.bounds',
      'autoscaling.minReplicas',
      min,
      policy.autoscaling.minReplicas,
    ),
    ...checkCount(
      'autoscaling.bounds',
      'autoscaling.maxReplicas',
      max,
      policy.autoscaling.maxReplicas,
    ),
  ];
  if (found.length === 0 && Number(min) > Number(max)) {
    found.push(
      violation(
        'autoscaling.bounds',
        'autoscaling.minReplicas',
        'autoscaling.minReplicas is larger than autoscaling.maxReplicas.',
        'Lower minReplicas or raise maxReplicas.',
      ),
    );
  }
  return found;
};

/** Compares boolean settings the policy declares with the values (absent in the policy: not checked). */
function checkSettings(
  ruleId: 'service-account.settings' | 'rbac.settings',
  prefix: string,
  wanted: Record<string, boolean | undefined>,
  values: Record<string, unknown>,
  env: string,
): PolicyViolation[] {
  const found: PolicyViolation[] = [];
  for (const [key, want] of Object.entries(wanted)) {
    if (want === undefined) {
      continue;
    }
    const path = `${prefix}.${key}`;
    const raw = getPath(values, path);
    if ((raw === undefined ? undefined : isTruthy(raw)) !== want) {
      found.push(
        violation(
          ruleId,
          path,
          `${path} is ${
            raw === undefined ? 'unset' : String(raw)
          }; the ${env} policy requires ${want}.`,
          `Set ${path}=${want}.`,
        ),
      );
    }
  }
  return found;
}

export const serviceAccountSettings: PolicyRule = ({ values, policy }) =>
  checkSettings(
    'service-account.settings',
    'serviceAccount',
    policy.serviceAccount,
    values,
    policy.name,
  );

export const rbacSettings: PolicyRule = ({ values, policy }) =>
  checkSettings('rbac.settings', 'rbac', policy.rbac, values, policy.name);

/**
 * `rbac.read-only`: the server's ClusterRole must be the read-only one (no
 * writes, no secrets). The shipped policy turns it on everywhere; an admin
 * turns it off per environment (`disabledRules`) to allow read-write installs.
 */
export const rbacReadOnly: PolicyRule = ({ values, policy }) => {
  const path = 'rbac.readOnly';
  if (isTruthy(getPath(values, path))) {
    return [];
  }
  return [
    violation(
      'rbac.read-only',
      path,
      `The ${policy.name} policy allows only read-only installs, but rbac.readOnly is not true: the ClusterRole would let the server change the cluster and read its secrets.`,
      `Choose read-only access (rbac.readOnly=true), or ask a platform admin to add rbac.read-only to mcpKubernetes.policy.environments.${policy.name}.disabledRules.`,
    ),
  ];
};
