import {
  CacheService,
  coreServices,
  createServiceFactory,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { CacheManager } from '@backstage/backend-defaults/cache';
import {
  mockServices,
  startTestBackend,
  TestCaches,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { InstallStatus } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import {
  buildMcpInstall,
  FakeKubeApiServer,
  startFakeKubeApiServer,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import request from 'supertest';
import { mcpKubernetesPlugin } from '../plugin';
import { eventually } from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';

jest.setTimeout(90_000);

const FRESHNESS_MS = 2_000;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

function configFor(
  server: FakeKubeApiServer,
  health: JsonObject = {},
): JsonObject {
  return {
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'alpha',
              url: server.url,
              authProvider: 'serviceAccount',
              serviceAccountToken: server.token,
              skipTLSVerify: true,
            },
          ],
        },
      ],
    },
    mcpKubernetes: {
      health: {
        freshness: `${FRESHNESS_MS}ms`,
        timeoutMs: 1000,
        sweep: { frequency: '1h', timeout: '5m' },
        ...health,
      },
    },
  };
}

/** One backend replica running the real plugin; `cache` is the CacheService it is given. */
async function startReplica(
  server: FakeKubeApiServer,
  cache?: CacheService,
  health?: JsonObject,
) {
  const features: Array<ServiceFactory | typeof mcpKubernetesPlugin> = [
    mcpKubernetesPlugin,
    mockServices.scheduler.factory(),
    mockServices.rootConfig.factory({
      data: configFor(server, health),
    }),
    catalogServiceMock.factory({ entities: [] }),
    mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
    createServiceFactory({
      service: actionsRegistryServiceRef,
      deps: {},
      factory: () => actionsRegistryServiceMock(),
    }),
  ];
  if (cache) {
    features.push(
      createServiceFactory({
        service: coreServices.cache,
        deps: {},
        factory: () => cache,
      }),
    );
  }
  const backend = await startTestBackend({ features });
  const status = async (release: string): Promise<InstallStatus> => {
    const res = await request(backend.server).get(
      `/api/mcp-kubernetes/status/alpha/ns-${release}/${release}`,
    );
    expect(res.status).toBe(200);
    return res.body;
  };
  return { backend, status };
}

function seed(server: FakeKubeApiServer, release: string, replicas = 2) {
  buildMcpInstall({
    namespace: `ns-${release}`,
    release,
    replicas,
  }).all.forEach(o => server.upsert(o));
}

const proxied = (server: FakeKubeApiServer) =>
  server.requests.filter(r => r.path.includes('/proxy')).length;

const probed = (s: InstallStatus) =>
  s.pods.length > 0 && s.pods.every(p => p.health !== undefined);

/** Waits until the start-up sweep has answered for the install, then until those answers are stale. */
async function afterStartupSweep(
  replica: { status(r: string): Promise<InstallStatus> },
  release: string,
) {
  await eventually(() => replica.status(release), probed);
  await sleep(FRESHNESS_MS + 200);
}

describe('health probes follow views', () => {
  let server: FakeKubeApiServer;
  afterEach(async () => {
    await server?.close();
  });

  it('probes a stale install once for 100 concurrent views, and not at all while fresh', async () => {
    server = await startFakeKubeApiServer();
    seed(server, 'viewed', 2);
    // A slow pod answer keeps the first round in flight while the other views arrive.
    server.setPodProxyHandler(() => ({
      status: 200,
      body: '{"status":"ok"}',
      delayMs: 150,
    }));
    const replica = await startReplica(server);
    try {
      await afterStartupSweep(replica, 'viewed');

      const before = proxied(server);
      const views = await Promise.all(
        Array.from({ length: 100 }, () => replica.status('viewed')),
      );
      expect(proxied(server) - before).toBe(2); // one round: one request per pod
      const checkedAt = views[0].pods.map(p => p.health?.checkedAt);
      for (const view of views) {
        expect(view.pods.map(p => p.health?.checkedAt)).toEqual(checkedAt);
        expect(view.pods.every(p => p.health?.ok)).toBe(true);
      }
      for (const at of checkedAt) {
        expect(Date.now() - Date.parse(at!)).toBeLessThan(FRESHNESS_MS);
      }

      const fresh = proxied(server);
      await Promise.all(
        Array.from({ length: 100 }, () => replica.status('viewed')),
      );
      expect(proxied(server) - fresh).toBe(0);
    } finally {
      await replica.backend.stop();
    }
  });

  it('does not probe installs nobody looks at between sweeps', async () => {
    server = await startFakeKubeApiServer();
    seed(server, 'viewed', 1);
    seed(server, 'unviewed', 1);
    server.setPodProxyHandler(() => ({ status: 200, body: 'ok' }));
    const replica = await startReplica(server);
    try {
      await afterStartupSweep(replica, 'viewed');
      const before = server.requests.filter(r =>
        r.path.includes('/proxy'),
      ).length;
      await replica.status('viewed');
      const after = server.requests.filter(r => r.path.includes('/proxy'));
      expect(after.length - before).toBe(1);
      expect(after[after.length - 1].path).toContain('/namespaces/ns-viewed/');
    } finally {
      await replica.backend.stop();
    }
  });
});

describe('the view budget', () => {
  it('bounds what many open cards probe, and tells the card how often health is re-checked', async () => {
    const server = await startFakeKubeApiServer();
    const releases = ['v1', 'v2', 'v3', 'v4', 'v5'];
    releases.forEach(release => seed(server, release, 2));
    server.setPodProxyHandler(() => ({ status: 200, body: 'ok' }));
    // 0.5/s in all, 0.1 of it for the sweep (held off here): views get 0.4/s, a burst of 4.
    const replica = await startReplica(server, undefined, {
      maxRequestsPerSecond: 0.5,
      sweepRequestsPerSecond: 0.1,
      sweep: { frequency: '1h', timeout: '5m', initialDelay: '1h' },
    });
    try {
      // The fleet page never probes: wait there until every pod is known.
      await eventually(
        () => request(replica.backend.server).get('/api/mcp-kubernetes/fleet'),
        res =>
          res.status === 200 &&
          res.body.items.filter((i: any) => i.podsTotal === 2).length === 5,
      );
      const before = proxied(server);
      const views = await Promise.all(releases.map(r => replica.status(r)));
      expect(proxied(server) - before).toBe(4);
      const answered = views.flatMap(v => v.pods.filter(p => p.health));
      expect(answered).toHaveLength(4);
      // 10 pods viewed at 0.4/s: each can be re-checked every 25 s, not every 2 s.
      expect(views[4].healthRefresh).toEqual({
        everySeconds: 25,
        limitedByBudget: true,
      });
      // Looking again at once adds nothing: the bucket is empty.
      await Promise.all(releases.map(r => replica.status(r)));
      expect(proxied(server) - before).toBe(4);
      // 2.5 s refill one probe, which goes to a pod that has none yet.
      await sleep(2_600);
      const again = await Promise.all(releases.map(r => replica.status(r)));
      expect(proxied(server) - before).toBe(5);
      expect(again.flatMap(v => v.pods.filter(p => p.health))).toHaveLength(5);
    } finally {
      await replica.backend.stop();
      await server.close();
    }
  });

  it('says health follows the configured freshness when few cards are open', async () => {
    const server = await startFakeKubeApiServer();
    seed(server, 'alone', 2);
    server.setPodProxyHandler(() => ({ status: 200, body: 'ok' }));
    const replica = await startReplica(server);
    try {
      const status = await eventually(() => replica.status('alone'), probed);
      expect(status.healthRefresh).toEqual({
        everySeconds: 2,
        limitedByBudget: false,
      });
    } finally {
      await replica.backend.stop();
      await server.close();
    }
  });
});

describe('replicas share probe answers through the cache', () => {
  // Redis as on these machines (and in CI, which starts it when absent) unless set otherwise.
  process.env.BACKSTAGE_TEST_CACHE_REDIS7_CONNECTION_STRING ??=
    'redis://127.0.0.1:6379';
  const caches = TestCaches.create({ ids: ['MEMORY', 'REDIS_7'] });

  it.each(caches.eachSupportedId())(
    'a second replica serves the first one’s probe without probing (%p)',
    async id => {
      const { store, connection } = await caches.init(id);
      const managerFor = () =>
        CacheManager.fromConfig(
          new ConfigReader({
            backend: { cache: { store, connection } },
          } as JsonObject) as any,
        ).forPlugin('mcp-kubernetes');
      // A memory store is shared by handing both replicas the same instance; Redis through
      // two clients, as two processes would.
      const first = managerFor();
      const second = store === 'memory' ? first : managerFor();

      const server = await startFakeKubeApiServer();
      seed(server, 'shared', 2);
      let answer = 0;
      server.setPodProxyHandler(() => ({
        status: 200,
        body: `{"status":"ok","n":${++answer}}`,
      }));
      const a = await startReplica(server, first);
      const b = await startReplica(server, second);
      try {
        await afterStartupSweep(a, 'shared');
        await eventually(() => b.status('shared'), probed);
        await sleep(FRESHNESS_MS + 200);

        const before = proxied(server);
        const fromA = await a.status('shared');
        expect(proxied(server) - before).toBe(2);

        const fromB = await b.status('shared');
        expect(proxied(server) - before).toBe(2); // B probed nothing
        expect(fromB.pods.map(p => p.health)).toEqual(
          fromA.pods.map(p => p.health),
        );
      } finally {
        await a.backend.stop();
        await b.backend.stop();
        await server.close();
      }
    },
  );
});
