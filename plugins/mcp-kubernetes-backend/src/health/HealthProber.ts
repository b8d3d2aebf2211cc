import { LoggerService } from '@backstage/backend-plugin-api';
import type { V1Pod } from '@kubernetes/client-node';
import type { PodProxy } from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { PodHealthCheck } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { findInstallObjects, listInstalls } from '../status/findInstall';
import { SnapshotSource } from '../status/snapshotTypes';
import { bodyExcerpt } from './redact';
import { probeTargetOf } from './probeTarget';

export interface HealthProberOptions {
  source: SnapshotSource;
  proxy: PodProxy;
  logger: LoggerService;
  concurrency: number;
  timeoutMs: number;
  /** Bytes read from the pod's answer; the excerpt kept is shorter. */
  maxBodyBytes: number;
  excerptChars: number;
  now?: () => number;
}

interface Job {
  cluster: string;
  namespace: string;
  pod: V1Pod;
}

/** Runs `work` over `items` with at most `limit` in flight; one slow item holds only its own slot. */
export async function runBounded<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from(
    { length: Math.max(1, Math.min(limit, items.length)) },
    async () => {
      while (next < items.length) {
        const item = items[next++];
        await work(item);
      }
    },
  );
  await Promise.all(lanes);
}

/**
 * Probes every install pod's health endpoint through the API server's pod proxy and keeps the
 * latest answer per pod. Only `runOnce` (called by the scheduler) makes requests; `get` reads memory.
 */
export class HealthProber {
  private readonly results = new Map<string, PodHealthCheck>();

  private constructor(private readonly options: HealthProberOptions) {}

  static create(options: HealthProberOptions): HealthProber {
    return new HealthProber(options);
  }

  private static key(cluster: string, pod: V1Pod): string {
    // uid: a replaced pod with the same name must not inherit the old answer.
    return `${cluster}/${pod.metadata?.namespace}/${pod.metadata?.name}/${
      pod.metadata?.uid ?? ''
    }`;
  }

  get(cluster: string, pod: V1Pod): PodHealthCheck | undefined {
    return this.results.get(HealthProber.key(cluster, pod));
  }

  /** One probe round over every running, IP-assigned pod of every install. */
  async runOnce(): Promise<{ probed: number; failed: number }> {
    const { source } = this.options;
    const jobs: Job[] = [];
    for (const cluster of source.clusterNames()) {
      const snapshot = source.snapshot(cluster);
      for (const { namespace, release } of listInstalls(snapshot)) {
        for (const pod of findInstallObjects(snapshot, namespace, release)
          .pods) {
          if (
            pod.status?.phase === 'Running' &&
            pod.status.podIP &&
            !pod.metadata?.deletionTimestamp
          ) {
            jobs.push({ cluster, namespace, pod });
          }
        }
      }
    }
    const live = new Set(jobs.map(j => HealthProber.key(j.cluster, j.pod)));
    let failed = 0;
    await runBounded(jobs, this.options.concurrency, async job => {
      const check = await this.probe(job);
      if (check && !check.ok) failed += 1;
      if (check)
        this.results.set(HealthProber.key(job.cluster, job.pod), check);
    });
    // Forget pods that are gone so memory follows the fleet.
    for (const key of this.results.keys()) {
      if (!live.has(key)) this.results.delete(key);
    }
    return { probed: jobs.length, failed };
  }

  private async probe(job: Job): Promise<PodHealthCheck | undefined> {
    const target = probeTargetOf(job.pod);
    if (!target) {
      return undefined;
    }
    const { proxy, timeoutMs, maxBodyBytes, excerptChars } = this.options;
    const now = this.options.now ?? Date.now;
    const started = now();
    const base = { path: target.path, port: target.port };
    try {
      // The proxy enforces the timeout; the race is a backstop so a stuck call cannot hold a lane.
      const response = await withTimeout(
        proxy.get({
          cluster: job.cluster,
          namespace: job.namespace,
          pod: job.pod.metadata?.name ?? '',
          port: target.port,
          path: target.path,
          timeoutMs,
          maxBytes: maxBodyBytes,
        }),
        timeoutMs + 500,
      );
      const check: PodHealthCheck = {
        ...base,
        httpStatus: response.status,
        latencyMs: Math.round(response.latencyMs),
        checkedAt: new Date(now()).toISOString(),
        ok: response.status >= 200 && response.status < 300,
      };
      const excerpt = bodyExcerpt(response.body, excerptChars);
      if (excerpt) check.bodyExcerpt = excerpt;
      return check;
    } catch (error) {
      const message = bodyExcerpt(
        error instanceof Error ? error.message : String(error),
        300,
      );
      this.options.logger.debug(
        `Health probe of pod ${job.namespace}/${job.pod.metadata?.name} in ${job.cluster} failed: ${message}`,
      );
      return {
        ...base,
        latencyMs: Math.round(now() - started),
        checkedAt: new Date(now()).toISOString(),
        error: message,
        ok: false,
      };
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
