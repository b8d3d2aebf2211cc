import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';

/**
 * The two cluster writes of the day-2 actions that helm does not make: a
 * rollout restart (what `kubectl rollout restart` writes) and removing the
 * namespace an uninstall emptied.
 */

/** The pod template annotation `kubectl rollout restart` sets. @public */
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

const strategicMerge = setHeaderOptions(
  'Content-Type',
  PatchStrategy.StrategicMergePatch,
);

/**
 * Rollout restart of one Deployment: a new pod template annotation makes the
 * Deployment controller replace every pod (so a rotated Secret is read).
 * Only this annotation changes; helm's server-side apply does not own it.
 *
 * @public
 */
export async function restartDeployment(opts: {
  kubeConfig: KubeConfig;
  namespace: string;
  name: string;
  /** ISO time written into the annotation (default: now). */
  at?: string;
}): Promise<{ restartedAt: string; resourceVersion?: string }> {
  const restartedAt = opts.at ?? new Date().toISOString();
  const patched = await opts.kubeConfig
    .makeApiClient(AppsV1Api)
    .patchNamespacedDeployment(
      {
        name: opts.name,
        namespace: opts.namespace,
        body: {
          spec: {
            template: {
              metadata: {
                annotations: { [RESTARTED_AT_ANNOTATION]: restartedAt },
              },
            },
          },
        },
      },
      strategicMerge,
    );
  return { restartedAt, resourceVersion: patched.metadata?.resourceVersion };
}

/**
 * Names of the helm releases (other than `except`) whose release records are
 * in the namespace: a namespace that still holds one is not removed.
 *
 * @public
 */
export async function otherHelmReleasesIn(opts: {
  kubeConfig: KubeConfig;
  namespace: string;
  except: string;
}): Promise<string[]> {
  const secrets = await opts.kubeConfig
    .makeApiClient(CoreV1Api)
    .listNamespacedSecret({
      namespace: opts.namespace,
      labelSelector: 'owner=helm',
    });
  const names = new Set(
    secrets.items
      .map(s => s.metadata?.labels?.name)
      .filter((n): n is string => !!n && n !== opts.except),
  );
  return [...names].sort();
}

/** Deletes a namespace; true when it was there. @public */
export async function deleteNamespace(opts: {
  kubeConfig: KubeConfig;
  namespace: string;
}): Promise<boolean> {
  try {
    await opts.kubeConfig
      .makeApiClient(CoreV1Api)
      .deleteNamespace({ name: opts.namespace });
    return true;
  } catch (e) {
    if ((e as { code?: number }).code === 404) return false;
    throw e;
  }
}
