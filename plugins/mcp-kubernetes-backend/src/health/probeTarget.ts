import type { V1Pod } from '@kubernetes/client-node';

export const DEFAULT_HEALTH_PATH = '/health';
export const DEFAULT_HEALTH_PORT = 8080;

/** Where to probe a pod: only the port and path its own spec declares (no caller input, no SSRF). */
export interface ProbeTarget {
  port: number | string;
  path: string;
}

/**
 * Reads the readiness probe's httpGet of the pod's first container that has one; falls back to
 * `/health` on 8080 (the chart's defaults). HTTPS probes are skipped: the pod proxy would need the
 * `https:` scheme prefix and the chart serves plain HTTP.
 */
export function probeTargetOf(pod: V1Pod): ProbeTarget | undefined {
  for (const container of pod.spec?.containers ?? []) {
    const get = container.readinessProbe?.httpGet;
    if (get) {
      if (get.scheme && get.scheme.toUpperCase() !== 'HTTP') {
        return undefined;
      }
      const path =
        get.path && get.path.startsWith('/') ? get.path : DEFAULT_HEALTH_PATH;
      return { port: get.port ?? DEFAULT_HEALTH_PORT, path };
    }
  }
  return { port: DEFAULT_HEALTH_PORT, path: DEFAULT_HEALTH_PATH };
}
