import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  V1Deployment,
} from '@kubernetes/client-node';
import {
  coreServices,
  createServiceFactory,
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
import type { InstallStatus } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import {
  buildMcpInstall,
  deleteTestNamespace,
  describeIfRealCluster,
  eventually,
  playControllers,
  PlayedControllers,
  RecordingApiProxy,
  startRecordingApiProxy,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import { dropDatabasesWithPrefix } from '../__testUtils__/postgresDatabases';
import request from 'supertest';
import { mcpKubernetesPlugin } from '../plugin';
import { forCreate } from '../__testUtils__/forCreate';

/**
 * Two backend replicas on one PostgreSQL and one Redis against the real API server, behind a
 * proxy that counts what the API server receives: the sweep runs once for both (a global task),
 * a view's probe on one replica serves the other, and both answer the same status.
 */
jest.setTimeout(180_000);

const POSTGRES =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
  'postgresql://postgres@127.0.0.1:5432';
const REDIS =
  process.env.BACKSTAGE_TEST_CACHE_REDIS7_CONNECTION_STRING ??
  'redis://127.0.0.1:6379';
const FRESHNESS_MS = 3000;
const PODS = 2;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describeIfRealCluster(
  'two replicas on PostgreSQL and Redis against the real API server',
  kubeconfigPath => {
    const id = randomBytes(3).toString('hex');
    const namespace = `mcpk-scale-${id}`;
    const release = `scale-${id}`;
    const dbPrefix = `mcpk_scaletest_${id}_`;
    const cacheNamespace = `mcpk-scaletest-${id}`;
    let admin: KubeConfig;
    let proxy: RecordingApiProxy;
    let controllers: PlayedControllers | undefined;
    let tmp: string;
    const replicas: TestBackend[] = [];

    // Probes of this suite's pods only: the replicas see the whole shared cluster, where other
    // suites' pods may be running in parallel.
    const podProxyCount = () =>
      proxy.paths.filter(
        p =>
          p.includes(`/namespaces/${namespace}/pods/`) &&
          /\/pods\/[^/]+\/proxy\//.test(p),
      ).length;
    const otherCount = () =>
      proxy.paths.filter(
        p => !/\/pods\/[^/]+\/proxy\//.test(p) && !/[?&]watch=(1|true)/.test(p),
      ).length;

    async function startReplica(kubeconfigFile: string) {
      const cache = CacheManager.fromConfig(
        new ConfigReader({
          backend: { cache: { store: 'redis', connection: REDIS } },
        }) as any,
      ).forPlugin(cacheNamespace);
      const backend = await startTestBackend({
        features: [
          mcpKubernetesPlugin,
          mockServices.rootConfig.factory({
            data: {
              backend: {
                database: {
                  client: 'pg',
                  connection: POSTGRES,
                  prefix: dbPrefix,
                },
              },
              mcpKubernetes: {
                kubeconfig: { enabled: true, path: kubeconfigFile },
                health: { freshness: `${FRESHNESS_MS}ms`, timeoutMs: 1000 },
              },
            },
          }),
          databaseServiceFactory,
          schedulerServiceFactory,
          catalogServiceMock.factory({ entities: [] }),
          createServiceFactory({
            service: coreServices.cache,
            deps: {},
            factory: () => cache,
          }),
        ],
      });
      replicas.push(backend);
      return backend;
    }

    const statusOf = async (backend: TestBackend): Promise<InstallStatus> => {
      const res = await request(backend.server).get(
        `/api/mcp-kubernetes/status/recorded/${namespace}/${release}`,
      );
      expect(res.status).toBe(200);
      return res.body;
    };

    const within60s = <T>(fn: () => Promise<T>, ok: (v: T) => boolean) =>
      eventually(fn, ok, 60_000, 250);

    async function untilQuiet(quietMs: number) {
      let last = proxy.paths.length;
      let since = Date.now();
      while (Date.now() - since < quietMs) {
        await sleep(250);
        if (proxy.paths.length !== last) {
          last = proxy.paths.length;
          since = Date.now();
        }
      }
    }

    beforeAll(async () => {
      admin = new KubeConfig();
      admin.loadFromFile(kubeconfigPath);
      const core = admin.makeApiClient(CoreV1Api);
      await core.createNamespace({ body: { metadata: { name: namespace } } });
      const seed = buildMcpInstall({ namespace, release, replicas: PODS });
      await core.createNamespacedServiceAccount({
        namespace,
        body: { metadata: { name: `${release}-mcp-kubernetes` } },
      });
      // Pods get link-local IPs: the API server refuses to dial them, so each probe is one
      // counted request that ends in an error answer, which is all this test needs.
      controllers = playControllers({ kubeConfig: admin, namespace });
      await admin.makeApiClient(AppsV1Api).createNamespacedDeployment({
        namespace,
        body: forCreate<V1Deployment>(seed.deployment),
      });

      // Pods running with an IP before the replicas start, so their start-up sweep has them.
      await within60s(
        async () =>
          (
            await core.listNamespacedPod({ namespace })
          ).items.filter(p => p.status?.phase === 'Running' && p.status.podIP)
            .length,
        n => n === PODS,
      );

      proxy = await startRecordingApiProxy(admin);
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpk-scale-'));
      const file = path.join(tmp, 'kubeconfig.json');
      fs.writeFileSync(file, proxy.kubeConfig.exportConfig(), { mode: 0o600 });
      await startReplica(file);
      await startReplica(file);
      // The fleet page, unlike a status view, never probes: it only reads shared answers.
      for (const r of replicas) {
        await within60s(
          () => request(r.server).get('/api/mcp-kubernetes/fleet'),
          res =>
            res.status === 200 &&
            res.body.items.some(
              (i: any) => i.install.release === release && i.podsReady === PODS,
            ),
        );
      }
    });

    afterAll(async () => {
      for (const r of replicas) await r.stop();
      await controllers?.stop();
      await proxy?.stop();
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
      if (admin) await deleteTestNamespace(admin, namespace);
      await dropDatabasesWithPrefix(POSTGRES, dbPrefix);
    });

    it('runs the start-up sweep once for both replicas (a global task)', async () => {
      await untilQuiet(2000);
      expect(podProxyCount()).toBe(PODS);
    });

    it('probes a stale install once for views on both replicas, and both answer the same', async () => {
      await untilQuiet(1000);
      await sleep(FRESHNESS_MS + 200);
      const probes = podProxyCount();
      const others = otherCount();

      const [a, b] = replicas;
      const fromA = await statusOf(a);
      expect(podProxyCount() - probes).toBe(PODS);
      const fromB = await statusOf(b);
      expect(podProxyCount() - probes).toBe(PODS);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => statusOf(replicas[i % 2])),
      );
      expect(podProxyCount() - probes).toBe(PODS);

      expect(fromB.pods.map(p => p.health)).toEqual(
        fromA.pods.map(p => p.health),
      );
      expect(fromB.pods.map(p => p.health?.ok)).toEqual([false, false]);
      const strip = (s: InstallStatus) => ({ ...s, observedAt: undefined });
      expect(strip(fromB)).toEqual(strip(fromA));
      // Views read the watch caches: no other request reached the API server.
      expect(otherCount() - others).toBe(0);
    });

    it('keeps the load to one probe round per freshness window while both serve a polling card', async () => {
      await untilQuiet(1000);
      const probes = podProxyCount();
      const started = Date.now();
      for (let i = 0; Date.now() - started < 3 * FRESHNESS_MS; i++) {
        await statusOf(replicas[i % 2]);
        await sleep(250);
      }
      const windows = Math.ceil((Date.now() - started) / FRESHNESS_MS);
      const made = podProxyCount() - probes;
      expect(made).toBeGreaterThan(0);
      expect(made).toBeLessThanOrEqual(windows * PODS);
    });
  },
);
