import { mockServices } from '@backstage/backend-test-utils';
import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import type {
  ClusterSnapshot,
  PodProxy,
  PodProxyRequest,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { readRecording } from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import { SnapshotSource } from '../status/snapshotTypes';
import { HealthProber, HealthProberOptions, runBounded } from './HealthProber';
import { redactSecrets } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { bodyExcerpt } from './redact';

/** Recorded from a real kube-apiserver v1.28.7. */
const runningPod = () => JSON.parse(readRecording('15-pod-get-running.json'));
const deploymentJson = () =>
  JSON.parse(readRecording('18-deployment-get.json'));

const clone = <T>(x: unknown): T => JSON.parse(JSON.stringify(x));

function podNamed(name: string, over: (p: V1Pod) => void = () => {}): V1Pod {
  const pod = clone<V1Pod>(runningPod());
  pod.metadata!.name = name;
  pod.metadata!.uid = `uid-${name}`;
  over(pod);
  return pod;
}

function sourceWith(pods: V1Pod[]): SnapshotSource {
  const snapshot: ClusterSnapshot = {
    cluster: 'c1',
    pods,
    deployments: [clone<V1Deployment>(deploymentJson())],
    externalSecrets: [],
    secrets: [],
    externalSecretsApi: 'absent',
    connected: true,
    syncedAt: new Date().toISOString(),
  };
  return { clusterNames: () => ['c1'], snapshot: () => snapshot };
}

function prober(
  source: SnapshotSource,
  proxy: PodProxy,
  over: { concurrency?: number; timeoutMs?: number } = {},
) {
  return HealthProber.create({
    source,
    proxy,
    logger: mockServices.logger.mock(),
    concurrency: over.concurrency ?? 10,
    timeoutMs: over.timeoutMs ?? 2000,
    maxBodyBytes: 4096,
    excerptChars: 200,
  });
}

describe('HealthProber', () => {
  it('probes only running install pods, on the path and port from their readiness probe', async () => {
    const calls: PodProxyRequest[] = [];
    const pods = [
      podNamed('a', p => {
        p.spec!.containers[0].readinessProbe!.httpGet = {
          path: '/readyz',
          port: 'http' as any,
        };
      }),
      podNamed('pending', p => {
        p.status = { phase: 'Pending' };
      }),
      podNamed('foreign', p => {
        p.metadata!.labels!['app.kubernetes.io/instance'] = 'someone-else';
      }),
    ];
    const p = prober(sourceWith(pods), {
      get: async req => {
        calls.push(req);
        return { status: 200, body: '{"status":"ok"}', latencyMs: 3 };
      },
    });
    expect(await p.runOnce()).toEqual({ probed: 1, failed: 0 });
    expect(calls).toEqual([
      expect.objectContaining({
        cluster: 'c1',
        namespace: 'mcp-team-a',
        pod: 'a',
        port: 'http',
        path: '/readyz',
        timeoutMs: 2000,
      }),
    ]);
    expect(p.get('c1', pods[0])).toMatchObject({
      ok: true,
      httpStatus: 200,
      latencyMs: 3,
      bodyExcerpt: '{"status":"ok"}',
      path: '/readyz',
    });
  });

  it('keeps a 503 answer and a failure as not ok, with the error', async () => {
    const pods = [podNamed('sick'), podNamed('gone')];
    const p = prober(sourceWith(pods), {
      get: async req => {
        if (req.pod === 'gone')
          throw new Error('connection refused by pod gone:8080');
        return { status: 503, body: '{"status":"degraded"}', latencyMs: 5 };
      },
    });
    expect(await p.runOnce()).toEqual({ probed: 2, failed: 2 });
    expect(p.get('c1', pods[0])).toMatchObject({ ok: false, httpStatus: 503 });
    expect(p.get('c1', pods[1])).toMatchObject({
      ok: false,
      error: 'connection refused by pod gone:8080',
    });
    expect(p.get('c1', pods[1])?.httpStatus).toBeUndefined();
  });

  it('does not let one hanging pod delay the others, and times it out', async () => {
    const pods = [
      podNamed('slow'),
      ...Array.from({ length: 5 }, (_, i) => podNamed(`fast-${i}`)),
    ];
    const finishedAt: Record<string, number> = {};
    const start = Date.now();
    const p = prober(
      sourceWith(pods),
      {
        get: req => {
          if (req.pod === 'slow') return new Promise(() => {}); // never answers
          finishedAt[req.pod] = Date.now() - start;
          return Promise.resolve({ status: 200, body: 'ok', latencyMs: 1 });
        },
      },
      { concurrency: 2, timeoutMs: 100 },
    );
    await p.runOnce();
    expect(Math.max(...Object.values(finishedAt))).toBeLessThan(100);
    expect(p.get('c1', pods[0])).toMatchObject({
      ok: false,
      error: expect.stringMatching(/timed out/),
    });
  });

  it('never has more calls in flight than the concurrency limit', async () => {
    let inFlight = 0;
    let peak = 0;
    await runBounded(
      Array.from({ length: 25 }, (_, i) => i),
      10,
      async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise(r => setTimeout(r, 5));
        inFlight -= 1;
      },
    );
    expect(peak).toBe(10);
  });

  /**
   * Pods a to d (d answers 503) under a prober whose calls are logged per round, on a clock the
   * test moves: the shared set-up of the budget tests.
   */
  function fourPodsProber(over: Partial<HealthProberOptions>) {
    const pods = ['a', 'b', 'c', 'd'].map(name => podNamed(name));
    const answers: Record<string, number> = { a: 200, b: 200, c: 200, d: 503 };
    const state = {
      clock: Date.parse('2026-01-01T00:00:00Z'),
      round: [] as string[],
    };
    const p = HealthProber.create({
      source: sourceWith(pods),
      proxy: {
        get: async req => {
          state.round.push(req.pod);
          return { status: answers[req.pod], body: '', latencyMs: 1 };
        },
      },
      logger: mockServices.logger.mock(),
      concurrency: 1,
      timeoutMs: 2000,
      maxBodyBytes: 4096,
      excerptChars: 200,
      now: () => state.clock,
      ...over,
    });
    /** Runs `step` after `afterMs`; resolves to the pods it probed, sorted. */
    const round = async (afterMs: number, step: () => Promise<unknown>) => {
      state.clock += afterMs;
      state.round = [];
      await step();
      return state.round.sort();
    };
    return { p, pods, round };
  }

  it('probes at most its budget per sweep: never answered first, then unhealthy, then the oldest', async () => {
    const { p, round } = fourPodsProber({ sweepBudget: 2 });
    const probed: string[][] = [];
    const results: Array<{ probed: number; failed: number }> = [];
    for (const afterMs of [0, 60_000, 60_000, 60_000]) {
      probed.push(
        await round(afterMs, async () => results.push(await p.runOnce())),
      );
    }
    expect(results.slice(0, 2)).toEqual([
      { probed: 2, failed: 0 },
      // c and d were never answered; the 503 of d keeps it in every later round.
      { probed: 2, failed: 1 },
    ]);
    expect(probed).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['a', 'd'],
      ['b', 'd'],
    ]);
  });

  it('a view short of budget probes its neediest pods: never answered, then unhealthy, then the oldest', async () => {
    const grants = [2, 1, 1, 2];
    const asked: number[] = [];
    const { p, pods, round } = fourPodsProber({
      freshnessMs: 20_000,
      viewBudget: {
        perSecond: 100, // ample: this test is about the draws, not the pace
        take: async wanted => {
          asked.push(wanted);
          return Math.min(wanted, grants.shift() ?? 0);
        },
      },
    });
    const ref = {
      cluster: 'c1',
      namespace: pods[0].metadata!.namespace!,
      release: pods[0].metadata!.labels!['app.kubernetes.io/instance'],
    };
    const view = (afterMs: number) => round(afterMs, () => p.ensureFresh(ref));
    expect(await view(0)).toEqual(['a', 'b']);
    expect(await view(1_000)).toEqual(['c']);
    expect(await view(1_000)).toEqual(['d']);
    expect(asked).toEqual([4, 2, 1]);
    // All stale again: the unhealthy d first, then the oldest healthy answer (a, tied with b).
    expect(await view(30_000)).toEqual(['a', 'd']);
    expect(asked).toEqual([4, 2, 1, 4]);
  });

  it('forgets pods that disappeared', async () => {
    const pods = [podNamed('a')];
    const source = sourceWith(pods);
    const p = prober(source, {
      get: async () => ({ status: 200, body: '', latencyMs: 1 }),
    });
    await p.runOnce();
    expect(p.get('c1', pods[0])).toBeDefined();
    // Like the watch cache, a change hands out a new list (lists are never mutated in place).
    source.snapshot('c1').pods = [];
    await p.runOnce();
    expect(p.get('c1', podNamed('a'))).toBeUndefined();
  });
});

describe('redactSecrets', () => {
  it.each([
    [
      '{"status":"ok","client_secret":"FAKE-SECRET-abc123"}',
      'FAKE-SECRET-abc123',
    ],
    ['token=FAKE-SECRET-xyz&x=1', 'FAKE-SECRET-xyz'],
    ['Authorization: Bearer abc.def.ghi', 'abc.def.ghi'],
    [
      'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl',
      'eyJhbGciOiJIUzI1NiJ9',
    ],
    ['db postgres://user:hunter2@db:5432/x', 'hunter2'],
    [
      'key material AAAABBBBCCCCDDDDEEEEFFFFGGGGHHHHIIII',
      'AAAABBBBCCCCDDDDEEEEFFFFGGGGHHHHIIII',
    ],
  ])('hides the secret in %s', (text, secret) => {
    const out = redactSecrets(text);
    expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
  });

  it('leaves ordinary health text alone and caps the excerpt', () => {
    expect(redactSecrets('{"status": "ok", "version": "0.4.2"}')).toBe(
      '{"status": "ok", "version": "0.4.2"}',
    );
    expect(bodyExcerpt('x'.repeat(10) + ' y'.repeat(500), 50)).toHaveLength(51);
  });
});

describe('bodyExcerpt on hostile bodies (ReDoS)', () => {
  const fill = (unit: string, size = 4096) =>
    unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

  it.each([
    // One unbroken token cut by the cap: dropped whole, no half of it survives.
    ['key repeated', fill('key'), '…'],
    ['key: repeated', fill('key: '), `${fill('key: ', 500).trim()}…`],
    ['token= repeated', fill('token='), '…'],
    ['token= spaced', fill('token= '), `token= ${'[redacted]'}`],
    ['a- repeated', fill('a-'), '…'],
    ['BEGIN without END', fill('-----BEGIN X-----'), '[redacted]…'],
  ])('excerpts a 4 KiB body of %s in linear time', (_name, body, expected) => {
    const started = performance.now();
    const out = bodyExcerpt(body, 500);
    const ms = performance.now() - started;
    // Before the shared linear redactor, `key` repeated took ~4 s per pod per round.
    expect(ms).toBeLessThan(50);
    expect(out.startsWith(expected.replace(/…$/, ''))).toBe(true);
    expect(out.length).toBeLessThanOrEqual(501);
  });

  it('keeps the excerpt within its cap when the body is a megabyte of whitespace and secrets', () => {
    const body = `${' '.repeat(
      1_000_000,
    )}client_secret=FAKE-SECRET-abc ${'x'.repeat(1_000_000)}`;
    const started = performance.now();
    const out = bodyExcerpt(body, 300);
    expect(performance.now() - started).toBeLessThan(200);
    expect(out).not.toContain('FAKE-SECRET');
    expect(out.length).toBeLessThanOrEqual(301);
  });
});
