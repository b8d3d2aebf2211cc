import type { V1Deployment, V1Pod, V1PodSpec } from '@kubernetes/client-node';
import type {
  ClusterSnapshot,
  ExternalSecretObject,
  V1PartialObjectMetadata,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';

/** Label the chart puts on everything of a release (Helm convention). */
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';
/** Label naming the chart's app; `mcp-kubernetes` unless the chart's nameOverride changed it. */
export const NAME_LABEL = 'app.kubernetes.io/name';
export const DEFAULT_APP_NAME = 'mcp-kubernetes';

/** The live objects that make up one install. */
export interface InstallObjects {
  deployment?: V1Deployment;
  pods: V1Pod[];
  externalSecret?: ExternalSecretObject;
  /** Names of the Secrets the pod template reads (env, envFrom, volumes). */
  referencedSecretNames: string[];
  /** The Secret metadata the ExternalSecret writes (or, without ESO, the first referenced Secret). */
  targetSecretName?: string;
  targetSecret?: V1PartialObjectMetadata;
}

function matchesLabels(
  labels: Record<string, string> | undefined,
  wanted: Record<string, string>,
): boolean {
  return Object.entries(wanted).every(([k, v]) => labels?.[k] === v);
}

/** Secret names a pod spec reads, in declaration order, without duplicates. */
export function secretNamesReferencedBy(spec: V1PodSpec | undefined): string[] {
  const names: string[] = [];
  const add = (name: string | undefined) => {
    if (name && !names.includes(name)) {
      names.push(name);
    }
  };
  for (const c of [
    ...(spec?.initContainers ?? []),
    ...(spec?.containers ?? []),
  ]) {
    for (const env of c.env ?? []) {
      add(env.valueFrom?.secretKeyRef?.name);
    }
    for (const from of c.envFrom ?? []) {
      add(from.secretRef?.name);
    }
  }
  for (const volume of spec?.volumes ?? []) {
    add(volume.secret?.secretName);
    for (const source of volume.projected?.sources ?? []) {
      add(source.secret?.name);
    }
  }
  return names;
}

function targetNameOf(es: ExternalSecretObject): string | undefined {
  // ESO writes to spec.target.name, defaulting to the ExternalSecret's own name.
  return es.spec?.target?.name || es.metadata?.name;
}

type Namespaced = { metadata?: { namespace?: string } };
const namespaceIndexes = new WeakMap<object, Map<string, unknown[]>>();

/**
 * Groups a snapshot list by namespace, once per list: the watch cache hands out the same array
 * until something changes (and a new array after; lists are never mutated in place), so
 * steady-state lookups skip the scan of the whole cluster.
 */
function inNamespaceOf<T extends Namespaced>(
  list: T[],
  namespace: string,
): T[] {
  let index = namespaceIndexes.get(list) as Map<string, T[]> | undefined;
  if (!index) {
    index = new Map();
    for (const item of list) {
      const ns = item.metadata?.namespace ?? '';
      const bucket = index.get(ns);
      if (bucket) bucket.push(item);
      else index.set(ns, [item]);
    }
    namespaceIndexes.set(list, index as Map<string, unknown[]>);
  }
  return index.get(namespace) ?? [];
}

/**
 * Finds an install's objects in a cluster snapshot. Pods are the ones the Deployment's own selector
 * matches (so the prober only ever touches the install's pods); without a Deployment, the release's
 * instance + name labels.
 */
export function findInstallObjects(
  snapshot: ClusterSnapshot,
  namespace: string,
  release: string,
): InstallObjects {
  const candidates = inNamespaceOf(snapshot.deployments, namespace).filter(
    d => d.metadata?.labels?.[INSTANCE_LABEL] === release,
  );
  const deployment =
    candidates.find(
      d => d.metadata?.labels?.[NAME_LABEL] === DEFAULT_APP_NAME,
    ) ?? candidates[0];

  const selector: Record<string, string> = deployment?.spec?.selector
    ?.matchLabels ?? {
    [INSTANCE_LABEL]: release,
    [NAME_LABEL]: DEFAULT_APP_NAME,
  };
  const pods =
    Object.keys(selector).length === 0
      ? []
      : inNamespaceOf(snapshot.pods, namespace).filter(p =>
          matchesLabels(p.metadata?.labels, selector),
        );

  const referencedSecretNames = secretNamesReferencedBy(
    deployment?.spec?.template?.spec,
  );
  const secretsInNs = inNamespaceOf(snapshot.externalSecrets, namespace);
  // Prefer the ExternalSecret that feeds what the pods actually read; else the release's own one.
  const externalSecret =
    referencedSecretNames
      .map(name => secretsInNs.find(es => targetNameOf(es) === name))
      .find(Boolean) ??
    secretsInNs.find(es => es.metadata?.labels?.[INSTANCE_LABEL] === release);

  const targetSecretName = externalSecret
    ? targetNameOf(externalSecret)
    : referencedSecretNames[0];
  const targetSecret = targetSecretName
    ? inNamespaceOf(snapshot.secrets, namespace).find(
        s => s.metadata?.name === targetSecretName,
      )
    : undefined;

  return {
    deployment,
    pods,
    externalSecret,
    referencedSecretNames,
    targetSecretName,
    targetSecret,
  };
}

/** Every install (namespace + release) visible in a snapshot, found through Deployments. */
export function listInstalls(
  snapshot: ClusterSnapshot,
): Array<{ namespace: string; release: string }> {
  const seen = new Set<string>();
  const out: Array<{ namespace: string; release: string }> = [];
  for (const d of snapshot.deployments) {
    const namespace = d.metadata?.namespace;
    const release = d.metadata?.labels?.[INSTANCE_LABEL];
    if (!namespace || !release) {
      continue;
    }
    const key = `${namespace}/${release}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ namespace, release });
    }
  }
  return out;
}
