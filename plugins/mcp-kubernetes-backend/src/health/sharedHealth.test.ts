import { mockServices } from '@backstage/backend-test-utils';
import { PodHealthCheck } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { podKeyOf, SharedHealthResults } from './sharedHealth';

const ref = { cluster: 'c1', namespace: 'ns', release: 'r' };
const check = (over: Partial<PodHealthCheck> = {}): PodHealthCheck => ({
  path: '/health',
  port: 8080,
  checkedAt: '2026-11-30T12:00:00.000Z',
  ok: true,
  ...over,
});

describe('SharedHealthResults', () => {
  it('round-trips answers per install and for the fleet through the cache, with the TTL', async () => {
    const cache = mockServices.cache.mock();
    const store = new Map<string, unknown>();
    cache.set.mockImplementation(async (k, v) => void store.set(k, v));
    cache.get.mockImplementation(async k => store.get(k) as any);
    const shared = new SharedHealthResults(
      cache,
      60_000,
      mockServices.logger.mock(),
    );
    const key = podKeyOf('c1', 'ns', 'r-0', 'uid');
    await shared.writeInstall(ref, new Map([[key, check()]]));
    await shared.writeFleet(new Map([[key, check({ ok: false })]]));
    expect(await shared.readInstall(ref)).toEqual(new Map([[key, check()]]));
    expect(await shared.readFleet()).toEqual(
      new Map([[key, check({ ok: false })]]),
    );
    expect(cache.set).toHaveBeenCalledWith(
      expect.any(String),
      expect.anything(),
      {
        ttl: 60_000,
      },
    );
  });

  it('keeps hostile names apart in keys: no two installs share an entry', async () => {
    const cache = mockServices.cache.mock();
    const shared = new SharedHealthResults(
      cache,
      1000,
      mockServices.logger.mock(),
    );
    await shared.readInstall({ cluster: 'a:b', namespace: 'c', release: 'd' });
    await shared.readInstall({ cluster: 'a', namespace: 'b:c', release: 'd' });
    await shared.readInstall({
      cluster: '__proto__',
      namespace: '%2e%2e',
      release: 'x\n---',
    });
    const keys = cache.get.mock.calls.map(c => c[0]);
    expect(new Set(keys).size).toBe(3);
    expect(keys[2]).not.toMatch(/\n/);
    expect(podKeyOf('a/b', 'c', 'd', 'e')).not.toBe(
      podKeyOf('a', 'b/c', 'd', 'e'),
    );
  });

  it('takes only well-formed answers from the cache and ignores __proto__ payloads', async () => {
    const cache = mockServices.cache.mock({
      get: async () =>
        JSON.parse(
          '{"__proto__":{"ok":true,"checkedAt":"2026-11-30T12:00:00Z","path":"/","port":1},' +
            '"good":{"ok":true,"checkedAt":"2026-11-30T12:00:00Z","path":"/health","port":8080},' +
            '"bad-time":{"ok":true,"checkedAt":"yesterday","path":"/","port":1},' +
            '"no-ok":{"checkedAt":"2026-11-30T12:00:00Z","path":"/","port":1}}',
        ),
    });
    const shared = new SharedHealthResults(
      cache,
      1000,
      mockServices.logger.mock(),
    );
    const read = await shared.readInstall(ref);
    expect([...read.keys()].sort()).toEqual(['__proto__', 'good']);
    expect(({} as any).ok).toBeUndefined();
    expect(
      await new SharedHealthResults(
        mockServices.cache.mock({ get: async () => ['x'] as any }),
        1000,
        mockServices.logger.mock(),
      ).readFleet(),
    ).toEqual(new Map());
  });

  it('survives a cache outage without an error and without logging the connection string', async () => {
    const failure = Object.assign(
      new Error('connect ECONNREFUSED redis://:hunter2-password@10.0.0.1:6379'),
      { code: 'ECONNREFUSED' },
    );
    const cache = mockServices.cache.mock({
      get: async () => {
        throw failure;
      },
      set: async () => {
        throw failure;
      },
    });
    const logger = mockServices.logger.mock();
    const shared = new SharedHealthResults(cache, 1000, logger);
    await expect(shared.readInstall(ref)).resolves.toEqual(new Map());
    await expect(shared.writeFleet(new Map())).resolves.toBeUndefined();
    const logged = JSON.stringify(logger.warn.mock.calls);
    expect(logged).toContain('ECONNREFUSED');
    expect(logged).not.toContain('hunter2');
  });

  it('is a no-op without a cache', async () => {
    const shared = new SharedHealthResults(
      undefined,
      1000,
      mockServices.logger.mock(),
    );
    expect(shared.enabled).toBe(false);
    expect(await shared.readFleet()).toEqual(new Map());
  });
});
