import { mockServices } from '@backstage/backend-test-utils';
import {
  buildMcpInstall,
  crashLoopPod,
  startFakeKubeApiServer,
} from '../testUtils';
import type {
  FakeKubeApiServer,
  FakeKubeApiServerExtraOptions,
} from '../testUtils';
import {
  DefaultClusterWatchCache,
  WatchCacheSettings,
} from './DefaultClusterWatchCache';
import { eventually, registryFor } from './__testUtils__/helpers';
import {
  Misbehaviour,
  MisbehavingProxy,
  startMisbehavingProxy,
} from './__testUtils__/misbehavingProxy';

const FAST: Partial<WatchCacheSettings> = {
  stallTimeoutMs: 10_000,
  watchTimeoutSeconds: 60,
  backoffInitialMs: 50,
  backoffMaxMs: 200,
  absentRecheckMs: 200,
  requestTimeoutMs: 1_000,
  initialSyncTimeoutMs: 3_000,
};

describe('DefaultClusterWatchCache', () => {
  let fake: FakeKubeApiServer;
  let cache: DefaultClusterWatchCache;

  async function setUp(
    settings: Partial<WatchCacheSettings> = {},
    fakeOptions: FakeKubeApiServerExtraOptions = {},
  ) {
    fake = await startFakeKubeApiServer({
      bookmarkIntervalMs: 0,
      ...fakeOptions,
    });
    const install = buildMcpInstall({ namespace: 'team-a', release: 'mcp-a' });
    install.all.forEach(o => fake.upsert(o));
    // Something that is not an install: must stay out of the cache.
    fake.upsert({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'other',
        namespace: 'team-a',
        labels: { app: 'other' },
      },
      spec: {},
      status: {},
    });
    const { registry, config } = registryFor({ dev: fake });
    cache = DefaultClusterWatchCache.create({
      registry,
      config,
      logger: mockServices.logger.mock(),
      settings: { ...FAST, ...settings },
    });
    return install;
  }

  afterEach(async () => {
    await cache?.stop();
    await fake?.close();
  });

  const snap = () => cache.snapshot('dev');
  const lists = (pathPrefix: string) =>
    fake.requests.filter(
      r => r.path === pathPrefix && !/(^|&)watch=1/.test(r.query),
    );

  it('lists the install objects, then follows watch events', async () => {
    const install = await setUp();
    await cache.start();
    expect(snap()).toMatchObject({
      cluster: 'dev',
      connected: true,
      externalSecretsApi: 'external-secrets.io/v1',
    });
    expect(
      snap()
        .pods.map(p => p.metadata?.name)
        .sort(),
    ).toEqual(install.pods.map(p => p.metadata.name).sort());
    expect(snap().deployments).toHaveLength(1);
    expect(snap().externalSecrets[0].spec?.target?.name).toBe(
      'mcp-a-oauth-credentials',
    );
    expect(snap().syncedAt).toBeDefined();

    fake.upsert(crashLoopPod(install.pods[0]));
    await eventually(() =>
      expect(
        snap().pods.find(
          p => p.metadata?.name === install.pods[0].metadata.name,
        )?.status?.containerStatuses?.[0].restartCount,
      ).toBe(7),
    );
    fake.remove('v1', 'Pod', 'team-a', install.pods[1].metadata.name!);
    await eventually(() => expect(snap().pods).toHaveLength(1));
    const more = buildMcpInstall({
      namespace: 'team-b',
      release: 'mcp-b',
      replicas: 1,
    });
    more.all.forEach(o => fake.upsert(o));
    await eventually(() => expect(snap().pods).toHaveLength(2));
    await eventually(() => expect(snap().externalSecrets).toHaveLength(2));
    // A relabelled pod leaves the selector: the watch reports it DELETED.
    fake.upsert({
      ...more.pods[0],
      metadata: { ...more.pods[0].metadata, labels: { app: 'gone' } },
    });
    await eventually(() => expect(snap().pods).toHaveLength(1));
  });

  it('sees a hand-written ExternalSecret without chart labels, unless a selector narrows it', async () => {
    const install = await setUp();
    const handWritten = {
      ...install.externalSecret,
      metadata: {
        ...install.externalSecret.metadata,
        name: 'hand-written',
        labels: {},
      },
    };
    fake.upsert(handWritten);
    await cache.start();
    expect(
      snap()
        .externalSecrets.map(e => e.metadata?.name)
        .sort(),
    ).toEqual(['hand-written', install.externalSecret.metadata.name].sort());
    await cache.stop();

    cache = DefaultClusterWatchCache.create({
      registry: registryFor({ dev: fake }).registry,
      config: registryFor({ dev: fake }).config,
      logger: mockServices.logger.mock(),
      settings: {
        ...FAST,
        externalSecretLabelSelector: 'app.kubernetes.io/name=mcp-kubernetes',
      },
    });
    await cache.start();
    expect(snap().externalSecrets.map(e => e.metadata?.name)).toEqual([
      install.externalSecret.metadata.name,
    ]);
  });

  it('reads Secrets as PartialObjectMetadata only: no data, no type, never a full Secret request', async () => {
    await setUp();
    await cache.start();
    expect(snap().secrets).toHaveLength(1);
    const secret = snap().secrets[0] as unknown as Record<string, unknown>;
    expect(secret.kind).toBe('PartialObjectMetadata');
    expect(secret).not.toHaveProperty('data');
    expect(secret).not.toHaveProperty('type');
    expect(JSON.stringify(snap())).not.toContain(
      Buffer.from('FAKE-mcp-a-key').toString('base64'),
    );
    await eventually(() =>
      expect(
        fake.requests.filter(r => r.path.includes('/secrets')).length,
      ).toBe(2),
    );
    const secretRequests = fake.requests.filter(r =>
      r.path.includes('/secrets'),
    );
    expect(secretRequests.map(r => r.query.includes('watch=1'))).toEqual([
      false,
      true,
    ]);
    for (const r of secretRequests) {
      expect(r.accept).toMatch(
        /^application\/json;as=PartialObjectMetadata(List)?;g=meta.k8s.io;v=v1$/,
      );
    }
  });

  it('makes zero API requests for many snapshot reads in steady state', async () => {
    await setUp();
    await cache.start();
    const before = fake.requests.length;
    for (let i = 0; i < 1000; i++) snap();
    expect(fake.requests.length).toBe(before);
    expect(snap().pods).toBe(snap().pods); // memoised until something changes
  });

  it('relists on 410 Gone when the watch is resumed from a compacted resourceVersion', async () => {
    const install = await setUp();
    await cache.start();
    const listsBefore = lists('/api/v1/pods').length;
    // Changes the watch does not see move the global resourceVersion past the one it holds.
    fake.upsert({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'noise', namespace: 'team-a' },
      data: { a: '1' },
    });
    fake.compactHistory();
    fake.injectFailure({ kind: 'close-watches', pathPrefix: '/api/v1/pods' });
    await eventually(() =>
      expect(lists('/api/v1/pods').length).toBe(listsBefore + 1),
    );
    fake.upsert(crashLoopPod(install.pods[1], 3));
    await eventually(() =>
      expect(
        snap().pods.some(
          p => p.status?.containerStatuses?.[0].restartCount === 3,
        ),
      ).toBe(true),
    );
    expect(snap().connected).toBe(true);
  });

  it('restarts a watch the server closed, without relisting', async () => {
    const install = await setUp();
    await cache.start();
    const listsBefore = lists('/api/v1/pods').length;
    fake.injectFailure({ kind: 'close-watches' });
    fake.upsert(crashLoopPod(install.pods[0], 9));
    await eventually(() =>
      expect(
        snap().pods.some(
          p => p.status?.containerStatuses?.[0].restartCount === 9,
        ),
      ).toBe(true),
    );
    expect(lists('/api/v1/pods').length).toBe(listsBefore);
    await eventually(() => expect(fake.openWatches()).toBe(4));
  });

  it('relists when a watch stalls (nothing, not even a bookmark, for too long)', async () => {
    await setUp({ stallTimeoutMs: 300 });
    await cache.start();
    const listsBefore = lists('/apis/apps/v1/deployments').length;
    await eventually(
      () =>
        expect(lists('/apis/apps/v1/deployments').length).toBeGreaterThan(
          listsBefore,
        ),
      3000,
    );
    expect(snap().connected).toBe(true);
  });

  it('bookmarks keep a quiet watch alive', async () => {
    await setUp({ stallTimeoutMs: 400 }, { bookmarkIntervalMs: 100 });
    await cache.start();
    const listsBefore = fake.requests.filter(
      r => !r.query.includes('watch=1'),
    ).length;
    await new Promise(r => setTimeout(r, 1000));
    expect(fake.requests.filter(r => !r.query.includes('watch=1')).length).toBe(
      listsBefore,
    );
    expect(
      fake.requests.every(
        r =>
          !r.query.includes('watch=1') ||
          r.query.includes('allowWatchBookmarks=true'),
      ),
    ).toBe(true);
  });

  it.each([
    ['down', { kind: 'down' as const }, /connection reset|socket hang up/],
    [
      '500',
      { kind: 'status' as const, status: 500 },
      /HTTP 500 InternalError: Internal error occurred/,
    ],
    [
      '403',
      { kind: 'status' as const, status: 403, pathPrefix: '/api/v1/pods' },
      /HTTP 403 Forbidden: pods is forbidden: User/,
    ],
    [
      'slow',
      { kind: 'delay' as const, delayMs: 3000 },
      /no answer within 1000 ms/,
    ],
  ])(
    'marks the snapshot stale with the last error when the API server is %s, and recovers',
    async (_name, failure, message) => {
      const install = await setUp();
      await cache.start();
      expect(snap().staleSince).toBeUndefined();
      if (failure.kind === 'delay') {
        // Slowness only bites new requests: end the running watches so the cache must ask again.
        fake.injectFailure({ kind: 'close-watches' });
      }
      fake.injectFailure(failure);
      await eventually(() => {
        expect(snap().connected).toBe(false);
        expect(snap().staleSince).toBeDefined();
        expect(snap().lastError?.message).toMatch(message);
      }, 6000);
      // Last known data is kept while stale.
      expect(snap().pods).toHaveLength(2);
      fake.injectFailure(undefined);
      fake.upsert(crashLoopPod(install.pods[0], 4));
      await eventually(() => {
        expect(snap().connected).toBe(true);
        expect(snap().staleSince).toBeUndefined();
        expect(snap().lastError).toBeUndefined();
        expect(
          snap().pods.some(
            p => p.status?.containerStatuses?.[0].restartCount === 4,
          ),
        ).toBe(true);
      }, 6000);
    },
    15_000,
  );

  it('reports ExternalSecrets as absent (no CRD), v1beta1 (older ESO) or forbidden without going stale', async () => {
    await setUp();
    fake.setExternalSecretsVersions([]);
    await cache.start();
    expect(snap()).toMatchObject({
      externalSecretsApi: 'absent',
      connected: true,
      externalSecrets: [],
    });
    expect(snap().lastError).toBeUndefined();
    fake.setExternalSecretsVersions(['v1beta1']);
    await eventually(() =>
      expect(snap().externalSecretsApi).toBe('external-secrets.io/v1beta1'),
    );
    expect(snap().externalSecrets).toHaveLength(1);
    fake.injectFailure({
      kind: 'status',
      status: 403,
      pathPrefix: '/apis/external-secrets.io',
    });
    await eventually(() => expect(snap().externalSecretsApi).toBe('forbidden'));
    expect(snap().connected).toBe(true);
    expect(snap().externalSecrets).toEqual([]);
  });

  it('throws NotFoundError for an unknown cluster and lists cluster names', async () => {
    await setUp();
    expect(cache.clusterNames()).toEqual(['dev']);
    expect(() => cache.snapshot('nope')).toThrow(/Unknown cluster 'nope'/);
    expect(snap()).toMatchObject({
      connected: false,
      pods: [],
      externalSecretsApi: 'unknown',
    });
  });

  describe('against a misbehaving API server', () => {
    let proxy: MisbehavingProxy | undefined;
    afterEach(async () => {
      await cache?.stop();
      await proxy?.close();
      proxy = undefined;
    });

    async function setUpBehind(
      rules: Misbehaviour[],
      settings: Partial<WatchCacheSettings> = {},
    ) {
      const install = await setUp();
      await cache.stop();
      proxy = await startMisbehavingProxy(fake, rules);
      const { registry, config } = registryFor({
        dev: proxy as unknown as FakeKubeApiServer,
      });
      cache = DefaultClusterWatchCache.create({
        registry,
        config,
        logger: mockServices.logger.mock(),
        settings: { ...FAST, ...settings },
      });
      return install;
    }
    const WINDOW_MS = 2000;
    /** Requests to `path` in a fixed window after the first list. */
    async function countInWindow(path: string, watch: boolean) {
      await cache.start();
      const from = Date.now();
      await new Promise(r => setTimeout(r, WINDOW_MS));
      return proxy!.requests.filter(
        r => r.path === path && r.watch === watch && r.at >= from,
      ).length;
    }
    // Backoff 50 ms doubling: 50+100+200+400+800 ms (±20%) fills the window with at most ~6.
    const BACKOFF = { backoffInitialMs: 50, backoffMaxMs: 5000 };

    it('backs off (exponentially, with jitter) after watches that close at once without events', async () => {
      await setUpBehind(
        [
          {
            pathPrefix: '/apis/apps/v1/deployments',
            watch: 'close-immediately',
          },
        ],
        BACKOFF,
      );
      const watches = await countInWindow('/apis/apps/v1/deployments', true);
      // Before: a tight loop (7,501 watch requests in 5 s).
      expect(watches).toBeGreaterThanOrEqual(3);
      expect(watches).toBeLessThanOrEqual(8);
      // The other resources watch normally and the data is there.
      expect(snap().deployments).toHaveLength(1);
      expect(
        proxy!.requests.filter(r => r.path === '/api/v1/pods' && r.watch),
      ).toHaveLength(1);
    });

    it('backs off after a forbidden (403) watch instead of relisting every second', async () => {
      await setUpBehind(
        [{ pathPrefix: '/apis/apps/v1/deployments', watch: 'forbidden' }],
        BACKOFF,
      );
      const relists = await countInWindow('/apis/apps/v1/deployments', false);
      // Before: the successful list reset the backoff, so it relisted after every 403.
      expect(relists).toBeGreaterThanOrEqual(2);
      expect(relists).toBeLessThanOrEqual(7);
      await eventually(() =>
        expect(snap().lastError?.message).toMatch(/HTTP 403 Forbidden/),
      );
    });

    it('starts the backoff over once a watch delivers events', async () => {
      const install = await setUpBehind([], BACKOFF);
      await cache.start();
      fake.upsert(crashLoopPod(install.pods[0], 5));
      await eventually(() =>
        expect(
          snap().pods.some(
            p => p.status?.containerStatuses?.[0].restartCount === 5,
          ),
        ).toBe(true),
      );
      fake.injectFailure({ kind: 'close-watches', pathPrefix: '/api/v1/pods' });
      fake.upsert(crashLoopPod(install.pods[0], 6));
      await eventually(() =>
        expect(
          snap().pods.some(
            p => p.status?.containerStatuses?.[0].restartCount === 6,
          ),
        ).toBe(true),
      );
    });

    it('keeps Secrets as metadata only even when the server answers full Secrets', async () => {
      const install = await setUpBehind([
        { pathPrefix: '/api/v1/secrets', ignoreAccept: true },
      ]);
      await cache.start();
      const key = Buffer.from('FAKE-mcp-a-key').toString('base64');
      // The server really did send the values: the request went out without the partial Accept.
      expect(snap().secrets).toHaveLength(1);
      const check = () => {
        for (const s of snap().secrets as unknown as Array<
          Record<string, unknown>
        >) {
          expect(s.kind).toBe('PartialObjectMetadata');
          expect(s).not.toHaveProperty('data');
          expect(s).not.toHaveProperty('stringData');
          expect(s).not.toHaveProperty('type');
        }
        expect(JSON.stringify(snap())).not.toContain(key);
        expect(JSON.stringify(snap())).not.toContain('FAKE-watched-value');
      };
      check();
      // A watch event carrying a full Secret, with the value also in kubectl's last-applied copy.
      const secret = install.all.find(o => o.kind === 'Secret')!;
      const watchedValue = Buffer.from('FAKE-watched-value').toString('base64');
      fake.upsert({
        ...secret,
        metadata: {
          ...secret.metadata,
          annotations: {
            ...secret.metadata.annotations,
            'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
              data: { key: 'FAKE-watched-value' },
            }),
            'reconcile.external-secrets.io/data-hash': 'hash-2',
          },
        },
        data: { key: watchedValue },
        stringData: { other: 'FAKE-watched-value' },
      });
      await eventually(() =>
        expect(
          snap().secrets[0].metadata?.annotations?.[
            'reconcile.external-secrets.io/data-hash'
          ],
        ).toBe('hash-2'),
      );
      check();
      expect(JSON.stringify(snap())).not.toContain(watchedValue);
    });
  });
});
