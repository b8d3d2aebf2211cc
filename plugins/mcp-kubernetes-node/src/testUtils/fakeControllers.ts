import { createHash, randomBytes } from 'node:crypto';
import type { ObjectStore, StoreEvent } from './objectStore';
import { typeForKind } from './resources';
import type { KubeObject } from './types';

/**
 * Plays the deployment controller, replicaset controller, scheduler, kubelet and garbage
 * collector for Deployments, so that `helm --wait` finishes and a new install shows Ready pods:
 * a Deployment whose spec changed gets a ReplicaSet for its pod template and that many Pods
 * (Pending first, Running and Ready with a podIP after `readyAfterMs`), then the rolled-out
 * status kstatus and helm 3's ready checker look for. Pods of older ReplicaSets go away; a
 * deleted Deployment takes its ReplicaSets and Pods with it.
 *
 * @public
 */
export interface FakeControllerOptions {
  /** Time from a Deployment change to its pods being Ready (default 1000 ms). */
  readyAfterMs?: number;
}

const DEPLOYMENT = typeForKind('apps/v1', 'Deployment');
const REPLICA_SET = typeForKind('apps/v1', 'ReplicaSet');
const POD = typeForKind('v1', 'Pod');
const NODE_NAME = 'fake-node-1';
// The alphabet Kubernetes uses for generated name suffixes (no vowels, no confusable digits).
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

type Obj = KubeObject & Record<string, any>;

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

function suffix(bytes: Buffer, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++)
    out += ALPHANUMS[bytes[i] % ALPHANUMS.length];
  return out;
}

function ownerRef(owner: KubeObject) {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

const ownedBy = (o: KubeObject, owner: KubeObject) =>
  ((o.metadata.ownerReferences ?? []) as Array<{ uid?: string }>).some(
    r => r.uid === owner.metadata.uid,
  );

export class FakeControllers {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly unsubscribe: () => void;
  private nextPodIp = 10;
  private stopped = false;
  /** Set while the controllers write, so their own writes do not trigger them again. */
  private writing = false;

  constructor(
    private readonly store: ObjectStore,
    private readonly options: FakeControllerOptions = {},
  ) {
    this.unsubscribe = store.subscribe(e => this.onEvent(e));
  }

  /** Runs `fn` (a test seeding state) without the controllers reacting to its writes. */
  quietly<T>(fn: () => T): T {
    const was = this.writing;
    this.writing = true;
    try {
      return fn();
    } finally {
      this.writing = was;
    }
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    this.timers.forEach(t => clearTimeout(t));
    this.pending.forEach(t => clearTimeout(t));
  }

  private later(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (this.stopped) return;
      this.writing = true;
      try {
        fn();
      } finally {
        this.writing = false;
      }
    }, ms);
    this.timers.add(t);
    return t;
  }

  private onEvent(e: StoreEvent): void {
    if (this.writing) return;
    if (e.storage === 'apps/deployments') {
      const d = e.object as Obj;
      if (e.type === 'DELETED') {
        this.later(0, () => this.collect(d));
      } else if (d.status?.observedGeneration !== d.metadata.generation) {
        this.schedule(d);
      }
    } else if (e.storage === '/pods' && e.type === 'DELETED') {
      // A deleted Pod of a current ReplicaSet is replaced, as the ReplicaSet controller does.
      const rsName = (
        (e.object.metadata.ownerReferences ?? []) as Array<{
          kind?: string;
          name?: string;
        }>
      ).find(r => r.kind === 'ReplicaSet')?.name;
      const rs = rsName
        ? this.store.get(REPLICA_SET, e.object.metadata.namespace, rsName)
        : undefined;
      const owner = (
        (rs?.metadata.ownerReferences ?? []) as Array<{ name?: string }>
      )[0]?.name;
      const d = owner
        ? this.store.get(DEPLOYMENT, e.object.metadata.namespace, owner)
        : undefined;
      if (d) this.schedule(d);
    }
  }

  private schedule(d: KubeObject): void {
    const key = `${d.metadata.namespace}/${d.metadata.name}`;
    if (this.pending.has(key)) return;
    const t = this.later(50, () => {
      this.pending.delete(key);
      this.rollOut(d.metadata.namespace!, d.metadata.name!);
    });
    this.timers.delete(t);
    this.pending.set(key, t);
  }

  /** Creates the ReplicaSet and Pods for the current template; Ready after `readyAfterMs`. */
  private rollOut(namespace: string, name: string): void {
    const d = this.store.get(DEPLOYMENT, namespace, name) as Obj | undefined;
    if (!d) return;
    const replicas: number = d.spec?.replicas ?? 1;
    const template = d.spec?.template ?? {};
    const hash = suffix(
      createHash('sha256').update(JSON.stringify(template)).digest(),
      10,
    );
    const rsName = `${name}-${hash}`.slice(0, 253);
    const labels = {
      ...(template.metadata?.labels ?? {}),
      'pod-template-hash': hash,
    };
    const revision = Number(
      d.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0,
    );
    const existingRs = this.store.get(REPLICA_SET, namespace, rsName);
    const owned = this.store
      .list(REPLICA_SET, namespace)
      .filter(rs => ownedBy(rs, d));
    const nextRevision = existingRs ? revision || 1 : revision + 1;
    const deployment = this.store.put(DEPLOYMENT, {
      ...d,
      metadata: {
        ...d.metadata,
        annotations: {
          ...(d.metadata.annotations ?? {}),
          'deployment.kubernetes.io/revision': String(nextRevision),
        },
      },
    });
    const rs = this.store.put(REPLICA_SET, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        ...(existingRs?.metadata ?? {}),
        name: rsName,
        namespace,
        generation: existingRs?.metadata.generation ?? 1,
        labels,
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(replicas),
          'deployment.kubernetes.io/max-replicas': String(replicas + 1),
          'deployment.kubernetes.io/revision': String(nextRevision),
        },
        ownerReferences: [ownerRef(deployment)],
      },
      spec: {
        replicas,
        selector: {
          matchLabels: {
            ...(d.spec?.selector?.matchLabels ?? {}),
            'pod-template-hash': hash,
          },
        },
        template: {
          ...template,
          metadata: { ...(template.metadata ?? {}), labels },
        },
      },
      status: existingRs?.status ?? { replicas: 0, observedGeneration: 1 },
    });
    // Older ReplicaSets scale to zero and lose their pods.
    for (const old of owned.filter(o => o.metadata.name !== rsName)) {
      this.store.put(REPLICA_SET, {
        ...old,
        spec: { ...(old.spec as object), replicas: 0 },
        status: { replicas: 0, observedGeneration: old.metadata.generation },
      });
      this.podsOf(old).forEach(p =>
        this.store.delete(POD, namespace, p.metadata.name!),
      );
    }
    const pods = this.podsOf(rs);
    pods
      .slice(replicas)
      .forEach(p => this.store.delete(POD, namespace, p.metadata.name!));
    for (let i = pods.length; i < replicas; i++) {
      this.store.put(POD, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `${rsName}-${suffix(randomBytes(5), 5)}`,
          namespace,
          labels,
          annotations: template.metadata?.annotations,
          ownerReferences: [ownerRef(rs)],
        },
        spec: { ...(template.spec ?? {}), nodeName: NODE_NAME },
        status: {
          phase: 'Pending',
          conditions: [
            { type: 'PodScheduled', status: 'True', lastTransitionTime: now() },
          ],
          qosClass: 'BestEffort',
        },
      });
    }
    this.store.put(DEPLOYMENT, {
      ...deployment,
      status: {
        observedGeneration: deployment.metadata.generation,
        replicas,
        updatedReplicas: replicas,
        unavailableReplicas: replicas,
        conditions: [
          condition('Available', 'False', 'MinimumReplicasUnavailable'),
          condition('Progressing', 'True', 'ReplicaSetUpdated'),
        ],
      },
    });
    this.later(this.options.readyAfterMs ?? 1000, () =>
      this.markReady(namespace, name, rsName),
    );
  }

  private markReady(namespace: string, name: string, rsName: string): void {
    const d = this.store.get(DEPLOYMENT, namespace, name) as Obj | undefined;
    const rs = this.store.get(REPLICA_SET, namespace, rsName) as
      | Obj
      | undefined;
    if (!d || !rs) return;
    const pods = this.podsOf(rs);
    for (const p of pods as Obj[]) {
      if (p.status?.phase === 'Running') continue;
      const started = now();
      this.store.put(POD, {
        ...p,
        status: {
          phase: 'Running',
          conditions: [
            'Initialized',
            'Ready',
            'ContainersReady',
            'PodScheduled',
          ].map(type => ({
            type,
            status: 'True',
            lastTransitionTime: started,
          })),
          hostIP: '10.0.0.1',
          podIP: this.podIp(),
          startTime: started,
          containerStatuses: ((p.spec?.containers ?? []) as Obj[]).map(c => ({
            name: c.name,
            state: { running: { startedAt: started } },
            lastState: {},
            ready: true,
            restartCount: 0,
            image: c.image,
            imageID: `${c.image}@sha256:${createHash('sha256')
              .update(String(c.image))
              .digest('hex')}`,
            containerID: `containerd://${randomBytes(32).toString('hex')}`,
            started: true,
          })),
          qosClass: 'BestEffort',
        },
      });
    }
    const ready = this.podsOf(rs).length;
    this.store.put(REPLICA_SET, {
      ...rs,
      status: {
        replicas: ready,
        fullyLabeledReplicas: ready,
        readyReplicas: ready,
        availableReplicas: ready,
        observedGeneration: rs.metadata.generation,
      },
    });
    // Only the latest template counts: a newer change has its own roll-out on the way.
    if (!String(rsName).endsWith(currentHash(d))) return;
    this.store.put(DEPLOYMENT, {
      ...d,
      status: {
        observedGeneration: d.metadata.generation,
        replicas: ready,
        updatedReplicas: ready,
        readyReplicas: ready,
        availableReplicas: ready,
        conditions: [
          condition('Available', 'True', 'MinimumReplicasAvailable'),
          condition('Progressing', 'True', 'NewReplicaSetAvailable'),
        ],
      },
    });
  }

  private podsOf(rs: KubeObject): KubeObject[] {
    return this.store
      .list(POD, rs.metadata.namespace)
      .filter(p => ownedBy(p, rs));
  }

  private podIp(): string {
    const n = this.nextPodIp++;
    return `10.244.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
  }

  /** The garbage collector: a deleted Deployment's ReplicaSets and their Pods. */
  private collect(d: KubeObject): void {
    const namespace = d.metadata.namespace;
    for (const rs of this.store
      .list(REPLICA_SET, namespace)
      .filter(r => ownedBy(r, d))) {
      this.podsOf(rs).forEach(p =>
        this.store.delete(POD, namespace, p.metadata.name!),
      );
      this.store.delete(REPLICA_SET, namespace, rs.metadata.name!);
    }
  }
}

function currentHash(d: Obj): string {
  return suffix(
    createHash('sha256')
      .update(JSON.stringify(d.spec?.template ?? {}))
      .digest(),
    10,
  );
}

function condition(type: string, status: string, reason: string) {
  const t = now();
  return {
    type,
    status,
    lastUpdateTime: t,
    lastTransitionTime: t,
    reason,
    message:
      reason === 'NewReplicaSetAvailable'
        ? 'ReplicaSet has successfully progressed.'
        : `Deployment ${
            reason === 'MinimumReplicasAvailable' ? 'has' : 'does not have'
          } minimum availability.`,
  };
}
