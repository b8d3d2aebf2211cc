import { createHash, randomBytes } from 'node:crypto';
import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  V1Deployment,
  V1Pod,
  V1ReplicaSet,
} from '@kubernetes/client-node';

/** @public */
export interface PlayControllersOptions {
  kubeConfig: KubeConfig;
  namespace: string;
  /**
   * Addresses given to pods as `status.podIP`, lowest unused first (reused when all are taken).
   * Pass the addresses of a {@link startPodNetwork} when something will probe the pods. The
   * default is link-local (169.254.0.10 and up), which the API server's pod proxy refuses to
   * dial ("address not allowed"): a probe of such a pod sends nothing anywhere.
   */
  podIPs?: string[];
  /**
   * Deployments it returns true for are left as they are (no ReplicaSet, pods or status): an
   * image that never pulls, so `helm --wait` times out.
   */
  neverReady?: (deployment: V1Deployment) => boolean;
  /** Poll period (default 250 ms). */
  intervalMs?: number;
  /** Node name written on pods (default `mcpk-test-node`; no such Node object exists). */
  nodeName?: string;
}

/** @public */
export interface PlayedControllers {
  stop(): Promise<void>;
}

const TEMPLATE_HASH_LABEL = 'pod-template-hash';
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const DEFAULT_POD_IPS = Array.from(
  { length: 200 },
  (_, i) => `169.254.0.${i + 10}`,
);

function isConflictOrGone(e: unknown): boolean {
  const code = (e as { code?: number }).code;
  return code === 404 || code === 409;
}

function templateHash(deployment: V1Deployment): string {
  return createHash('sha256')
    .update(JSON.stringify(deployment.spec?.template ?? {}))
    .digest('hex')
    .slice(0, 10);
}

function ownerUid(
  obj: {
    metadata?: { ownerReferences?: Array<{ uid: string; kind: string }> };
  },
  kind: string,
): string | undefined {
  return obj.metadata?.ownerReferences?.find(o => o.kind === kind)?.uid;
}

/**
 * Plays the Deployment controller, ReplicaSet controller, garbage collector and kubelet for one
 * namespace of a bare API server (no controller-manager, no kubelets): every Deployment gets a
 * ReplicaSet for its current template (old ones and their pods are deleted), `spec.replicas`
 * Running+Ready pods with a podIP, and a rolled-out status (observedGeneration, replica counts,
 * Available and Progressing=NewReplicaSetAvailable), which is what helm 4's `--wait=watcher`
 * (kstatus) and helm 3's `--wait` (the new ReplicaSet's ready replicas) look at. Creates the
 * namespace's `default` ServiceAccount, without which the API server refuses pods.
 *
 * @public
 */
export function playControllers(
  options: PlayControllersOptions,
): PlayedControllers {
  const { kubeConfig, namespace } = options;
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const pool = options.podIPs?.length ? options.podIPs : DEFAULT_POD_IPS;
  const nodeName = options.nodeName ?? 'mcpk-test-node';
  let stopped = false;
  let lastError: unknown;
  let failures = 0;

  async function ensureDefaultServiceAccount() {
    await core
      .createNamespacedServiceAccount({
        namespace,
        body: { metadata: { name: 'default' } },
      })
      .catch(e => {
        if (!isConflictOrGone(e)) throw e;
      });
  }

  async function markPodRunning(pod: V1Pod, podIP: string) {
    const now = new Date().toISOString();
    const condition = (type: string) => ({
      type,
      status: 'True',
      lastTransitionTime: now,
    });
    await core.patchNamespacedPodStatus(
      {
        namespace,
        name: pod.metadata!.name!,
        body: {
          status: {
            phase: 'Running',
            hostIP: '192.0.2.1',
            podIP,
            podIPs: [{ ip: podIP }],
            startTime: now,
            conditions: [
              condition('Initialized'),
              condition('Ready'),
              condition('ContainersReady'),
              condition('PodScheduled'),
            ],
            containerStatuses: (pod.spec?.containers ?? []).map(c => ({
              name: c.name,
              image: c.image ?? '',
              imageID: '',
              ready: true,
              started: true,
              restartCount: 0,
              state: { running: { startedAt: now } },
            })),
          },
        },
      },
      mergePatch,
    );
  }

  async function reconcile(
    deployment: V1Deployment,
    replicaSets: V1ReplicaSet[],
    pods: V1Pod[],
    usedIPs: Set<string>,
  ) {
    const meta = deployment.metadata!;
    const replicas = deployment.spec?.replicas ?? 1;
    const hash = templateHash(deployment);
    const rsName = `${meta.name}-${hash}`.slice(0, 63);
    const owned = replicaSets.filter(
      rs => ownerUid(rs, 'Deployment') === meta.uid,
    );
    // A rollout: the old ReplicaSets and their pods go away.
    for (const old of owned.filter(rs => rs.metadata?.name !== rsName)) {
      await apps
        .deleteNamespacedReplicaSet({ namespace, name: old.metadata!.name! })
        .catch(e => {
          if (!isConflictOrGone(e)) throw e;
        });
    }
    const template = deployment.spec?.template ?? {};
    const podLabels = {
      ...(template.metadata?.labels ?? {}),
      [TEMPLATE_HASH_LABEL]: hash,
    };
    let rs = owned.find(r => r.metadata?.name === rsName);
    if (!rs) {
      rs = await apps.createNamespacedReplicaSet({
        namespace,
        body: {
          metadata: {
            name: rsName,
            labels: podLabels,
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'Deployment',
                name: meta.name!,
                uid: meta.uid!,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          },
          spec: {
            replicas,
            selector: {
              matchLabels: {
                ...(deployment.spec?.selector?.matchLabels ?? {}),
                [TEMPLATE_HASH_LABEL]: hash,
              },
              matchExpressions: deployment.spec?.selector?.matchExpressions,
            },
            template: {
              ...template,
              metadata: { ...template.metadata, labels: podLabels },
            },
          },
        },
      });
    } else if (rs.spec?.replicas !== replicas) {
      rs = await apps.patchNamespacedReplicaSet(
        { namespace, name: rsName, body: { spec: { replicas } } },
        mergePatch,
      );
    }
    const rsUid = rs.metadata!.uid!;
    const mine = pods.filter(
      p =>
        ownerUid(p, 'ReplicaSet') === rsUid && !p.metadata?.deletionTimestamp,
    );
    for (const extra of mine.slice(replicas)) {
      await core
        .deleteNamespacedPod({
          namespace,
          name: extra.metadata!.name!,
          gracePeriodSeconds: 0,
        })
        .catch(e => {
          if (!isConflictOrGone(e)) throw e;
        });
    }
    const kept = mine.slice(0, replicas);
    for (let i = kept.length; i < replicas; i++) {
      const created = await core.createNamespacedPod({
        namespace,
        body: {
          metadata: {
            name: `${rsName}-${randomBytes(3).toString('hex')}`.slice(0, 63),
            labels: podLabels,
            annotations: template.metadata?.annotations,
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'ReplicaSet',
                name: rsName,
                uid: rsUid,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          },
          spec: { ...template.spec!, nodeName },
        },
      });
      kept.push(created);
    }
    for (const pod of kept) {
      if (pod.status?.phase === 'Running' && pod.status.podIP) continue;
      const ip =
        pool.find(a => !usedIPs.has(a)) ?? pool[usedIPs.size % pool.length];
      usedIPs.add(ip);
      await markPodRunning(pod, ip);
    }
    const counts = {
      replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
    };
    if (
      rs.status?.observedGeneration !== rs.metadata?.generation ||
      rs.status?.readyReplicas !== replicas ||
      rs.status?.replicas !== replicas
    ) {
      await apps.patchNamespacedReplicaSetStatus(
        {
          namespace,
          name: rsName,
          body: {
            status: {
              ...counts,
              fullyLabeledReplicas: replicas,
              observedGeneration: rs.metadata?.generation,
            },
          },
        },
        mergePatch,
      );
    }
    const status = deployment.status ?? {};
    if (
      status.observedGeneration !== meta.generation ||
      status.updatedReplicas !== replicas ||
      status.readyReplicas !== replicas ||
      status.availableReplicas !== replicas ||
      status.replicas !== replicas ||
      !status.conditions?.some(c => c.reason === 'NewReplicaSetAvailable')
    ) {
      const now = new Date().toISOString();
      await apps.patchNamespacedDeploymentStatus(
        {
          namespace,
          name: meta.name!,
          body: {
            status: {
              ...counts,
              updatedReplicas: replicas,
              unavailableReplicas: null,
              observedGeneration: meta.generation,
              conditions: [
                {
                  type: 'Available',
                  status: 'True',
                  reason: 'MinimumReplicasAvailable',
                  message: 'Deployment has minimum availability.',
                  lastUpdateTime: now,
                  lastTransitionTime: now,
                },
                {
                  type: 'Progressing',
                  status: 'True',
                  reason: 'NewReplicaSetAvailable',
                  message: `ReplicaSet "${rsName}" has successfully progressed.`,
                  lastUpdateTime: now,
                  lastTransitionTime: now,
                },
              ],
            },
          },
        },
        mergePatch,
      );
    }
  }

  async function round() {
    await ensureDefaultServiceAccount();
    const [deployments, replicaSets, pods] = await Promise.all([
      apps.listNamespacedDeployment({ namespace }),
      apps.listNamespacedReplicaSet({ namespace }),
      core.listNamespacedPod({ namespace }),
    ]);
    const live = new Set(deployments.items.map(d => d.metadata?.uid));
    const rsUids = new Set(replicaSets.items.map(r => r.metadata?.uid));
    // Garbage collector: ReplicaSets of deleted Deployments, pods of deleted ReplicaSets.
    for (const rs of replicaSets.items) {
      const owner = ownerUid(rs, 'Deployment');
      if (owner && !live.has(owner)) {
        rsUids.delete(rs.metadata?.uid);
        await apps
          .deleteNamespacedReplicaSet({ namespace, name: rs.metadata!.name! })
          .catch(e => {
            if (!isConflictOrGone(e)) throw e;
          });
      }
    }
    const keptPods: V1Pod[] = [];
    for (const pod of pods.items) {
      const owner = ownerUid(pod, 'ReplicaSet');
      if (owner && !rsUids.has(owner)) {
        await core
          .deleteNamespacedPod({
            namespace,
            name: pod.metadata!.name!,
            gracePeriodSeconds: 0,
          })
          .catch(e => {
            if (!isConflictOrGone(e)) throw e;
          });
      } else {
        keptPods.push(pod);
      }
    }
    const usedIPs = new Set(
      keptPods.map(p => p.status?.podIP).filter((ip): ip is string => !!ip),
    );
    for (const deployment of deployments.items) {
      if (deployment.metadata?.deletionTimestamp) continue;
      if (options.neverReady?.(deployment)) continue;
      await reconcile(deployment, replicaSets.items, keptPods, usedIPs);
    }
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        await round();
        lastError = undefined;
        failures = 0;
      } catch (e) {
        // Races with helm (objects replaced mid-round) settle in the next round; say so when
        // one does not, or a test would only see its wait time out.
        lastError = e;
        if (++failures === 20) {
          // eslint-disable-next-line no-console
          console.warn(
            `playControllers(${namespace}) keeps failing: ${
              (e as Error).message ?? e
            }`,
          );
        }
      }
      await new Promise(r => setTimeout(r, options.intervalMs ?? 250));
    }
  })();

  return {
    async stop() {
      stopped = true;
      await loop;
      if (lastError && (lastError as { code?: number }).code === 403) {
        throw new Error(
          `playControllers: forbidden in namespace ${namespace}; it needs an admin kubeconfig`,
        );
      }
    },
  };
}
