import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  buildMcpInstall,
  crashLoopPod,
  FakeKubeApiServer,
  startFakeKubeApiServer,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import { eventually, startPluginBackend } from './__testUtils__/e2eHarness';

// The plugin against a fake API server that fails: down, 403, 500, slow, closed watches; and
// every route with permissions denied.

jest.setTimeout(60_000);

describe('mcp-kubernetes backend when the API server misbehaves', () => {
  let server: FakeKubeApiServer;
  let harness: Awaited<ReturnType<typeof startPluginBackend>>;
  const path = '/status/broken/ns-app/app';

  beforeAll(async () => {
    server = await startFakeKubeApiServer();
    server.setExternalSecretsVersions([]); // ESO not installed
    const seed = buildMcpInstall({
      namespace: 'ns-app',
      release: 'app',
      replicas: 1,
    });
    [seed.deployment, ...seed.pods, seed.secret].forEach(o => server.upsert(o));
    server.setPodProxyHandler(() => ({ status: 200, body: 'ok' }));
    harness = await startPluginBackend({
      servers: { broken: server },
      config: {
        cache: {
          stallTimeoutSeconds: 3,
          backoffInitialSeconds: 0.2,
          backoffMaxSeconds: 1,
          requestTimeoutSeconds: 1,
        },
      },
    });
    await eventually(
      () => harness.get(path),
      r => r.body.state === 'ok',
    );
  });

  afterAll(async () => {
    await harness?.backend.stop();
    await server?.close();
  });

  it('says ESO is not installed, without failing the install', async () => {
    const res = await harness.get(path);
    expect(res.body.externalSecret.state).toBe('crd-missing');
    expect(res.body.state).toBe('ok');
  });

  it('keeps answering from the cache when the API server is slow', async () => {
    server.injectFailure({ kind: 'delay', delayMs: 5_000 });
    const started = Date.now();
    const res = await harness.get(path);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(res.body.pods).toHaveLength(1);
    server.injectFailure(undefined);
  });

  it('recovers when watches are closed', async () => {
    server.injectFailure({ kind: 'close-watches' });
    server.injectFailure(undefined);
    const pod = crashLoopPod(
      buildMcpInstall({ namespace: 'ns-app', release: 'app', replicas: 1 })
        .pods[0],
    );
    server.upsert(pod);
    const res = await eventually(
      () => harness.get(path),
      r => r.body.state === 'error',
    );
    expect(res.body.pods[0].waitingReason).toBe('CrashLoopBackOff');
  });

  it.each([
    ['down', { kind: 'down' as const }],
    ['403', { kind: 'status' as const, status: 403 }],
    ['500', { kind: 'status' as const, status: 500 }],
  ])(
    'marks the data stale with the last error when the API server is %s',
    async (_name, failure) => {
      server.injectFailure(failure);
      server.injectFailure({ kind: 'close-watches' });
      server.injectFailure(failure);
      const res = await eventually(
        () => harness.get(path),
        r => r.body.stale === true,
        30_000,
      );
      expect(res.status).toBe(200);
      expect(res.body.lastError).toEqual({
        message: expect.any(String),
        at: expect.any(String),
      });
      expect(res.body.reasons[0]).toMatchObject({
        section: 'cluster',
        message: expect.stringMatching(/^Cluster unreachable/),
      });
      expect(res.body.pods).toHaveLength(1); // last known data
      expect(res.text).not.toContain(server.token);
      const clusters = await harness.get('/clusters');
      expect(clusters.body.items[0]).toMatchObject({
        name: 'broken',
        reachable: false,
      });
      server.injectFailure(undefined);
      await eventually(
        () => harness.get(path),
        r => r.body.stale === false,
        30_000,
      );
    },
  );

  it('answers 404 naming an unknown cluster', async () => {
    const res = await harness.get('/status/nowhere/ns-app/app');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('Unknown cluster "nowhere"');
  });
});

describe('mcp-kubernetes backend with permissions denied', () => {
  it.each([
    ['get', '/status/alpha/ns-a/a'],
    ['get', '/fleet'],
    ['get', '/clusters'],
    ['post', '/installs/alpha/ns-a/a/external-secret/force-sync'],
    ['post', '/policy/preview'],
  ] as const)('%s %s answers 403', async (method, route) => {
    const server = await startFakeKubeApiServer();
    buildMcpInstall({
      namespace: 'ns-a',
      release: 'a',
      replicas: 1,
    }).all.forEach(o => server.upsert(o));
    const harness = await startPluginBackend({
      servers: { alpha: server },
      permission: AuthorizeResult.DENY,
    });
    try {
      const res = await (method === 'get'
        ? harness.get(route)
        : harness.post(route));
      expect(res.status).toBe(403);
      expect(server.requests.filter(r => r.method === 'PATCH')).toEqual([]);
    } finally {
      await harness.backend.stop();
      await server.close();
    }
  });
});
