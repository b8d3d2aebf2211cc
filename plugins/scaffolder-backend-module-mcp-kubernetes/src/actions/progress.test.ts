import { DeployProgress } from './progress';
import { capturingLogger } from './__testUtils__/harness';

/** helm 4's stderr of an upgrade that timed out and rolled back (recorded on kube-apiserver v1.28.7, trimmed). */
const HELM4_ROLLBACK = [
  'level=DEBUG msg="getting history for release" release=da-probe',
  'level=DEBUG msg="checking resources for changes" resources=5',
  'level=DEBUG msg="Patched resource" namespace=ns name=da-probe-mcp-kubernetes gvk="apps/v1, Kind=Deployment"',
  'level=DEBUG msg="waiting for resources" count=5 timeout=15s',
  'level=DEBUG msg="waiting for resource" namespace=ns name=da-probe-mcp-kubernetes kind=Deployment expectedStatus=Current actualStatus=InProgress',
  'level=DEBUG msg="waiting for resource" namespace=ns name=da-probe-mcp-kubernetes kind=Deployment expectedStatus=Current actualStatus=InProgress',
  'level=WARN msg="upgrade failed" name=da-probe error="resource Deployment/ns/da-probe-mcp-kubernetes not ready. status: InProgress, message: Replicas: 0/3\\ncontext deadline exceeded"',
  'level=DEBUG msg="rolling back" name=da-probe currentVersion=2 targetVersion=1',
];

describe('DeployProgress', () => {
  it('turns helm 4 debug lines into phases, once each, with helm at debug only', () => {
    const log = capturingLogger();
    const debug: string[] = [];
    log.debug.mockImplementation((m: string) => void debug.push(m));
    const p = new DeployProgress(log, {
      deploymentName: 'da-probe-mcp-kubernetes',
    });
    HELM4_ROLLBACK.forEach(l => p.line(l));
    p.rolledBack(1);
    expect(log.lines).toEqual([
      'Applying 5 objects',
      'Waiting for 5 objects to be ready',
      'Waiting for Deployment da-probe-mcp-kubernetes: InProgress',
      'helm reports a failure (details below)',
      'Rolling back to revision 1',
      'Rolled back to revision 1',
    ]);
    expect(debug).toHaveLength(HELM4_ROLLBACK.length);
    expect(log.lines.some(l => l.includes('level='))).toBe(false);
  });

  it('understands helm 3 lines', () => {
    const log = capturingLogger();
    log.debug.mockImplementation(() => {});
    const p = new DeployProgress(log, { deploymentName: 'mcp-x' });
    p.line('creating 6 resource(s)');
    p.line('beginning wait for 6 resources with timeout of 5m0s');
    p.line(
      'Deployment is not ready: ns/mcp-x. 1 out of 2 expected pods are ready',
    );
    expect(log.lines).toEqual([
      'Applying 6 objects',
      'Waiting for 6 objects to be ready',
      'Waiting for Deployment mcp-x: 1/2 ready',
    ]);
  });

  it('polls the Deployment while helm waits and reports each change, then the time', async () => {
    const log = capturingLogger();
    log.debug.mockImplementation(() => {});
    let now = 1_000;
    const counts = [
      { desired: 2, ready: 0 },
      { desired: 2, ready: 1 },
      { desired: 2, ready: 1 },
      { desired: 2, ready: 2 },
    ];
    const p = new DeployProgress(log, {
      deploymentName: 'mcp-x',
      readReadiness: async () => counts.shift(),
      pollMs: 60_000,
      now: () => now,
    });
    p.line('level=DEBUG msg="waiting for resources" count=6 timeout=5m0s');
    for (let i = 0; i < 4; i++) await p.pollReadiness();
    now += 42_000;
    p.done({ waited: true });
    expect(log.lines).toEqual([
      'Waiting for 6 objects to be ready',
      'Waiting for Deployment mcp-x: 0/2 ready',
      'Waiting for Deployment mcp-x: 1/2 ready',
      'Waiting for Deployment mcp-x: 2/2 ready',
      'Ready in 42 s',
    ]);
  });

  it('never repeats a secret that reached a helm line in its own words', () => {
    const log = capturingLogger();
    const debug: string[] = [];
    log.debug.mockImplementation((m: string) => void debug.push(m));
    const secret = 'SEEDED-secret-value-9d2f';
    const p = new DeployProgress(log, { deploymentName: 'x' });
    p.line(
      `level=DEBUG msg="waiting for resource" namespace=ns name=${secret} kind=Deployment actualStatus=InProgress`,
    );
    p.line(`level=DEBUG msg="creating resource(s)" resources=${secret}`);
    p.line(
      `level=DEBUG msg="waiting for resource" name=x kind=Deployment actualStatus=${secret}`,
    );
    p.line(
      `Deployment is not ready: ns/${secret}!. 1 out of 2 expected pods are ready`,
    );
    expect(log.lines.join('\n')).not.toContain('SEEDED');
    expect(debug).toHaveLength(4);
  });
});
