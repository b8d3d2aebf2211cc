import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import { readRecording } from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import { buildInstallStatus, StatusContext } from './buildInstallStatus';
import { parseGoDurationSeconds } from './duration';
import type {
  ClusterSnapshot,
  ExternalSecretObject,
  V1PartialObjectMetadata,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';

const clone = <T>(x: unknown): T => JSON.parse(JSON.stringify(x));
// Objects as a real kube-apiserver v1.28.7 answered them.
const recorded = (file: string): unknown => JSON.parse(readRecording(file));
const runningPod = recorded('15-pod-get-running.json');
const crashPod = recorded('16-pod-get-crashloop.json');
const deploymentJson = recorded('18-deployment-get.json');
const esSynced = recorded('31-externalsecret-get-synced.json');
const esBroken = recorded('32-externalsecret-get-broken.json');
const secretBefore = recorded('40-secret-partial-before-rotation.json');
const secretAfter = recorded('41-secret-partial-after-rotation.json');
const DAY = 24 * 3600 * 1000;
// Recorded objects are from 2026-11-24 ~13:25Z.
const NOW = Date.parse('2026-11-24T13:40:00Z');
const ref = { cluster: 'c1', namespace: 'mcp-team-a', release: 'mcp-a' };

function snapshot(over: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  return {
    cluster: 'c1',
    pods: [clone<V1Pod>(runningPod)],
    deployments: [clone<V1Deployment>(deploymentJson)],
    externalSecrets: [clone<ExternalSecretObject>(esSynced)],
    secrets: [clone<V1PartialObjectMetadata>(secretAfter)],
    externalSecretsApi: 'external-secrets.io/v1',
    connected: true,
    syncedAt: '2026-11-24T13:39:50Z',
    ...over,
  };
}

function ctx(over: Partial<StatusContext> = {}): StatusContext {
  return {
    health: () => undefined,
    history: () => [],
    limits: { warnAfterDays: 75, maxAgeDays: 90 },
    now: NOW,
    ...over,
  };
}

function healthyDeployment(): V1Deployment {
  const d = clone<V1Deployment>(deploymentJson);
  d.spec!.replicas = 1;
  d.status = {
    ...d.status,
    readyReplicas: 1,
    availableReplicas: 1,
    updatedReplicas: 1,
  };
  return d;
}

/** The recorded running pod, restarted after the recorded key rotation (13:24:42Z). */
function restartedPod(): V1Pod {
  const pod = clone<V1Pod>(runningPod);
  pod.status!.containerStatuses![0].state = {
    running: { startedAt: '2026-11-24T13:30:00Z' as any },
  };
  return pod;
}

describe('parseGoDurationSeconds', () => {
  it.each([
    ['1h', 3600],
    ['30m', 1800],
    ['15s', 15],
    ['1h30m', 5400],
    ['0', 0],
  ])('parses %s', (text, seconds) =>
    expect(parseGoDurationSeconds(text)).toBe(seconds),
  );
  it.each(['', 'soon', '1d', '10'])('rejects %p', text =>
    expect(parseGoDurationSeconds(text)).toBeUndefined(),
  );
});

describe('buildInstallStatus', () => {
  it('reports a healthy install from recorded objects', () => {
    const status = buildInstallStatus(
      snapshot({ pods: [restartedPod()], deployments: [healthyDeployment()] }),
      ref,
      ctx(),
    );
    expect(status.state).toBe('ok');
    expect(status.reasons).toEqual([]);
    expect(status.pods).toEqual([
      expect.objectContaining({
        name: 'mcp-a-6c9f7d8b4f-ldv7f',
        phase: 'Running',
        ready: true,
        restarts: 0,
        node: 'worker-1',
        startedAt: '2026-11-24T13:30:00Z',
      }),
    ]);
    expect(status.externalSecret).toMatchObject({
      state: 'synced',
      name: 'mcp-k8s-oauth-credentials',
      store: { kind: 'SecretStore', name: 'gcp-secret-manager' },
      refreshInterval: '1h',
      refreshIntervalSeconds: 3600,
      stale: false,
      targetSecretPresent: true,
      ready: {
        status: 'True',
        reason: 'SecretSynced',
        since: '2026-11-24T13:23:09Z',
      },
    });
    // The recorded rotation at 13:24:42Z is the ESO manager's managedFields time.
    expect(status.keyRotation).toMatchObject({
      state: 'ok',
      source: 'managed-fields',
      lastRotatedAt: '2026-11-24T13:24:42Z',
      ageDays: 0,
      allPodsRestartedSinceRotation: true,
    });
    expect(status.chartVersion).toBe('0.4.2');
    expect(status.observedAt).toBe('2026-11-24T13:39:50Z');
  });

  it('names a CrashLoopBackOff pod and the missing replica as errors', () => {
    const status = buildInstallStatus(
      snapshot({ pods: [clone(runningPod), clone(crashPod)] }),
      ref,
      ctx(),
    );
    expect(status.state).toBe('error');
    const crash = status.pods.find(p => p.name === 'mcp-a-6c9f7d8b4f-qpbjk');
    expect(crash).toMatchObject({
      waitingReason: 'CrashLoopBackOff',
      restarts: 7,
      lastTerminationReason: 'Error',
      ready: false,
    });
    expect(status.reasons[0].message).toBe(
      'Pod mcp-a-6c9f7d8b4f-qpbjk in CrashLoopBackOff (7 restarts, last exit: Error)',
    );
    expect(status.reasons.map(r => r.message)).toContain(
      '1 of 2 replicas ready',
    );
  });

  it('says for how long and why an ExternalSecret fails', () => {
    const broken = clone<ExternalSecretObject>(esBroken);
    broken.spec!.target = { name: 'mcp-k8s-oauth-credentials' };
    const status = buildInstallStatus(
      snapshot({
        deployments: [healthyDeployment()],
        externalSecrets: [broken],
      }),
      ref,
      ctx({ now: Date.parse('2026-11-24T16:23:09Z') }),
    );
    expect(status.externalSecret.state).toBe('failing');
    expect(status.state).toBe('error');
    expect(status.reasons[0].message).toBe(
      'ExternalSecret failing for 3 h: SecretSyncedError: could not get secret data from provider',
    );
  });

  it('marks an ExternalSecret stale after twice its refresh interval', () => {
    const at = Date.parse('2026-11-24T13:24:42Z');
    const fresh = buildInstallStatus(
      snapshot({ deployments: [healthyDeployment()] }),
      ref,
      ctx({ now: at + 2 * 3600e3 - 1000 }),
    );
    expect(fresh.externalSecret.stale).toBe(false);
    const stale = buildInstallStatus(
      snapshot({ deployments: [healthyDeployment()] }),
      ref,
      ctx({ now: at + 2 * 3600e3 + 1000 }),
    );
    expect(stale.externalSecret).toMatchObject({ state: 'stale', stale: true });
    expect(stale.state).toBe('warning');
  });

  it('treats a cluster without ESO as a clear state, not an error', () => {
    const status = buildInstallStatus(
      snapshot({
        pods: [restartedPod()],
        deployments: [healthyDeployment()],
        externalSecrets: [],
        externalSecretsApi: 'absent',
      }),
      ref,
      ctx(),
    );
    expect(status.externalSecret.state).toBe('crd-missing');
    expect(status.externalSecret.summary).toMatch(/not installed/);
    expect(status.state).toBe('ok');
  });

  it('reports a missing target Secret', () => {
    const status = buildInstallStatus(
      snapshot({ deployments: [healthyDeployment()], secrets: [] }),
      ref,
      ctx(),
    );
    expect(status.externalSecret).toMatchObject({
      state: 'failing',
      targetSecretPresent: false,
    });
    expect(status.keyRotation.state).toBe('unknown');
  });

  describe('key rotation', () => {
    const rotatedAt = Date.parse('2026-11-24T13:24:42Z');
    it.each([
      [10, 'ok', 'ok'],
      [80, 'warning', 'warning'],
      [97, 'overdue', 'error'],
    ])('at %i days is %s', (days, keyState, overall) => {
      const status = buildInstallStatus(
        snapshot({
          pods: [restartedPod()],
          deployments: [healthyDeployment()],
          externalSecrets: [],
          externalSecretsApi: 'absent',
        }),
        ref,
        ctx({ now: rotatedAt + days * DAY + 1000 }),
      );
      expect(status.keyRotation).toMatchObject({
        state: keyState,
        ageDays: days,
      });
      expect(status.state).toBe(overall);
    });

    it('phrases an overdue key against the policy', () => {
      const status = buildInstallStatus(
        snapshot(),
        ref,
        ctx({ now: rotatedAt + 97 * DAY }),
      );
      expect(status.reasons.map(r => r.message)).toContain(
        'key 97 days old, policy 90',
      );
    });

    it('prefers the explicit annotation, then the recorded hash transition', () => {
      const secret = clone<V1PartialObjectMetadata>(secretAfter);
      const currentHash =
        secret.metadata!.annotations![
          'reconcile.external-secrets.io/data-hash'
        ];
      const history = [
        {
          dataHash: (secretBefore as any).metadata.annotations[
            'reconcile.external-secrets.io/data-hash'
          ],
          firstSeenAt: '2026-11-24T13:23:05Z',
        },
        { dataHash: currentHash, firstSeenAt: '2026-11-24T13:25:00Z' },
      ];
      const fromHistory = buildInstallStatus(
        snapshot({ secrets: [secret] }),
        ref,
        ctx({ history: () => history }),
      );
      expect(fromHistory.keyRotation).toMatchObject({
        source: 'data-hash-history',
        lastRotatedAt: '2026-11-24T13:25:00Z',
      });

      secret.metadata!.annotations!['mcp-kubernetes.io/oauth-key-rotated-at'] =
        '2026-10-01T00:00:00Z';
      const annotated = buildInstallStatus(
        snapshot({ secrets: [secret] }),
        ref,
        ctx({ history: () => history }),
      );
      expect(annotated.keyRotation).toMatchObject({
        source: 'annotation',
        lastRotatedAt: '2026-10-01T00:00:00.000Z',
        ageDays: 54,
      });
    });

    it('falls back to the creation time when no manager time is known', () => {
      const secret = clone<V1PartialObjectMetadata>(secretAfter);
      secret.metadata!.managedFields = [];
      const status = buildInstallStatus(
        snapshot({ secrets: [secret] }),
        ref,
        ctx(),
      );
      expect(status.keyRotation).toMatchObject({
        source: 'creation-timestamp',
        lastRotatedAt: '2026-11-24T13:23:01Z',
      });
    });

    it('warns when the key rotated but pods still run with the old one', () => {
      const ok = buildInstallStatus(
        snapshot({
          pods: [restartedPod()],
          deployments: [healthyDeployment()],
        }),
        ref,
        ctx(),
      );
      expect(ok.keyRotation.allPodsRestartedSinceRotation).toBe(true);
      expect(ok.state).toBe('ok');

      const old = buildInstallStatus(
        snapshot({ deployments: [healthyDeployment()] }),
        ref,
        ctx(),
      );
      expect(old.keyRotation.allPodsRestartedSinceRotation).toBe(false);
      expect(old.state).toBe('warning');
      expect(old.reasons[0]).toMatchObject({
        section: 'keyRotation',
        message: expect.stringMatching(/not every pod restarted/),
      });
    });
  });

  it('marks data from an unreachable cluster stale with the last error', () => {
    const status = buildInstallStatus(
      snapshot({
        deployments: [healthyDeployment()],
        connected: false,
        staleSince: '2026-11-24T13:30:00Z',
        lastError: {
          message: 'connect ECONNREFUSED 127.0.0.1:6443',
          at: '2026-11-24T13:39:00Z',
        },
      }),
      ref,
      ctx(),
    );
    expect(status).toMatchObject({
      stale: true,
      staleSince: '2026-11-24T13:30:00Z',
      lastError: { message: 'connect ECONNREFUSED 127.0.0.1:6443' },
    });
    expect(status.reasons[0]).toMatchObject({
      section: 'cluster',
      message:
        'Cluster unreachable for 10 min, showing last known data: connect ECONNREFUSED 127.0.0.1:6443',
    });
  });

  it('only picks pods the Deployment selects', () => {
    const other = clone<V1Pod>(runningPod);
    other.metadata!.name = 'other-release-pod';
    other.metadata!.labels = {
      ...other.metadata!.labels,
      'app.kubernetes.io/instance': 'mcp-b',
    };
    const status = buildInstallStatus(
      snapshot({ pods: [clone(runningPod), other] }),
      ref,
      ctx(),
    );
    expect(status.pods.map(p => p.name)).toEqual(['mcp-a-6c9f7d8b4f-ldv7f']);
  });

  it('reports a release with nothing deployed as an error', () => {
    const status = buildInstallStatus(
      snapshot(),
      { ...ref, release: 'nope' },
      ctx(),
    );
    expect(status.state).toBe('error');
    expect(status.reasons[0].message).toBe(
      'No Deployment or pods found for this release',
    );
  });
});
