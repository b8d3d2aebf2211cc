import { randomBytes } from 'node:crypto';
import { CoreV1Api, KubeConfig, V1Pod } from '@kubernetes/client-node';
import { Entity } from '@backstage/catalog-model';
import { MCP_KUBERNETES_ANNOTATIONS } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import {
  createLeastPrivilegeKubeconfig,
  deleteTestNamespace,
  describeIfRealCluster,
  ensureSharedCrd,
  LeastPrivilegeKubeconfig,
  playControllers,
  PlayedControllers,
  PodNetwork,
  podNetworkUnavailableReason,
  startPodNetwork,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import {
  capturingLogger,
  eventually,
  startPluginBackend,
} from './__testUtils__/e2eHarness';
import { forCreate } from './__testUtils__/forCreate';
import {
  createRecordedInstall,
  daysAgo,
  isoSeconds,
  mergePatch,
  syncedExternalSecretStatus,
} from './__testUtils__/realClusterInstall';

/**
 * The status journey on a real kube-apiserver (the one `npm run test:all` starts, or any cluster
 * in MCPK_TEST_KUBECONFIG). An admin creates the objects of three installs and plays the
 * controllers and kubelet; the plugin reads with a ServiceAccount holding exactly the ClusterRole
 * of the README (TokenRequest token) and probes `/health` through the real pod proxy into a
 * responder inside a network namespace made here (root only; otherwise those cases skip).
 */
jest.setTimeout(120_000);

const noNetwork = podNetworkUnavailableReason();
if (noNetwork) {
  // eslint-disable-next-line no-console
  console.log(
    `Status real-cluster suite without /health answers: ${noNetwork}`,
  );
}
const describeWithNetwork = noNetwork ? describe.skip : describe;
const HEALTH_SECRET = 'hunter2-health-leak';
const HEALTH_TOKEN = `ghp_${'Ab3'.repeat(12)}`;

describeIfRealCluster(
  'status on the real API server, read with the README RBAC',
  kubeconfigPath => {
    const id = randomBytes(3).toString('hex');
    const namespace = `mcpk-status-${id}`;
    const healthy = `ok-${id}`;
    const failing = `bad-${id}`;
    const hostile = `evil-${id}`;
    const canarySecret = `mcpk-status-canary-${id}`;
    const canary = `canary-${randomBytes(8).toString('hex')}`;
    const entityName = (release: string) => `mcp-${release}`;
    let admin: KubeConfig;
    let network: PodNetwork | undefined;
    let controllers: PlayedControllers;
    let leastPrivilege: LeastPrivilegeKubeconfig;
    let harness: Awaited<ReturnType<typeof startPluginBackend>>;
    const logger = capturingLogger();
    const entities: Entity[] = [];

    async function createInstall(
      release: string,
      options: {
        healthPath?: string;
        esReady: boolean;
        rotatedDaysAgo: number;
      },
    ) {
      const seed = await createRecordedInstall(admin, {
        namespace,
        release,
        entityRef: `component:default/${entityName(release)}`,
        owner: 'group:default/team-a',
        rotatedDaysAgo: options.rotatedDaysAgo,
        healthPath: options.healthPath,
        externalSecretStatus: options.esReady
          ? syncedExternalSecretStatus()
          : {
              refreshTime: isoSeconds(Date.now()),
              conditions: [
                {
                  type: 'Ready',
                  status: 'False',
                  reason: 'SecretSyncedError',
                  message:
                    'could not get secret data from provider: permission denied',
                  lastTransitionTime: daysAgo(0.2),
                },
              ],
            },
      });
      entities.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: entityName(release),
          namespace: 'default',
          annotations: {
            [MCP_KUBERNETES_ANNOTATIONS.cluster]: 'least-privilege',
            [MCP_KUBERNETES_ANNOTATIONS.namespace]: namespace,
            [MCP_KUBERNETES_ANNOTATIONS.release]: release,
            [MCP_KUBERNETES_ANNOTATIONS.environment]: 'development',
          },
        },
        spec: { type: 'service', lifecycle: 'experimental', owner: 'team-a' },
      });
      return seed;
    }

    beforeAll(async () => {
      admin = new KubeConfig();
      admin.loadFromFile(kubeconfigPath);
      const core = admin.makeApiClient(CoreV1Api);
      await ensureSharedCrd(admin, 'external-secrets.io_externalsecrets.yaml');
      await core.createNamespace({ body: { metadata: { name: namespace } } });
      await core.createNamespacedSecret({
        namespace: 'kube-system',
        body: {
          metadata: { name: canarySecret, annotations: { canary } },
          stringData: { value: canary },
        },
      });
      // The failing install's pod gets its own address, which answers 503.
      const crashIP = () => network?.ips[3];
      if (!noNetwork) {
        network = await startPodNetwork({
          count: 4,
          handler: req => {
            if (req.path !== '/health') return { status: 404, body: 'no' };
            return req.podIP === crashIP()
              ? { status: 503, body: '{"status":"starting"}' }
              : {
                  status: 200,
                  body: `{"status":"ok","password":"${HEALTH_SECRET}","note":"${HEALTH_TOKEN}"}`,
                };
          },
        });
      }
      controllers = playControllers({
        kubeConfig: admin,
        namespace,
        podIPs: network?.ips.slice(0, 3),
        // The failing install's pod is a crash loop made below, not a rolled-out replica.
        neverReady: d => d.metadata?.name === failing,
      });
      const hostilePath = `/${'%2e%2e/'.repeat(
        7,
      )}api/v1/namespaces/kube-system/secrets/${canarySecret}`;
      await createInstall(healthy, { esReady: true, rotatedDaysAgo: 12 });
      const bad = await createInstall(failing, {
        esReady: false,
        rotatedDaysAgo: 120,
      });
      await createInstall(hostile, {
        esReady: true,
        rotatedDaysAgo: 1,
        healthPath: hostilePath,
      });

      // CrashLoopBackOff: what a kubelet reports for a container that keeps exiting.
      const pod = forCreate<V1Pod>(bad.pods[0]);
      pod.spec!.nodeName = 'mcpk-test-node';
      await core.createNamespacedPod({ namespace, body: pod });
      await core.patchNamespacedPodStatus(
        {
          namespace,
          name: pod.metadata!.name!,
          body: {
            status: {
              phase: 'Running',
              podIP: crashIP() ?? '169.254.0.250',
              startTime: daysAgo(0.1),
              conditions: [
                {
                  type: 'Ready',
                  status: 'False',
                  lastTransitionTime: daysAgo(0.1),
                },
              ],
              containerStatuses: [
                {
                  name: 'mcp-kubernetes',
                  image: 'ghcr.io/example/mcp-kubernetes:0.4.2',
                  imageID: '',
                  ready: false,
                  started: false,
                  restartCount: 7,
                  state: {
                    waiting: {
                      reason: 'CrashLoopBackOff',
                      message: 'back-off 5m0s restarting failed container',
                    },
                  },
                  lastState: {
                    terminated: {
                      exitCode: 1,
                      reason: 'Error',
                      finishedAt: daysAgo(0.01),
                    },
                  },
                },
              ],
            },
          },
        },
        mergePatch,
      );

      leastPrivilege = await createLeastPrivilegeKubeconfig(admin, namespace);
      harness = await startPluginBackend({
        servers: {},
        entities,
        logger,
        config: {
          kubeconfig: { enabled: true, path: leastPrivilege.kubeconfigPath },
        },
      });
    });

    afterAll(async () => {
      await harness?.backend.stop();
      await controllers?.stop();
      await network?.stop();
      await leastPrivilege?.cleanup();
      const core = admin?.makeApiClient(CoreV1Api);
      await core
        ?.deleteNamespacedSecret({
          namespace: 'kube-system',
          name: canarySecret,
        })
        .catch(() => undefined);
      if (admin) await deleteTestNamespace(admin, namespace);
    });

    const statusOf = (release: string) =>
      harness.get(`/status/by-entity/default/component/${entityName(release)}`);

    /** Waits for a status that passes `check`, re-running the prober meanwhile. */
    async function waitForStatus(
      release: string,
      check: (body: any) => boolean,
    ) {
      const res = await eventually(
        async () => {
          await harness.trigger('mcp-kubernetes-health-probe');
          return statusOf(release);
        },
        r => r.status === 200 && check(r.body),
        60_000,
      );
      return res.body;
    }

    it('reads the rolled-out Deployment, its pod and a synced ExternalSecret', async () => {
      // The pod and the Deployment's status reach the watch cache separately.
      const status = await waitForStatus(
        healthy,
        b =>
          b.pods?.length === 1 && b.pods[0].ready && b.rollout?.available === 1,
      );
      expect(status.rollout).toMatchObject({
        desired: 1,
        updated: 1,
        ready: 1,
        available: 1,
      });
      expect(status.pods[0]).toMatchObject({
        phase: 'Running',
        ready: true,
        restarts: 0,
        node: 'mcpk-test-node',
      });
      expect(status.externalSecret).toMatchObject({
        state: 'synced',
        name: `${healthy}-oauth-credentials`,
        targetSecretPresent: true,
      });
      expect(status.keyRotation).toMatchObject({
        state: 'ok',
        source: 'annotation',
        ageDays: 12,
      });
    });

    it('reports a failing ExternalSecret, a CrashLoopBackOff pod and an overdue key', async () => {
      const status = await waitForStatus(
        failing,
        b => b.pods?.length === 1 && b.externalSecret?.state === 'failing',
      );
      expect(status.state).toBe('error');
      expect(status.pods[0]).toMatchObject({
        ready: false,
        restarts: 7,
        waitingReason: 'CrashLoopBackOff',
        lastTerminationReason: 'Error',
      });
      expect(status.externalSecret.ready).toMatchObject({
        status: 'False',
        reason: 'SecretSyncedError',
      });
      expect(status.keyRotation).toMatchObject({
        state: 'overdue',
        source: 'annotation',
        ageDays: 120,
      });
      const reasons = status.reasons.map((r: any) => r.message).join('\n');
      expect(reasons).toMatch(/SecretSyncedError/);
      expect(reasons).toMatch(/CrashLoopBackOff/);
      expect(reasons).toMatch(/120 days/);
    });

    it('never reads a Secret value: the documented RBAC was enough, and no secret data is in any answer', async () => {
      const [a, b] = await Promise.all([statusOf(healthy), statusOf(failing)]);
      expect(a.status).toBe(200);
      expect(b.status).toBe(200);
      const text = JSON.stringify([a.body, b.body]) + logger.lines.join('\n');
      expect(text).not.toContain('c2VjcmV0');
      expect(text).not.toMatch(/forbidden/i);
    });

    describeWithNetwork('with /health answers from a network namespace', () => {
      it('gets /health through the real pod proxy, with the secret-shaped text redacted', async () => {
        const status = await waitForStatus(
          healthy,
          b => b.pods?.[0]?.health?.httpStatus === 200,
        );
        const health = status.pods[0].health;
        expect(health).toMatchObject({ ok: true, path: '/health', port: 8080 });
        expect(health.bodyExcerpt).toContain('"status":"ok"');
        expect(health.bodyExcerpt).toContain('[redacted]');
        const everything = JSON.stringify(status) + logger.lines.join('\n');
        expect(everything).not.toContain(HEALTH_SECRET);
        expect(everything).not.toContain(HEALTH_TOKEN);
        // It came from the real pod proxy into the namespace, on the pod's own address.
        expect(
          network!.requests.some(
            r =>
              r.path === '/health' &&
              network!.ips.slice(0, 3).includes(r.podIP),
          ),
        ).toBe(true);
      });

      it('the crash-looping pod answers 503 on /health', async () => {
        const status = await waitForStatus(
          failing,
          b => b.pods?.[0]?.health?.httpStatus === 503,
        );
        expect(status.pods[0].health).toMatchObject({ ok: false });
      });

      it('a readinessProbe path that climbs out of the pod proxy is refused: the kube-system canary never appears', async () => {
        const status = await waitForStatus(
          hostile,
          b => b.pods?.length === 1 && !!b.pods[0].health,
        );
        const health = status.pods[0].health;
        expect(health.ok).toBe(false);
        expect(health.httpStatus).toBeUndefined();
        expect(health.error).toMatch(/probe path/i);
        // A few more rounds: still nothing.
        await harness.trigger('mcp-kubernetes-health-probe');
        await harness.trigger('mcp-kubernetes-health-probe');
        const again = await statusOf(hostile);
        const everything =
          JSON.stringify(status) +
          JSON.stringify(again.body) +
          logger.lines.join('\n');
        expect(everything).not.toContain(canary);
        expect(network!.requests.filter(r => r.path !== '/health')).toEqual([]);
      });
    });
  },
);
