/** The resource types the fake API server serves, and how request paths map onto them. */

export interface ResourceType {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  /** Built-in types omit kind/apiVersion on list items and omit an empty `continue`. */
  builtin: boolean;
}

const t = (
  group: string,
  version: string,
  plural: string,
  kind: string,
  namespaced = true,
): ResourceType => ({
  group,
  version,
  plural,
  kind,
  namespaced,
  builtin:
    group === '' ||
    group.endsWith('.k8s.io') ||
    ['apps', 'autoscaling', 'policy'].includes(group),
});

export const RESOURCE_TYPES: ResourceType[] = [
  t('', 'v1', 'namespaces', 'Namespace', false),
  t('', 'v1', 'pods', 'Pod'),
  t('', 'v1', 'secrets', 'Secret'),
  t('', 'v1', 'configmaps', 'ConfigMap'),
  t('', 'v1', 'services', 'Service'),
  t('', 'v1', 'serviceaccounts', 'ServiceAccount'),
  t('apps', 'v1', 'deployments', 'Deployment'),
  t('apps', 'v1', 'replicasets', 'ReplicaSet'),
  t('networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy'),
  t('networking.k8s.io', 'v1', 'ingresses', 'Ingress'),
  t('rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false),
  t(
    'rbac.authorization.k8s.io',
    'v1',
    'clusterrolebindings',
    'ClusterRoleBinding',
    false,
  ),
  t('rbac.authorization.k8s.io', 'v1', 'roles', 'Role'),
  t('rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding'),
  t('autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler'),
  t('policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget'),
  t('', 'v1', 'events', 'Event'),
  t('external-secrets.io', 'v1', 'externalsecrets', 'ExternalSecret'),
  t('external-secrets.io', 'v1beta1', 'externalsecrets', 'ExternalSecret'),
  t('external-secrets.io', 'v1', 'secretstores', 'SecretStore'),
  t('external-secrets.io', 'v1beta1', 'secretstores', 'SecretStore'),
  t('cilium.io', 'v2', 'ciliumnetworkpolicies', 'CiliumNetworkPolicy'),
];

export function groupOf(apiVersion: string): {
  group: string;
  version: string;
} {
  const i = apiVersion.indexOf('/');
  return i < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

export function typeForKind(apiVersion: string, kind: string): ResourceType {
  const { group, version } = groupOf(apiVersion);
  const type = RESOURCE_TYPES.find(
    r => r.group === group && r.version === version && r.kind === kind,
  );
  if (!type) {
    throw new Error(`The fake API server does not serve ${apiVersion} ${kind}`);
  }
  return type;
}

/** Storage key of a type: all versions of a group share one store (like etcd). */
export const storageKey = (r: { group: string; plural: string }) =>
  `${r.group}/${r.plural}`;

export interface ParsedPath {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** Port part of `pods/{name}:{port}/proxy`. */
  proxyPort?: string;
  /** Path after `/proxy` (starts with `/`). */
  proxyPath?: string;
}

/**
 * Parses `/api/v1/...` and `/apis/{group}/{version}/...` resource paths; undefined for anything
 * else (the caller answers discovery paths or a text/plain 404).
 */
export function parseResourcePath(
  path: string,
  isServed: (r: ResourceType) => boolean,
): ParsedPath | undefined {
  const parts = path.split('/').filter((p, i) => i > 0 || p !== '');
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = decodeURIComponent(rest[1]);
    rest = rest.slice(2);
  }
  const type = RESOURCE_TYPES.find(
    r =>
      r.group === group &&
      r.version === version &&
      r.plural === rest[0] &&
      isServed(r),
  );
  if (
    !type ||
    (rest.length > 3 && !(type.plural === 'pods' && rest[2] === 'proxy'))
  ) {
    return undefined;
  }
  if (namespace !== undefined && !type.namespaced) {
    return undefined;
  }
  const parsed: ParsedPath = { type, namespace };
  if (rest[1] !== undefined) {
    parsed.name = decodeURIComponent(rest[1]);
  }
  if (rest[2] !== undefined) {
    parsed.subresource = rest[2];
  }
  if (type.plural === 'pods' && parsed.subresource === 'proxy' && parsed.name) {
    const colon = parsed.name.lastIndexOf(':');
    if (colon >= 0) {
      parsed.proxyPort = parsed.name.slice(colon + 1);
    }
    parsed.proxyPath = `/${rest.slice(3).join('/')}`;
  }
  return parsed;
}
