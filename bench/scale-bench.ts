/**
 * Scale benchmark (issue 11). Run: `npm run bench:scale`.
 *
 * 1,000 installs (2 pods each) over 20 fake API servers, and 1 or 3 backend replicas running the
 * real plugin (its public default export, through startTestBackend) with Backstage's real
 * scheduler on one PostgreSQL and one shared cache (Redis when reachable, else one in-memory
 * store handed to every replica). Prints, per replica count:
 *   - the start-up sweep's requests (a `scope: 'global'` task: once for the fleet whatever the
 *     replica count, within its share of the budget);
 *   - for 15 and then 30 open cards (BENCH_VIEWERS), after a warm-up: the plugin's requests
 *     against the API servers per second, watches aside (sweep, views, other), and the age of
 *     the `/health` answers the cards show. 15 cards fit the view budget; 30 do not, so the
 *     total must stay at the budget while answers age past the freshness;
 *   - status p50/p99 at 200 req/s spread over the replicas.
 * The fake servers run in a child process (bench/status-bench-fakes.ts).
 *
 * Environment: BENCH_VIEW_SECONDS (default 60), BENCH_VIEWERS (default 15,30), MCPK_BENCH_REDIS (default redis://127.0.0.1:6379),
 * MCPK_BENCH_POSTGRES (default postgresql://postgres@127.0.0.1:5432).
 */
import {
  coreServices,
  createServiceFactory,
  CacheService,
} from '@backstage/backend-plugin-api';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import mcpKubernetesPlugin from '@mcp-kubernetes/plugin-mcp-kubernetes-backend';
import { pinnedHelmPath } from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import { dropDatabasesWithPrefix } from '../plugins/mcp-kubernetes-backend/src/__testUtils__/postgresDatabases';
import {
  FakeCluster,
  forkFakeClusters,
  get,
  pct,
  sleep,
  clusterLocatorConfig,
  openLoop,
} from './common';

const VIEW_SECONDS = Number(process.env.BENCH_VIEW_SECONDS ?? 60);
const WARM_UP_SECONDS = 20;
const REDIS = process.env.MCPK_BENCH_REDIS ?? 'redis://127.0.0.1:6379';
const POSTGRES =
  process.env.MCPK_BENCH_POSTGRES ?? 'postgresql://postgres@127.0.0.1:5432';
const CLUSTERS = 20;
const INSTALLS_PER_CLUSTER = 50;
const PODS_PER_INSTALL = 2;
// The plugin's defaults: a 5-minute sweep with 0.25 of the 2 requests/s; views share the rest
// (1.75/s), which keeps 35 pods 20 s fresh: 17 cards of 2-pod installs.
const SWEEP_SECONDS = 300;
const FRESHNESS_SECONDS = 20;
const VIEW_BUDGET_PODS = 1.75 * FRESHNESS_SECONDS;
// People with a card open, each on its own install: within the view budget, then beyond it.
const VIEWER_COUNTS = (process.env.BENCH_VIEWERS ?? '15,30')
  .split(',')
  .map(Number);
const CARD_POLL_MS = 10_000;

// ---- the fake clusters, in a child process ----
const { child, ask, apiRequests } = forkFakeClusters();

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise(resolve => {
    const socket = net.connect(Number(port), hostname);
    socket.setTimeout(1000);
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function configFor(clusters: FakeCluster[], dbPrefix: string) {
  return {
    backend: {
      database: { client: 'pg', connection: POSTGRES, prefix: dbPrefix },
    },
    kubernetes: clusterLocatorConfig(clusters),
    // The plugin's defaults: 20 s freshness, 5 min sweep, 1 min recorder; the pinned helm for
    // the history routes (unused here, but checked at start-up).
    mcpKubernetes: { helm: { path: pinnedHelmPath('v4') } },
  };
}

async function startReplica(
  clusters: FakeCluster[],
  cache: CacheService,
  dbPrefix: string,
): Promise<{ backend: TestBackend; base: string }> {
  const backend = await startTestBackend({
    features: [
      mcpKubernetesPlugin,
      mockServices.rootConfig.factory({ data: configFor(clusters, dbPrefix) }),
      databaseServiceFactory,
      schedulerServiceFactory,
      catalogServiceMock.factory({ entities: [] }),
      createServiceFactory({
        service: coreServices.cache,
        deps: {},
        factory: () => cache,
      }),
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => mockServices.rootLogger({ level: 'error' }),
      }),
    ],
  });
  const base = `http://127.0.0.1:${backend.server.port()}/api/mcp-kubernetes`;
  return { backend, base };
}

const installPath = (i: number) => {
  const cluster = `fleet-${String(i % CLUSTERS).padStart(2, '0')}`;
  const n = Math.floor(i / CLUSTERS);
  return `/status/${cluster}/team-${n % 25}/mcp-${n}`;
};

async function waitForFleet(base: string) {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const res = await get(`${base}/fleet`);
    if (res.status === 200) {
      const fleet = JSON.parse(res.body);
      if (fleet.counts.total === CLUSTERS * INSTALLS_PER_CLUSTER) return;
    }
    if (Date.now() > deadline) throw new Error('replica did not sync');
    await sleep(500);
  }
}

/** Waits until the pod-proxy count stops moving for `quietMs` (the start-up sweep is done). */
async function untilQuiet(quietMs: number) {
  let last = (await apiRequests()).proxy;
  let since = Date.now();
  for (;;) {
    await sleep(500);
    const now = (await apiRequests()).proxy;
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
}

/**
 * `viewers` people, each with one install's card open and polling it, on a replica picked
 * round-robin, and one person with the fleet page open. After a warm-up of one freshness
 * window (the budget and the answers settle), counts the API-server requests and the age of
 * the `/health` answers the cards show.
 */
async function viewPhase(
  replicaCount: number,
  replicas: Array<{ base: string }>,
  viewers: number,
  sweepProbes: number,
) {
  const label = `[${replicaCount} replica(s), ${viewers} cards]`;
  const ages: number[] = [];
  let views = 0;
  let measuring = false;
  const stopAt = Date.now() + (WARM_UP_SECONDS + VIEW_SECONDS) * 1000;
  const viewer = async (v: number) => {
    await sleep((v * CARD_POLL_MS) / viewers);
    for (let k = 0; Date.now() < stopAt; k++) {
      const replica = replicas[(v + k) % replicas.length];
      const res = await get(`${replica.base}${installPath(v * 31)}`);
      if (res.status !== 200) throw new Error(`status ${res.status}`);
      if (measuring) {
        views++;
        const seenAt = Date.now();
        for (const pod of JSON.parse(res.body).pods) {
          if (pod.health) ages.push(seenAt - Date.parse(pod.health.checkedAt));
        }
      }
      await sleep(CARD_POLL_MS);
    }
  };
  const fleetViewer = async () => {
    for (let k = 0; Date.now() < stopAt; k++) {
      await get(`${replicas[k % replicas.length].base}/fleet`);
      await sleep(30_000);
    }
  };
  const measure = async () => {
    await sleep(WARM_UP_SECONDS * 1000);
    measuring = true;
    const before = await apiRequests();
    await sleep(VIEW_SECONDS * 1000);
    measuring = false;
    const after = await apiRequests();
    return { before, after };
  };
  const [{ before, after }] = await Promise.all([
    measure(),
    ...Array.from({ length: viewers }, (_, v) => viewer(v)),
    fleetViewer(),
  ]);
  const viewRate = (after.proxy - before.proxy) / VIEW_SECONDS;
  const otherRate = (after.api - before.api) / VIEW_SECONDS;
  // The sweep (a global task, one run per period) is one period's budget of probes.
  const sweepRate = sweepProbes / SWEEP_SECONDS;
  const total = sweepRate + otherRate + viewRate;
  ages.sort((a, b) => a - b);
  const fresh = ages.filter(age => age <= FRESHNESS_SECONDS * 1000).length;
  console.log(
    `${label} ${views} views in ${VIEW_SECONDS} s (cards polled every ${
      CARD_POLL_MS / 1000
    } s, fleet page every 30 s): API-server requests ${total.toFixed(
      2,
    )}/s in total (goal <= 2/s) = sweep ${sweepRate.toFixed(
      2,
    )}/s + views ${viewRate.toFixed(2)}/s + other ${otherRate.toFixed(
      2,
    )}/s, watches aside`,
  );
  console.log(
    `${label} /health age on view: p50 ${(pct(ages, 50) / 1000).toFixed(
      1,
    )} s, p95 ${(pct(ages, 95) / 1000).toFixed(1)} s, max ${(
      ages[ages.length - 1] / 1000
    ).toFixed(1)} s; ${((100 * fresh) / ages.length).toFixed(
      0,
    )}% of answers seen <= ${FRESHNESS_SECONDS} s old (goal: all, while the open cards' pods fit the view budget: ${VIEW_BUDGET_PODS} pods)`,
  );
}

async function scenario(
  replicaCount: number,
  makeCache: (namespace: string) => CacheService,
  clusters: FakeCluster[],
) {
  const id = randomBytes(4).toString('hex');
  const dbPrefix = `mcpk_scalebench_${id}_`;
  // Redis: one client per replica, as separate processes would have; memory: one shared store.
  const namespace = `mcpk-scalebench-${id}`;
  const shared = makeCache(namespace);
  const t0 = await apiRequests();
  const replicas: Array<{ backend: TestBackend; base: string }> = [];
  for (let r = 0; r < replicaCount; r++) {
    const cache = r === 0 ? shared : makeCache(namespace);
    replicas.push(await startReplica(clusters, cache, dbPrefix));
  }
  try {
    for (const r of replicas) await waitForFleet(r.base);
    await untilQuiet(5_000);
    const afterStart = await apiRequests();
    const sweepProbes = afterStart.proxy - t0.proxy;
    console.log(
      `[${replicaCount} replica(s)] start-up sweep (a global task): ${sweepProbes} pod-proxy requests for ${
        CLUSTERS * INSTALLS_PER_CLUSTER * PODS_PER_INSTALL
      } pods, i.e. ${(sweepProbes / SWEEP_SECONDS).toFixed(
        2,
      )}/s at one run per ${SWEEP_SECONDS} s`,
    );

    for (const viewers of VIEWER_COUNTS) {
      await viewPhase(replicaCount, replicas, viewers, sweepProbes);
    }

    // Status at 200 req/s over 100 installs, spread over the replicas; warm-up not counted.
    const url = (i: number) =>
      `${replicas[i % replicas.length].base}${installPath(i % 100)}`;
    await openLoop(400, url);
    const { latencies, failures, seconds: s } = await openLoop(2000, url);
    console.log(
      `[${replicaCount} replica(s)] status at ${(latencies.length / s).toFixed(
        0,
      )} req/s with the shared cache: p50 ${pct(latencies, 50).toFixed(
        2,
      )} ms, p99 ${pct(latencies, 99).toFixed(
        2,
      )} ms, ${failures} non-200 (goal p99 <= 20 ms)`,
    );
  } finally {
    for (const r of replicas) await r.backend.stop();
    await dropDatabasesWithPrefix(POSTGRES, dbPrefix);
  }
}

async function main() {
  console.log(
    `host: ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map(l => l.toFixed(1))
      .join(' ')}, node ${process.version}`,
  );
  if (!(await reachable(POSTGRES))) {
    console.log(
      `skipped: PostgreSQL not reachable at ${
        new URL(POSTGRES).host
      } (global tasks need a shared database; set MCPK_BENCH_POSTGRES)`,
    );
    return;
  }
  const useRedis = await reachable(REDIS);
  const memory = new Map<string, CacheService>();
  const makeCache = (namespace: string): CacheService => {
    if (!useRedis) {
      if (!memory.has(namespace)) {
        memory.set(
          namespace,
          CacheManager.fromConfig(
            new ConfigReader({
              backend: { cache: { store: 'memory' } },
            }) as any,
          ).forPlugin(namespace),
        );
      }
      return memory.get(namespace)!;
    }
    return CacheManager.fromConfig(
      new ConfigReader({
        backend: { cache: { store: 'redis', connection: REDIS } },
      }) as any,
    ).forPlugin(namespace);
  };
  console.log(
    `shared cache: ${
      useRedis
        ? `Redis at ${new URL(REDIS).host}`
        : 'one in-memory store (Redis not reachable)'
    }; database: PostgreSQL at ${new URL(POSTGRES).host}`,
  );
  const clusters = await ask<FakeCluster[]>({
    cmd: 'start',
    clusters: Array.from({ length: CLUSTERS }, (_, i) => ({
      name: `fleet-${String(i).padStart(2, '0')}`,
      installs: INSTALLS_PER_CLUSTER,
      replicas: PODS_PER_INSTALL,
    })),
  });
  try {
    await scenario(1, makeCache, clusters);
    await scenario(3, makeCache, clusters);
  } finally {
    await ask({ cmd: 'stop' });
  }
}

main().then(
  () => {
    child.kill();
    process.exit(0);
  },
  error => {
    console.error(error);
    child.kill();
    process.exit(1);
  },
);
