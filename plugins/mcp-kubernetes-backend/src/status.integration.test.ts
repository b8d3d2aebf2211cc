import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  V1Deployment,
  V1Pod,
} from '@kubernetes/client-node';
import {
  buildMcpInstall,
  describeIfRealCluster,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import { eventually, startPluginBackend } from './__testUtils__/e2eHarness';

/**
 * Runs against a real cluster when MCPK_TEST_KUBECONFIG names a kubeconfig (its current context).
 * The cluster needs no kubelets: the test creates a Deployment, Pod objects whose status it
 * patches itself, and metadata-only Secret; then reads the status through the plugin.
 */
jest.setTimeout(120_000);

describeIfRealCluster(
  'status against the real cluster in MCPK_TEST_KUBECONFIG',
  kubeconfigPath => {
    const namespace = `mcpk-it-${Date.now().toString(36)}`;
    const release = 'it';
    let kc: KubeConfig;

    beforeAll(async () => {
      kc = new KubeConfig();
      kc.loadFromFile(kubeconfigPath);
      const core = kc.makeApiClient(CoreV1Api);
      const apps = kc.makeApiClient(AppsV1Api);
      await core.createNamespace({ body: { metadata: { name: namespace } } });
      const seed = buildMcpInstall({ namespace, release, replicas: 1 });
      const strip = <T extends { metadata?: any; status?: any }>(o: T): T => {
        const { status: _s, ...rest } = o as any;
        const {
          creationTimestamp: _c,
          resourceVersion: _r,
          uid: _u,
          managedFields: _m,
          ...meta
        } = rest.metadata;
        return { ...rest, metadata: meta } as T;
      };
      // replicas 0: a cluster with a controller manager must not create or adopt pods of its own.
      const deployment = strip(seed.deployment as unknown as V1Deployment);
      deployment.spec!.replicas = 0;
      await apps.createNamespacedDeployment({ namespace, body: deployment });
      const pod = strip(seed.pods[0] as unknown as V1Pod);
      delete pod.metadata!.ownerReferences;
      pod.spec!.nodeName = undefined;
      await core.createNamespacedPod({ namespace, body: pod });
      await core.patchNamespacedPodStatus(
        {
          namespace,
          name: pod.metadata!.name!,
          body: { status: seed.pods[0].status },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      void CustomObjectsApi; // ExternalSecrets are optional on the test cluster
    });

    afterAll(async () => {
      await kc
        ?.makeApiClient(CoreV1Api)
        .deleteNamespace({ name: namespace })
        .catch(() => undefined);
    });

    it('reports the pods of a release from the watch cache', async () => {
      const harness = await startPluginBackend({
        servers: {},
        config: { kubeconfig: { enabled: true, path: kubeconfigPath } },
      });
      try {
        const clusters = await harness.get('/clusters');
        const cluster = clusters.body.items[0].name;
        const res = await eventually(
          () => harness.get(`/status/${cluster}/${namespace}/${release}`),
          r => r.status === 200 && r.body.pods?.length === 1,
          60_000,
        );
        expect(res.body.pods[0]).toMatchObject({ phase: 'Running' });
        expect(res.body.rollout).toMatchObject({ desired: 0 });
      } finally {
        await harness.backend.stop();
      }
    });
  },
);
