import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import { KubeConfig } from '@kubernetes/client-node';
import {
  buildMcpInstall,
  startFakeKubeApiServer,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import type { FakeKubeApiServer } from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import { MemorySnapshotSource } from '../__testUtils__/memorySource';
import {
  ESO_FORCE_SYNC_ANNOTATION,
  ExternalSecretForceSyncer,
  ForceSyncRateLimitedError,
} from './ExternalSecretForceSyncer';

describe('ExternalSecretForceSyncer', () => {
  let fake: FakeKubeApiServer;
  const a = buildMcpInstall({ namespace: 'team-a', release: 'mcp-a' });
  const b = buildMcpInstall({ namespace: 'team-b', release: 'mcp-b' });
  const refA = { cluster: 'dev', namespace: 'team-a', release: 'mcp-a' };
  const refB = { cluster: 'dev', namespace: 'team-b', release: 'mcp-b' };

  beforeAll(async () => {
    fake = await startFakeKubeApiServer();
    [...a.all, ...b.all].forEach(o => fake.upsert(o));
  });
  afterAll(() => fake.close());

  function syncer(minIntervalMs?: number) {
    const kc = new KubeConfig();
    kc.loadFromString(fake.kubeconfigYaml());
    return ExternalSecretForceSyncer.create({
      registry: { getKubeConfig: () => kc },
      source: MemorySnapshotSource.withInstalls({ dev: [a, b] }),
      minIntervalMs,
    });
  }
  const patches = () =>
    fake.requests.filter(
      r => r.method === 'PATCH' && r.path.includes('/externalsecrets/'),
    );

  it('annotates the install ExternalSecret once, then answers 429 for the same install within the interval', async () => {
    const s = syncer();
    const t0 = new Date('2026-11-30T12:00:00Z');
    const before = patches().length;
    const first = await s.forceSync(refA, t0);
    expect(first.name).toBe(a.externalSecret.metadata.name);
    expect(
      fake.get('external-secrets.io/v1', 'ExternalSecret', 'team-a', first.name)
        ?.metadata.annotations?.[ESO_FORCE_SYNC_ANNOTATION],
    ).toBe(t0.toISOString());

    const second = s.forceSync(refA, new Date(t0.getTime() + 10_000));
    await expect(second).rejects.toBeInstanceOf(ForceSyncRateLimitedError);
    await expect(second).rejects.toMatchObject({
      statusCode: 429,
      retryAfterSeconds: 20,
      message: expect.stringMatching(/try again in 20 s/),
    });
    expect(patches().length - before).toBe(1);

    // Another install is not held up by the first one's slot.
    await expect(
      s.forceSync(refB, new Date(t0.getTime() + 10_000)),
    ).resolves.toMatchObject({ name: b.externalSecret.metadata.name });
    // After the interval the first install may sync again.
    await expect(
      s.forceSync(refA, new Date(t0.getTime() + 30_000)),
    ).resolves.toMatchObject({ name: first.name });
    expect(patches().length - before).toBe(3);
  });

  it('lets only one of many concurrent requests for the same install through', async () => {
    const s = syncer(60_000);
    const before = patches().length;
    const now = new Date('2026-11-30T13:00:00Z');
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => s.forceSync(refA, now)),
    );
    expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
    expect(
      results.filter(
        r =>
          r.status === 'rejected' &&
          r.reason instanceof ForceSyncRateLimitedError,
      ),
    ).toHaveLength(19);
    expect(patches().length - before).toBe(1);
  });

  it('does not spend the slot on an install without an ExternalSecret (404)', async () => {
    const s = syncer();
    await expect(
      s.forceSync({ ...refA, release: 'nope' }, new Date()),
    ).rejects.toThrow(/No ExternalSecret feeds release "nope"/);
    await expect(s.forceSync(refA, new Date())).resolves.toBeDefined();
  });

  it("answers HTTP 429 through Backstage's standard error handler", async () => {
    const app = express();
    app.post('/sync', () => {
      throw new ForceSyncRateLimitedError('too soon', 12);
    });
    app.use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.logger.mock(),
      }).error(),
    );
    const res = await request(app).post('/sync');
    expect(res.status).toBe(429);
    expect(res.body.error).toMatchObject({
      name: 'ForceSyncRateLimitedError',
      message: 'too soon',
    });
  });
});
