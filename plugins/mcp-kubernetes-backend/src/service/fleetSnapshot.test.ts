import { buildMcpInstall } from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import { MemorySnapshotSource } from '../__testUtils__/memorySource';
import { FleetSnapshot } from './fleetSnapshot';

describe('FleetSnapshot', () => {
  function setup() {
    const install = buildMcpInstall({
      namespace: 'ns',
      release: 'r',
      replicas: 1,
    });
    const source = MemorySnapshotSource.withInstalls({ c1: [install] });
    let now = 0;
    let healthVersion = 0;
    const compute = jest.fn((clusters: string[]) => clusters.length);
    const fleet = new FleetSnapshot({
      source,
      healthVersion: () => healthVersion,
      compute,
      now: () => now,
      minIntervalMs: 1000,
      maxAgeMs: 60_000,
    });
    return {
      install,
      source,
      fleet,
      compute,
      advance: (ms: number) => (now += ms),
      bumpHealth: () => (healthVersion += 1),
    };
  }

  it('serves an unchanged fleet from memory however many requests come', () => {
    const { fleet, compute, advance } = setup();
    for (let i = 0; i < 1000; i++) {
      fleet.get();
      advance(50); // 50 s in all, under the max age
    }
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('rebuilds after a watch change or a probe answer, at most once per interval', () => {
    const { install, source, fleet, compute, advance, bumpHealth } = setup();
    fleet.get();
    source.setCluster('c1', install.all);
    advance(500);
    fleet.get();
    expect(compute).toHaveBeenCalledTimes(1); // within the interval
    advance(600);
    fleet.get();
    expect(compute).toHaveBeenCalledTimes(2);
    advance(5000);
    fleet.get();
    expect(compute).toHaveBeenCalledTimes(2);
    bumpHealth();
    fleet.get();
    expect(compute).toHaveBeenCalledTimes(3);
  });

  it('rebuilds once the max age passes, since key ages and staleness move with time', () => {
    const { fleet, compute, advance } = setup();
    fleet.get();
    advance(60_000);
    fleet.get();
    expect(compute).toHaveBeenCalledTimes(2);
  });
});
