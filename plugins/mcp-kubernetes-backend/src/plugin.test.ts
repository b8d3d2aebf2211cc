import type { Entity } from '@backstage/catalog-model';
import type { InstallStatus } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import request from 'supertest';
import {
  buildMcpInstall,
  crashLoopPod,
  failingExternalSecret,
  FakeKubeApiServer,
  KubeObject,
  secretChangedDaysAgo,
  startFakeKubeApiServer,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import {
  capturingLogger,
  eventually,
  startPluginBackend,
} from './__testUtils__/e2eHarness';

jest.setTimeout(60_000);

const SECRET_VALUE = 'FAKE-SECRET-oauth-encryption-key-7f3a9c';
const iso = (msAgo: number) =>
  new Date(Date.now() - msAgo).toISOString().replace(/\.\d+Z$/, 'Z');

/** One install per scenario, each in its own namespace of cluster "alpha". */
function seedScenarios(server: FakeKubeApiServer) {
  const put = (objects: KubeObject[]) => objects.forEach(o => server.upsert(o));
  const install = (release: string, replicas = 1) =>
    buildMcpInstall({ namespace: `ns-${release}`, release, replicas });

  const healthy = install('healthy', 2);
  // A real value in the Secret's data: the backend must never read or show it.
  healthy.secret = {
    ...healthy.secret,
    data: {
      'oauth-encryption-key': Buffer.from(SECRET_VALUE).toString('base64'),
    },
    stringData: undefined,
  } as KubeObject;
  put([
    healthy.deployment,
    ...healthy.pods,
    healthy.externalSecret,
    healthy.secret,
  ]);

  const crash = install('crash');
  put([
    crash.deployment,
    crashLoopPod(crash.pods[0]),
    crash.externalSecret,
    crash.secret,
  ]);

  put(install('sick').all); // /health answers 503
  put(install('slow').all); // /health never answers in time

  const failing = install('es-failing');
  put([
    failing.deployment,
    ...failing.pods,
    failingExternalSecret(
      failing.externalSecret,
      'could not get secret data from provider',
      new Date(Date.now() - 3 * 3600_000),
    ),
    failing.secret,
  ]);

  const stale = install('es-stale');
  put([
    stale.deployment,
    ...stale.pods,
    {
      ...stale.externalSecret,
      status: {
        ...(stale.externalSecret.status as object),
        refreshTime: iso(3 * 3600_000),
      },
    },
    stale.secret,
  ]);

  for (const [release, days] of [
    ['key-near', 80],
    ['key-overdue', 97],
  ] as const) {
    const seed = install(release);
    // Pods restarted after the key change, so only the age matters.
    put([
      seed.deployment,
      ...seed.pods,
      seed.externalSecret,
      secretChangedDaysAgo(seed.secret, days + 0.5),
    ]);
  }
  const rotated = install('key-not-restarted');
  put([
    rotated.deployment,
    ...rotated.pods,
    rotated.externalSecret,
    secretChangedDaysAgo(rotated.secret, 0.01),
  ]);
}

function podProxyAnswers(server: FakeKubeApiServer) {
  server.setPodProxyHandler(req => {
    if (req.namespace === 'ns-sick')
      return {
        status: 503,
        body: '{"status":"degraded","checks":{"oauth":"failing"}}',
      };
    if (req.namespace === 'ns-slow')
      return { status: 200, body: 'late', delayMs: 3_000 };
    // A careless health endpoint that echoes a credential.
    return {
      status: 200,
      body: `{"status":"ok","version":"0.4.2","debug":{"client_secret":"${SECRET_VALUE}"}}`,
    };
  });
}

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'healthy',
      namespace: 'default',
      annotations: {
        'mcp-kubernetes.io/cluster': 'alpha',
        'mcp-kubernetes.io/namespace': 'ns-healthy',
        'mcp-kubernetes.io/release': 'healthy',
      },
    },
    spec: { type: 'service', owner: 'team', lifecycle: 'production' },
  },
];

describe('mcp-kubernetes backend against a fake API server', () => {
  let server: FakeKubeApiServer;
  let harness: Awaited<ReturnType<typeof startPluginBackend>>;
  const logger = capturingLogger();
  const responses: string[] = [];

  const status = async (release: string): Promise<InstallStatus> => {
    const res = await harness.get(`/status/alpha/ns-${release}/${release}`);
    responses.push(res.text);
    expect(res.status).toBe(200);
    return res.body;
  };
  const probed = (s: InstallStatus) =>
    s.pods.length > 0 && s.pods.every(p => p.health !== undefined);

  beforeAll(async () => {
    server = await startFakeKubeApiServer();
    seedScenarios(server);
    podProxyAnswers(server);
    harness = await startPluginBackend({
      servers: { alpha: server },
      entities,
      logger,
    });
    await eventually(
      () => status('healthy'),
      s => s.state === 'ok' && probed(s),
    );
  });

  afterAll(async () => {
    await harness?.backend.stop();
    await server?.close();
  });

  it('reports a healthy install with each pod /health answer, ES synced and key fresh', async () => {
    const s = await status('healthy');
    expect(s).toMatchObject({
      state: 'ok',
      stale: false,
      externalSecret: { state: 'synced', targetSecretPresent: true },
      keyRotation: { state: 'ok', allPodsRestartedSinceRotation: true },
    });
    expect(s.pods).toHaveLength(2);
    for (const pod of s.pods) {
      expect(pod).toMatchObject({
        phase: 'Running',
        ready: true,
        health: { ok: true, httpStatus: 200, path: '/health', port: 8080 },
      });
      expect(pod.health?.bodyExcerpt).toContain('"status":"ok"');
    }
  });

  it('names a CrashLoopBackOff pod', async () => {
    const s = await status('crash');
    expect(s.state).toBe('error');
    expect(s.pods[0]).toMatchObject({
      waitingReason: 'CrashLoopBackOff',
      restarts: 7,
      lastTerminationReason: 'Error',
    });
    expect(s.reasons[0].message).toMatch(
      /^Pod crash-.* in CrashLoopBackOff \(7 restarts, last exit: Error\)$/,
    );
  });

  it('reports /health 503 and a timed-out probe as errors', async () => {
    const sick = await eventually(() => status('sick'), probed);
    expect(sick.pods[0].health).toMatchObject({ ok: false, httpStatus: 503 });
    expect(sick.state).toBe('error');
    const slow = await eventually(() => status('slow'), probed);
    expect(slow.pods[0].health).toMatchObject({ ok: false });
    expect(slow.pods[0].health?.error).toMatch(/time/i);
    expect(slow.pods[0].health?.httpStatus).toBeUndefined();
  });

  it('reports a failing and a stale ExternalSecret', async () => {
    const failing = await status('es-failing');
    expect(failing.externalSecret.state).toBe('failing');
    expect(failing.reasons.map(r => r.message)).toContain(
      'ExternalSecret failing for 3 h: SecretSyncedError: could not get secret data from provider',
    );
    const stale = await status('es-stale');
    expect(stale.externalSecret).toMatchObject({
      state: 'stale',
      stale: true,
      refreshInterval: '1h',
    });
    expect(stale.state).toBe('warning');
  });

  it('reports key age near the limit, overdue, and rotated without restart', async () => {
    expect((await status('key-near')).keyRotation).toMatchObject({
      state: 'warning',
      ageDays: 80,
      source: 'managed-fields',
    });
    const overdue = await status('key-overdue');
    expect(overdue.keyRotation).toMatchObject({
      state: 'overdue',
      ageDays: 97,
    });
    expect(overdue.reasons.map(r => r.message)).toContain(
      'key 97 days old, policy 90',
    );
    const rotated = await status('key-not-restarted');
    expect(rotated.keyRotation).toMatchObject({
      state: 'ok',
      allPodsRestartedSinceRotation: false,
    });
    expect(rotated.state).toBe('warning');
  });

  it('serves status from the cache: page views make no API-server requests', async () => {
    server.setPodProxyHandler(() => ({ status: 200, body: 'ok' })); // keep probes quick, not counted below
    const before = server.requests.filter(
      r => !r.path.includes('/proxy'),
    ).length;
    for (let i = 0; i < 50; i++) {
      await status('healthy');
      await harness.get('/fleet');
    }
    const after = server.requests.filter(
      r => !r.path.includes('/proxy'),
    ).length;
    expect(after - before).toBe(0);
    podProxyAnswers(server);
  });

  it('lists the fleet and clusters without credentials', async () => {
    const fleet = await harness.get('/fleet');
    responses.push(fleet.text);
    expect(fleet.body.counts.total).toBe(9);
    expect(
      fleet.body.items.find((i: any) => i.install.release === 'healthy'),
    ).toMatchObject({
      entityRef: 'component:default/healthy',
      state: 'ok',
      podsReady: 2,
    });
    const clusters = await harness.get('/clusters');
    responses.push(clusters.text);
    expect(clusters.body.items).toEqual([
      expect.objectContaining({ name: 'alpha', reachable: true }),
    ]);
    expect(clusters.text).not.toContain(server.token);
    expect(clusters.text).not.toContain(server.url);
  });

  it('force-syncs the ExternalSecret with a merge patch of its force-sync annotation', async () => {
    const res = await harness.post(
      '/installs/alpha/ns-healthy/healthy/external-secret/force-sync',
    );
    responses.push(res.text);
    expect(res.status).toBe(202);
    const es = server.get(
      'external-secrets.io/v1',
      'ExternalSecret',
      'ns-healthy',
      'healthy-oauth-credentials',
    );
    expect(es?.metadata.annotations?.['force-sync']).toBe(res.body.requestedAt);
    const patch = server.requests.filter(r => r.method === 'PATCH');
    expect(patch).toEqual([
      expect.objectContaining({
        path: '/apis/external-secrets.io/v1/namespaces/ns-healthy/externalsecrets/healthy-oauth-credentials',
      }),
    ]);
  });

  it('mounts the policy preview route', async () => {
    const res = await request(harness.backend.server)
      .post('/api/mcp-kubernetes/policy/preview')
      .send({
        environment: 'production',
        answers: { imageTag: 'latest' },
      });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      environment: 'production',
      allowed: false,
    });
    const bad = await request(harness.backend.server)
      .post('/api/mcp-kubernetes/policy/preview')
      .send({ values: {} });
    expect(bad.status).toBe(400);
  });

  it('records a data-hash transition and dates the key from it', async () => {
    const before = await status('healthy');
    expect(before.keyRotation.source).toBe('managed-fields');
    const current = server.get(
      'v1',
      'Secret',
      'ns-healthy',
      'healthy-oauth-credentials',
    )!;
    server.upsert(
      secretChangedDaysAgo(current, 0, new Date(), 'rotated-data-hash'),
    );
    // Once the cache has the new hash, the scheduled recorder stores the transition.
    await eventually(
      () => status('healthy'),
      s => s.keyRotation.lastRotatedAt !== before.keyRotation.lastRotatedAt,
    );
    await harness.trigger('mcp-kubernetes-rotation-record');
    const after = await status('healthy');
    expect(after.keyRotation.source).toBe('data-hash-history');
    expect(Date.parse(after.keyRotation.lastRotatedAt!)).toBeGreaterThan(
      Date.parse(before.keyRotation.lastRotatedAt!),
    );
    // The pods started before this rotation: they still hold the old key.
    expect(after.keyRotation.allPodsRestartedSinceRotation).toBe(false);
    expect(after.state).toBe('warning');
  });

  it('never puts a secret value or the cluster token in a response or a log line', async () => {
    const byEntity = await harness.get(
      '/status/by-entity/default/component/healthy',
    );
    responses.push(byEntity.text);
    // The check below is only worth something if the plugin's log was captured.
    expect(logger.lines.length).toBeGreaterThan(0);
    const all = [...responses, ...logger.lines].join('\n');
    expect(all).not.toContain(SECRET_VALUE);
    expect(all).not.toContain(Buffer.from(SECRET_VALUE).toString('base64'));
    expect(all).not.toContain(server.token);
    expect(byEntity.body.pods[0].health.bodyExcerpt).toContain('[redacted]');
  });
});
