/**
 * What the status and scale benchmarks share: the fake clusters in a child process
 * (bench/status-bench-fakes.ts, so the benchmark's RSS and event loop are the backend's own),
 * asked by message, a keep-alive HTTP GET, and small timing helpers.
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';

export type FakeCluster = { name: string; url: string; token: string };

/** The fake clusters as `kubernetes.clusterLocatorMethods` config. */
export function clusterLocatorConfig(clusters: FakeCluster[]) {
  return {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: clusters.map(c => ({
          name: c.name,
          url: c.url,
          authProvider: 'serviceAccount',
          serviceAccountToken: c.token,
          skipTLSVerify: true,
        })),
      },
    ],
  };
}

export function forkFakeClusters() {
  const child = fork(path.join(__dirname, 'status-bench-fakes.ts'), [], {
    execArgv: [
      '-r',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 0;
  function ask<T>(msg: Record<string, unknown>): Promise<T> {
    const id = ++nextId;
    return new Promise((resolve, reject) => {
      const onMessage = (m: { id: number; result?: T; error?: string }) => {
        if (m.id !== id) return;
        child.off('message', onMessage);
        if (m.error) reject(new Error(m.error));
        else resolve(m.result as T);
      };
      child.on('message', onMessage);
      child.send({ ...msg, id });
    });
  }
  /** Requests the fake API servers have answered so far (API calls and pod-proxy calls). */
  const apiRequests = () =>
    ask<{ api: number; proxy: number }>({ cmd: 'requests' });
  return { child, ask, apiRequests };
}

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** The p-th percentile of an ascending list. */
export const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** The keep-alive agent of `get`: destroy it when done, so the process can exit. */
export const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** A GET on one shared keep-alive agent (so the benchmark measures the backend, not TCP set-up). */
export function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, res => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', c => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

/**
 * An open-loop load at 200 requests/s (one every 5 ms, whether or not earlier ones answered):
 * latencies sorted ascending, the non-200 count and the wall time in seconds.
 */
export async function openLoop(count: number, url: (i: number) => string) {
  const latencies: number[] = [];
  const inflight: Array<Promise<number>> = [];
  const start = performance.now();
  const timed = async (sent: number, target: string) => {
    const res = await get(target);
    latencies.push(performance.now() - sent);
    return res.status;
  };
  for (let i = 0; i < count; i++) {
    const wait = start + i * 5 - performance.now();
    if (wait > 0) await sleep(wait);
    inflight.push(timed(performance.now(), url(i)));
  }
  const statuses = await Promise.all(inflight);
  latencies.sort((a, b) => a - b);
  return {
    latencies,
    failures: statuses.filter(status => status !== 200).length,
    seconds: (performance.now() - start) / 1000,
  };
}
