import type { ObjectStore } from './objectStore';
import type { ResourceType } from './resources';
import type { KubeObject } from './types';

/**
 * The few things kube-apiserver fills in on write that clients depend on: a Secret's
 * `stringData` folded into base64 `data`, a Service's cluster IP (helm 3's --wait needs one),
 * a Deployment's default `replicas`, a Namespace's phase and name label. Everything else the
 * real server defaults is left out; comparisons with a real server ignore such fields.
 */
export function applyWriteDefaults(
  store: ObjectStore,
  type: ResourceType,
  obj: KubeObject,
  previous?: KubeObject,
): KubeObject {
  const out = structuredClone(obj) as KubeObject & Record<string, any>;
  if (type.group === '' && type.kind === 'Secret') {
    if (out.stringData && typeof out.stringData === 'object') {
      const data = { ...(out.data ?? {}) };
      for (const [k, v] of Object.entries(
        out.stringData as Record<string, unknown>,
      )) {
        data[k] = Buffer.from(String(v), 'utf8').toString('base64');
      }
      out.data = data;
      delete out.stringData;
    }
    out.type = out.type ?? 'Opaque';
  }
  if (type.group === '' && type.kind === 'Service') {
    const spec = (out.spec ?? {}) as Record<string, any>;
    out.spec = spec;
    spec.type = spec.type ?? 'ClusterIP';
    if (spec.type !== 'ExternalName' && !spec.clusterIP) {
      const kept = (previous?.spec as Record<string, any> | undefined)
        ?.clusterIP;
      spec.clusterIP = kept ?? allocateClusterIp(store);
      spec.clusterIPs = [spec.clusterIP];
    }
    spec.sessionAffinity = spec.sessionAffinity ?? 'None';
  }
  if (type.group === 'apps' && type.kind === 'Deployment') {
    const spec = (out.spec ?? {}) as Record<string, any>;
    out.spec = spec;
    spec.replicas = spec.replicas ?? 1;
  }
  if (type.group === '' && type.kind === 'Namespace') {
    out.metadata.labels = {
      ...(out.metadata.labels ?? {}),
      'kubernetes.io/metadata.name': String(out.metadata.name),
    };
    out.spec = { finalizers: ['kubernetes'] };
    out.status = { phase: 'Active' };
  }
  return out;
}

let nextIp = 10;
function allocateClusterIp(store: ObjectStore): string {
  // Unique within the fake: 10.96.x.y from a counter (store only keeps the resourceVersion).
  void store;
  const n = nextIp++;
  return `10.96.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
}
