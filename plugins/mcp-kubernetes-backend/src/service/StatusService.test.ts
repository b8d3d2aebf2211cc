import {
  buildMcpInstall,
  crashLoopPod,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import { MemorySnapshotSource } from '../__testUtils__/memorySource';
import { StatusService } from './StatusService';

describe('StatusService', () => {
  function setup() {
    const install = buildMcpInstall({
      namespace: 'ns',
      release: 'r',
      replicas: 1,
    });
    const source = MemorySnapshotSource.withInstalls({ c1: [install] });
    let now = Date.parse('2026-11-25T12:00:00Z');
    const status = StatusService.create({
      source,
      health: { get: () => undefined },
      history: { history: () => [] },
      limits: { warnAfterDays: 75, maxAgeDays: 90 },
      now: () => now,
      fleetMemoMs: 1000,
    });
    return { install, source, status, advance: (ms: number) => (now += ms) };
  }

  it('shares one fleet computation for a second, then recomputes from the cache', () => {
    const { install, source, status, advance } = setup();
    expect(status.getFleet().items[0].state).toBe('ok');
    source.setCluster('c1', [
      install.deployment,
      crashLoopPod(install.pods[0]),
      install.externalSecret,
      install.secret,
    ]);
    advance(500);
    expect(status.getFleet().items[0].state).toBe('ok');
    advance(600);
    const fleet = status.getFleet();
    expect(fleet.items[0].state).toBe('error');
    expect(fleet.generatedAt).toBe('2026-11-25T12:00:01.100Z');
  });

  it('always answers a single install from the current cache', () => {
    const { install, source, status } = setup();
    expect(
      status.getStatus({ cluster: 'c1', namespace: 'ns', release: 'r' }).state,
    ).toBe('ok');
    source.setCluster('c1', [
      install.deployment,
      crashLoopPod(install.pods[0]),
      install.externalSecret,
      install.secret,
    ]);
    expect(
      status.getStatus({ cluster: 'c1', namespace: 'ns', release: 'r' }).state,
    ).toBe('error');
  });

  it('names the unknown cluster, and the known ones only when asked to', () => {
    const { status } = setup();
    expect(() => status.assertCluster('mars', { revealKnown: true })).toThrow(
      'Unknown cluster "mars". Known clusters: c1',
    );
    expect(() => status.assertCluster('mars', { revealKnown: false })).toThrow(
      'Unknown cluster "mars" (configure it under kubernetes.clusterLocatorMethods)',
    );
    // Reads of an unknown cluster never list the known ones.
    expect(() =>
      status.getStatus({ cluster: 'mars', namespace: 'ns', release: 'r' }),
    ).toThrow(/^Unknown cluster "mars" \(configure/);
  });

  it('reads the recorded entity from the Deployment, and treats a malformed one as not recorded', () => {
    const { install, source, status } = setup();
    const ref = { cluster: 'c1', namespace: 'ns', release: 'r' };
    expect(status.recordOf(ref)).toEqual({
      exists: true,
      recorded: {
        entityRef: 'component:default/r',
        owner: 'group:default/platform-team',
      },
    });
    expect(status.getStatus(ref).entityRef).toBe('component:default/r');
    for (const hostile of [
      'no-kind-here',
      'component:default/x\n---\nkind: ClusterRoleBinding',
      `component:default/${'a'.repeat(300)}`,
      '__proto__',
    ]) {
      const deployment = structuredClone(install.deployment);
      deployment.metadata.annotations!['mcp-kubernetes.io/entity-ref'] =
        hostile;
      source.setCluster('c1', [deployment, ...install.pods]);
      expect(status.recordOf(ref)).toEqual({ exists: true });
      expect(status.getStatus(ref).entityRef).toBeUndefined();
    }
    source.setCluster('c1', []);
    expect(status.recordOf(ref)).toEqual({ exists: false });
  });
});
