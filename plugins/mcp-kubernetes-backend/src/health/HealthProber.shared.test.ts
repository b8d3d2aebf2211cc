import { CacheManager } from '@backstage/backend-defaults/cache';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { PodProxy } from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { buildMcpInstall } from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import type { V1Pod } from '@kubernetes/client-node';
import { MemorySnapshotSource } from '../__testUtils__/memorySource';
import { HealthProber } from './HealthProber';
import { SharedHealthResults } from './sharedHealth';
import { MemoryProbeBudget, ProbeBudget } from './probeBudget';

/** Two replicas' probers over the same fleet and one shared cache, each with its own call log. */
function twoReplicas(viewBudgetOf?: (clock: () => number) => ProbeBudget) {
  const installs = ['a', 'b'].map(release =>
    buildMcpInstall({ namespace: 'ns', release, replicas: 2 }),
  );
  const source = MemorySnapshotSource.withInstalls({ c1: installs });
  const cache = CacheManager.fromConfig(
    new ConfigReader({ backend: { cache: { store: 'memory' } } }) as any,
  ).forPlugin('mcp-kubernetes');
  let now = Date.parse('2026-11-30T12:00:00Z');
  // One budget for both replicas, as the plugin's database table is.
  const viewBudget = viewBudgetOf?.(() => now);
  const replica = () => {
    const calls: string[] = [];
    const proxy: PodProxy = {
      get: async req => {
        calls.push(req.pod);
        return { status: 200, body: 'ok', latencyMs: 1 };
      },
    };
    const prober = HealthProber.create({
      source,
      proxy,
      logger: mockServices.logger.mock(),
      concurrency: 4,
      timeoutMs: 1000,
      maxBodyBytes: 1024,
      excerptChars: 64,
      freshnessMs: 20_000,
      viewBudget,
      shared: new SharedHealthResults(
        cache,
        600_000,
        mockServices.logger.mock(),
      ),
      now: () => now,
    });
    return { prober, calls };
  };
  const pods = source.snapshot('c1').pods as V1Pod[];
  return {
    a: replica(),
    b: replica(),
    pods,
    advance: (ms: number) => (now += ms),
  };
}

describe('HealthProber across replicas', () => {
  it('a view on another replica uses the sweep’s fresh answers instead of probing', async () => {
    const { a, b, pods } = twoReplicas();
    await a.prober.runOnce();
    expect(a.calls).toHaveLength(4);
    await b.prober.ensureFresh({
      cluster: 'c1',
      namespace: 'ns',
      release: 'a',
    });
    expect(b.calls).toEqual([]);
    expect(b.prober.get('c1', pods[0])).toEqual(a.prober.get('c1', pods[0]));
  });

  it('a replica’s fleet page takes in the sweep another replica ran', async () => {
    const { a, b, pods } = twoReplicas();
    await a.prober.runOnce();
    expect(pods.map(p => b.prober.get('c1', p))).toEqual(
      pods.map(() => undefined),
    );
    const before = b.prober.version;
    await b.prober.pullShared();
    expect(pods.map(p => b.prober.get('c1', p))).toEqual(
      pods.map(p => a.prober.get('c1', p)),
    );
    expect(b.prober.version).toBeGreaterThan(before);
    expect(b.calls).toEqual([]);
  });

  it('probes again once the shared answers are older than the freshness, only the viewed install', async () => {
    const { a, b, advance } = twoReplicas();
    await a.prober.runOnce();
    advance(20_001);
    await b.prober.ensureFresh({
      cluster: 'c1',
      namespace: 'ns',
      release: 'b',
    });
    expect(b.calls.sort()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^b-/)]),
    );
    expect(b.calls).toHaveLength(2);
    // ...and A's next view of it uses B's answers.
    const aCalls = a.calls.length;
    await a.prober.ensureFresh({
      cluster: 'c1',
      namespace: 'ns',
      release: 'b',
    });
    expect(a.calls).toHaveLength(aCalls);
  });

  it('views on every replica draw from one budget: beyond it, the rest keep their answers until it refills', async () => {
    const { a, b, pods, advance } = twoReplicas(
      clock => new MemoryProbeBudget({ perSecond: 1, burst: 3 }, clock),
    );
    const ref = (release: string) => ({
      cluster: 'c1',
      namespace: 'ns',
      release,
    });
    await a.prober.ensureFresh(ref('a'));
    expect(a.calls).toHaveLength(2);
    // One probe left in the bucket for release b's two pods.
    await b.prober.ensureFresh(ref('b'));
    expect(b.calls).toHaveLength(1);
    // Views of b in the same second take the answers as they are.
    await b.prober.ensureFresh(ref('b'));
    await a.prober.ensureFresh(ref('b'));
    expect(a.calls).toHaveLength(2);
    expect(b.calls).toHaveLength(1);
    // A second refills one probe: the pod never answered, not the one answered a second ago.
    advance(1_000);
    await b.prober.ensureFresh(ref('b'));
    const bPods = pods
      .filter(p => p.metadata?.labels?.['app.kubernetes.io/instance'] === 'b')
      .map(p => p.metadata!.name!);
    expect(b.calls.sort()).toEqual(bPods.sort());
    // Four probes over one second and a burst of three: the budget, never more.
    expect(a.calls.length + b.calls.length).toBe(4);
  });

  it('stretches every view’s freshness alike while viewers look at more pods than the budget keeps 20 s fresh, and stops when they leave', async () => {
    // 0.1 probe/s keeps 2 pods 20 s fresh; viewers of both installs look at 4.
    const { a, advance } = twoReplicas(
      clock => new MemoryProbeBudget({ perSecond: 0.1, burst: 100 }, clock),
    );
    const view = async (release: string) => {
      const before = a.calls.length;
      await a.prober.ensureFresh({ cluster: 'c1', namespace: 'ns', release });
      return a.calls.length - before;
    };
    expect((await view('a')) + (await view('b'))).toBe(4);
    advance(25_000);
    expect(await view('a')).toBe(0); // 25 s old: fresh at 4 pods / 0.1 per s = 40 s
    advance(16_000);
    expect(await view('a')).toBe(2); // 41 s old
    // Nobody looks at b for a minute: a's answers are held to 20 s again.
    advance(65_000);
    expect(await view('a')).toBe(2);
    advance(21_000);
    expect(await view('a')).toBe(2);
  });
});
