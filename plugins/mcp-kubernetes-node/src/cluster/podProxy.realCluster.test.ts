import { randomBytes } from 'node:crypto';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import {
  createLeastPrivilegeKubeconfig,
  deleteTestNamespace,
  describeIfRealCluster,
  LeastPrivilegeKubeconfig,
  playControllers,
  PlayedControllers,
  PodNetwork,
  podNetworkUnavailableReason,
  RecordingApiProxy,
  startPodNetwork,
  startRecordingApiProxy,
} from '../testUtils';
import { DefaultPodProxy } from './DefaultPodProxy';
import type { ClusterRegistry } from './types';
import { eventually } from '../testUtils/eventually';

/**
 * The pod proxy against the real API server, with the backend's documented (least-privilege)
 * RBAC, which includes `get` on Secrets: a probe path from a Pod spec (attacker-controlled) that
 * a URL parser or the API server would resolve elsewhere must never reach another endpoint.
 * Proof: a recording proxy in front of the API server sees every request target sent, a canary
 * Secret in kube-system never shows up, and an allowed path reaches the pod's responder (inside
 * a network namespace made here) with exactly that path.
 */
jest.setTimeout(60_000);

const noNetwork = podNetworkUnavailableReason();
if (noNetwork) {
  // eslint-disable-next-line no-console
  console.log(`Skipping the real pod proxy suite: ${noNetwork}`);
}

const describeWithNetwork = noNetwork ? describe.skip : describe;

describeIfRealCluster('pod proxy on the real API server', kubeconfigPath => {
  describeWithNetwork('with a pod answering inside a network namespace', () => {
    const id = randomBytes(3).toString('hex');
    const namespace = `mcpk-podproxy-${id}`;
    const secretName = `mcpk-canary-${id}`;
    const canary = `canary-${randomBytes(8).toString('hex')}`;
    const target = `/api/v1/namespaces/kube-system/secrets/${secretName}`;
    let admin: KubeConfig;
    let network: PodNetwork;
    let controllers: PlayedControllers;
    let leastPrivilege: LeastPrivilegeKubeconfig;
    let recorder: RecordingApiProxy;
    let proxy: DefaultPodProxy;
    let podName: string;
    let prefix: string;
    const answers: string[] = [];

    beforeAll(async () => {
      admin = new KubeConfig();
      admin.loadFromFile(kubeconfigPath);
      const core = admin.makeApiClient(CoreV1Api);
      const apps = admin.makeApiClient(AppsV1Api);
      await core.createNamespace({ body: { metadata: { name: namespace } } });
      await core.createNamespacedSecret({
        namespace: 'kube-system',
        body: {
          metadata: { name: secretName, annotations: { canary } },
          stringData: { value: canary },
        },
      });
      network = await startPodNetwork({
        count: 1,
        handler: req =>
          req.path === '/health' || req.path === '/healthz/detailed'
            ? { status: 200, body: `reached ${req.path}` }
            : { status: 404, body: `no such path` },
      });
      controllers = playControllers({
        kubeConfig: admin,
        namespace,
        podIPs: network.ips,
      });
      await apps.createNamespacedDeployment({
        namespace,
        body: {
          metadata: { name: 'target' },
          spec: {
            replicas: 1,
            selector: { matchLabels: { app: 'target' } },
            template: {
              metadata: { labels: { app: 'target' } },
              spec: {
                containers: [{ name: 'web', image: 'example.invalid/web:1' }],
              },
            },
          },
        },
      });
      const pods = await eventually(
        () => core.listNamespacedPod({ namespace }),
        l =>
          l.items.length === 1 && l.items[0].status?.podIP === network.ips[0],
      );
      podName = pods.items[0].metadata!.name!;
      prefix = `/api/v1/namespaces/${namespace}/pods/${podName}:8080/proxy/`;
      // The backend's credentials as the README documents them, behind a recorder.
      leastPrivilege = await createLeastPrivilegeKubeconfig(admin, namespace);
      recorder = await startRecordingApiProxy(leastPrivilege.kubeConfig);
      const registry: ClusterRegistry = {
        listClusters: () => [{ name: 'real' }],
        getKubeConfig: () => recorder.kubeConfig,
        has: name => name === 'real',
      };
      proxy = DefaultPodProxy.create({ registry });
    });

    afterAll(async () => {
      await controllers?.stop();
      await recorder?.stop();
      await network?.stop();
      await leastPrivilege?.cleanup();
      const core = admin?.makeApiClient(CoreV1Api);
      await core
        ?.deleteNamespacedSecret({ namespace: 'kube-system', name: secretName })
        .catch(() => undefined);
      if (admin) await deleteTestNamespace(admin, namespace);
    });

    const get = (path: string) =>
      proxy.get({
        cluster: 'real',
        namespace,
        pod: podName,
        port: 8080,
        path,
        timeoutMs: 3000,
        maxBytes: 4096,
      });

    it('an allowed path reaches the pod responder with exactly that path', async () => {
      const before = network.requests.length;
      const health = await get('/health');
      expect(health).toMatchObject({ status: 200, body: 'reached /health' });
      const detailed = await get('/healthz/detailed');
      expect(detailed).toMatchObject({
        status: 200,
        body: 'reached /healthz/detailed',
      });
      expect(network.requests.slice(before).map(r => r.path)).toEqual([
        '/health',
        '/healthz/detailed',
      ]);
      expect(recorder.paths.slice(-2)).toEqual([
        `${prefix}health`,
        `${prefix}healthz/detailed`,
      ]);
    });

    const up = (segment: string, n = 7) => `/${`${segment}/`.repeat(n)}`;
    // Seven levels climb from .../pods/P:8080/proxy/ to the root; three is the issue's example.
    const hostilePaths: Array<[string, string]> = [
      ['%2e%2e, three levels (the issue)', `/%2e%2e/%2e%2e/%2e%2e${target}`],
      ['%2e%2e to the root', `${up('%2e%2e')}${target.slice(1)}`],
      ['%2E%2E upper case', `${up('%2E%2E')}${target.slice(1)}`],
      ['.%2e mixed', `${up('.%2e')}${target.slice(1)}`],
      ['%252e double-encoded', `${up('%252e%252e')}${target.slice(1)}`],
      ['..%2f encoded slash', `/${'..%2f'.repeat(7)}${target.slice(1)}`],
      ['%2e%2e%2f all encoded', `/${'%2e%2e%2f'.repeat(7)}${target.slice(1)}`],
      ['..\\ backslash', `/${'..\\'.repeat(7)}${target.slice(1)}`],
      ['..%5c encoded backslash', `/${'..%5c'.repeat(7)}${target.slice(1)}`],
      ['.. literal after /health', `/health${up('..').slice(0, -1)}${target}`],
      ['/health/%2e%2e', `/health/${'%2e%2e/'.repeat(8)}${target.slice(1)}`],
    ];

    it.each(hostilePaths)(
      'refuses a probe path with %s, sending nothing outside the pod proxy',
      async (_what, path) => {
        const sentBefore = recorder.paths.length;
        const reachedBefore = network.requests.length;
        const outcome = await get(path).then(
          res => `answered: ${JSON.stringify(res)}`,
          (e: Error) => `${e.name}: ${e.message}`,
        );
        answers.push(outcome);
        expect(outcome).toMatch(/^InputError: /);
        expect(outcome).not.toContain(canary);
        expect(outcome).not.toMatch(/"kind":\s*"Secret"/);
        // Refused before sending: nothing reached the API server or the pod.
        expect(recorder.paths.slice(sentBefore)).toEqual([]);
        expect(network.requests.slice(reachedBefore)).toEqual([]);
      },
    );

    it('the API server takes such a path in a Pod spec (so any Deployment author can set it), and nothing ever left the pod proxy', async () => {
      const apps = admin.makeApiClient(AppsV1Api);
      const created = await apps.createNamespacedDeployment({
        namespace,
        body: {
          metadata: { name: 'hostile' },
          spec: {
            replicas: 0,
            selector: { matchLabels: { app: 'hostile' } },
            template: {
              metadata: { labels: { app: 'hostile' } },
              spec: {
                containers: [
                  {
                    name: 'web',
                    image: 'example.invalid/web:1',
                    readinessProbe: {
                      httpGet: { path: hostilePaths[1][1], port: 8080 },
                    },
                  },
                ],
              },
            },
          },
        },
      });
      expect(
        created.spec?.template.spec?.containers[0].readinessProbe?.httpGet
          ?.path,
      ).toBe(hostilePaths[1][1]);
      expect(recorder.paths.length).toBeGreaterThan(0);
      for (const sent of recorder.paths) {
        expect(sent.startsWith(prefix)).toBe(true);
      }
      expect(answers.join('\n')).not.toContain(canary);
    });
  });
});
