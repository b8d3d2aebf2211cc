import * as k8s from '@kubernetes/client-node';

/** One object as listed: kind, namespace (empty for cluster-scoped), name and helm's release annotations. */
export interface SnapshotObject {
  kind: string;
  namespace: string;
  name: string;
  releaseName?: string;
  releaseNamespace?: string;
}

/** Cluster-scoped and namespaced kinds a smuggled manifest would most likely create. */
const KINDS: Array<[apiVersion: string, kind: string]> = [
  ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRole'],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
  ['rbac.authorization.k8s.io/v1', 'Role'],
  ['v1', 'Namespace'],
  ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'],
  ['admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration'],
  ['admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration'],
  ['v1', 'PersistentVolume'],
  ['scheduling.k8s.io/v1', 'PriorityClass'],
  ['v1', 'ConfigMap'],
  ['v1', 'Secret'],
  ['v1', 'ServiceAccount'],
  ['v1', 'Service'],
  ['v1', 'Pod'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'DaemonSet'],
  ['apps/v1', 'StatefulSet'],
  ['batch/v1', 'Job'],
  ['batch/v1', 'CronJob'],
  ['networking.k8s.io/v1', 'Ingress'],
  ['networking.k8s.io/v1', 'NetworkPolicy'],
];

/**
 * Lists every object of those kinds in all namespaces and keeps only
 * kind, namespace, name and helm's release annotations (no Secret data is
 * kept or printed).
 */
export async function snapshotCluster(
  kubeConfig: k8s.KubeConfig,
): Promise<SnapshotObject[]> {
  const client = k8s.KubernetesObjectApi.makeApiClient(kubeConfig);
  const out: SnapshotObject[] = [];
  for (const [apiVersion, kind] of KINDS) {
    const list = await client.list(apiVersion, kind);
    for (const item of list.items) {
      const meta = item.metadata ?? {};
      out.push({
        kind,
        namespace: meta.namespace ?? '',
        name: meta.name ?? '',
        releaseName: meta.annotations?.['meta.helm.sh/release-name'],
        releaseNamespace: meta.annotations?.['meta.helm.sh/release-namespace'],
      });
    }
  }
  return out;
}

export const objectKey = (o: SnapshotObject) =>
  `${o.kind}/${o.namespace}/${o.name}`;

/**
 * What the chart may make for a release installed from typed answers (no
 * name overrides), written from the chart's naming rules (chart README),
 * independently of the action's own allow-list: fullname, the
 * namespace-prefixed ClusterRole(Binding), the OAuth Secret, and helm's own
 * release Secrets.
 */
export function chartAllowList(release: string, namespace: string) {
  const fullname = (
    release.includes('mcp-kubernetes') ? release : `${release}-mcp-kubernetes`
  )
    .slice(0, 63)
    .replace(/-$/, '');
  const clusterRole = `${namespace}-${fullname}`.slice(0, 63).replace(/-$/, '');
  return (o: SnapshotObject): boolean => {
    if (o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding') {
      return o.namespace === '' && o.name === clusterRole;
    }
    if (o.kind === 'Namespace') return o.name === namespace;
    if (o.namespace !== namespace) return false;
    if (o.kind === 'Secret') {
      return (
        o.name === `${fullname}-oauth` ||
        new RegExp(`^sh\\.helm\\.release\\.v1\\.${release}\\.v\\d+$`).test(
          o.name,
        )
      );
    }
    // Played by playControllers (the kubelet and controllers a bare API server lacks).
    if (o.kind === 'Pod') return o.name.startsWith(`${fullname}-`);
    if (o.kind === 'ServiceAccount' && o.name === 'default') return true;
    return [
      'Deployment',
      'Service',
      'ServiceAccount',
      'Ingress',
      'NetworkPolicy',
    ].includes(o.kind)
      ? o.name === fullname
      : false;
  };
}
