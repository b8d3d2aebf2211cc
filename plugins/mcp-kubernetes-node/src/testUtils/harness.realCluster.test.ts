import {
  AppsV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
  V1Deployment,
} from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { describeIfRealCluster } from './realCluster';
import { playControllers } from './playControllers';
import {
  createLeastPrivilegeKubeconfig,
  documentedClusterRole,
} from './leastPrivilege';
import { podNetworkUnavailableReason, startPodNetwork } from './podNetwork';
import { kubeGet, readBody } from '../cluster/kubeHttp';
import { deleteTestNamespace } from './deleteTestNamespace';
import { eventually } from './eventually';

jest.setTimeout(60_000);

function deployment(name: string, image: string): V1Deployment {
  const labels = { app: name };
  return {
    metadata: { name },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'web',
              image,
              readinessProbe: { httpGet: { path: '/health', port: 8080 } },
            },
          ],
        },
      },
    },
  };
}

describeIfRealCluster('real-cluster harness', kubeconfigPath => {
  const namespace = `mcpk-harness-${randomBytes(3).toString('hex')}`;
  let kc: KubeConfig;
  let core: CoreV1Api;
  let apps: AppsV1Api;

  beforeAll(async () => {
    kc = new KubeConfig();
    kc.loadFromFile(kubeconfigPath);
    core = kc.makeApiClient(CoreV1Api);
    apps = kc.makeApiClient(AppsV1Api);
    await core.createNamespace({ body: { metadata: { name: namespace } } });
  });

  afterAll(async () => {
    if (kc) await deleteTestNamespace(kc, namespace);
  });

  it('playControllers rolls Deployments out, replaces pods on a new template and collects garbage', async () => {
    const controllers = playControllers({ kubeConfig: kc, namespace });
    try {
      await apps.createNamespacedDeployment({
        namespace,
        body: deployment('web', 'example.invalid/web:1'),
      });
      const rolledOut = await eventually(
        () => apps.readNamespacedDeployment({ namespace, name: 'web' }),
        d =>
          d.status?.observedGeneration === 1 && d.status?.readyReplicas === 2,
      );
      expect(rolledOut.status).toMatchObject({
        replicas: 2,
        updatedReplicas: 2,
        availableReplicas: 2,
      });
      expect(
        rolledOut.status?.conditions?.map(c => [c.type, c.status, c.reason]),
      ).toEqual([
        ['Available', 'True', 'MinimumReplicasAvailable'],
        ['Progressing', 'True', 'NewReplicaSetAvailable'],
      ]);
      const pods1 = await eventually(
        () => core.listNamespacedPod({ namespace, labelSelector: 'app=web' }),
        l => l.items.filter(p => p.status?.phase === 'Running').length === 2,
      );
      for (const pod of pods1.items) {
        expect(pod.status?.podIP).toMatch(/^169\.254\.0\.\d+$/);
        expect(pod.status?.conditions).toContainEqual(
          expect.objectContaining({ type: 'Ready', status: 'True' }),
        );
        expect(pod.spec?.serviceAccountName).toBe('default');
      }
      const ips = pods1.items.map(p => p.status?.podIP);
      expect(new Set(ips).size).toBe(2);
      // The default addresses are link-local: the pod proxy refuses to dial them at all.
      const refused = await kubeGet(kc, {
        path: `/api/v1/namespaces/${namespace}/pods/${pods1.items[0].metadata?.name}:8080/proxy/health`,
      });
      expect(refused.statusCode).toBe(400);
      expect(await readBody(refused)).toContain('address not allowed');

      await apps.replaceNamespacedDeployment({
        namespace,
        name: 'web',
        body: {
          ...deployment('web', 'example.invalid/web:2'),
          metadata: {
            name: 'web',
            resourceVersion: rolledOut.metadata?.resourceVersion,
          },
        },
      });
      const pods2 = await eventually(
        () => core.listNamespacedPod({ namespace, labelSelector: 'app=web' }),
        l =>
          l.items.length === 2 &&
          l.items.every(
            p =>
              p.spec?.containers[0].image === 'example.invalid/web:2' &&
              p.status?.phase === 'Running',
          ),
      );
      expect(pods2.items.map(p => p.metadata?.name)).not.toContain(
        pods1.items[0].metadata?.name,
      );
      const rs = await apps.listNamespacedReplicaSet({ namespace });
      expect(rs.items).toHaveLength(1);
      expect(rs.items[0].status).toMatchObject({ readyReplicas: 2 });

      await apps.deleteNamespacedDeployment({ namespace, name: 'web' });
      await eventually(
        async () =>
          (await core.listNamespacedPod({ namespace })).items.length +
          (
            await apps.listNamespacedReplicaSet({ namespace })
          ).items.length,
        n => n === 0,
      );
    } finally {
      await controllers.stop();
    }
  });

  it('playControllers leaves neverReady Deployments alone', async () => {
    const controllers = playControllers({
      kubeConfig: kc,
      namespace,
      neverReady: d => d.spec?.template.spec?.containers[0].image === 'bad',
    });
    try {
      await apps.createNamespacedDeployment({
        namespace,
        body: deployment('bad', 'bad'),
      });
      await new Promise(r => setTimeout(r, 1500));
      const d = await apps.readNamespacedDeployment({ namespace, name: 'bad' });
      expect(d.status?.observedGeneration).toBeUndefined();
      expect((await core.listNamespacedPod({ namespace })).items).toEqual([]);
    } finally {
      await controllers.stop();
      await apps.deleteNamespacedDeployment({ namespace, name: 'bad' });
    }
  });

  it('createLeastPrivilegeKubeconfig grants exactly the README ClusterRole through a TokenRequest token', async () => {
    const lp = await createLeastPrivilegeKubeconfig(kc, namespace);
    try {
      const rbacRole = await kc
        .makeApiClient(RbacAuthorizationV1Api)
        .readClusterRole({ name: lp.clusterRoleName });
      expect(rbacRole.rules).toEqual(documentedClusterRole().rules);
      expect(documentedClusterRole().name).toBe(
        'backstage-mcp-kubernetes-status',
      );

      const review = lp.kubeConfig.makeApiClient(AuthorizationV1Api);
      const can = async (
        verb: string,
        resource: string,
        group = '',
        subresource?: string,
      ) =>
        (
          await review.createSelfSubjectAccessReview({
            body: {
              spec: {
                resourceAttributes: {
                  verb,
                  resource,
                  group,
                  subresource,
                  namespace,
                },
              },
            },
          })
        ).status?.allowed;
      expect(await can('list', 'pods')).toBe(true);
      expect(await can('get', 'pods', '', 'proxy')).toBe(true);
      expect(await can('watch', 'deployments', 'apps')).toBe(true);
      expect(await can('patch', 'externalsecrets', 'external-secrets.io')).toBe(
        true,
      );
      expect(await can('create', 'pods')).toBe(false);
      expect(await can('get', 'configmaps')).toBe(false);
      expect(await can('patch', 'deployments', 'apps')).toBe(false);
      // The token really authenticates as the ServiceAccount.
      const pods = await lp.kubeConfig
        .makeApiClient(CoreV1Api)
        .listPodForAllNamespaces();
      expect(Array.isArray(pods.items)).toBe(true);
      await expect(
        lp.kubeConfig.makeApiClient(CoreV1Api).createNamespacedConfigMap({
          namespace,
          body: { metadata: { name: 'x' } },
        }),
      ).rejects.toMatchObject({ code: 403 });
    } finally {
      await lp.cleanup();
    }
  });

  const noNetwork = podNetworkUnavailableReason();
  if (noNetwork) {
    // eslint-disable-next-line no-console
    console.log(`Skipping the pod network case: ${noNetwork}`);
  }
  (noNetwork ? describe.skip : describe)('with a pod network', () => {
    it('startPodNetwork answers through the real pod proxy on the pod IP, and only there', async () => {
      const network = await startPodNetwork({
        count: 1,
        handler: req =>
          req.path === '/health'
            ? { status: 200, body: `ok from ${req.podIP}` }
            : { status: 404, body: 'nope' },
      });
      const controllers = playControllers({
        kubeConfig: kc,
        namespace,
        podIPs: network.ips,
      });
      try {
        await apps.createNamespacedDeployment({
          namespace,
          body: {
            ...deployment('net', 'example.invalid/net:1'),
            spec: { ...deployment('net', 'x').spec!, replicas: 1 },
          },
        });
        const pods = await eventually(
          () => core.listNamespacedPod({ namespace, labelSelector: 'app=net' }),
          l => l.items.length === 1 && !!l.items[0].status?.podIP,
        );
        const pod = pods.items[0];
        expect(pod.status?.podIP).toBe(network.ips[0]);
        const res = await kubeGet(kc, {
          path: `/api/v1/namespaces/${namespace}/pods/${pod.metadata?.name}:8080/proxy/health`,
        });
        expect(res.statusCode).toBe(200);
        expect(await readBody(res)).toBe(`ok from ${network.ips[0]}`);
        expect(network.requests).toEqual([
          { podIP: network.ips[0], port: 8080, method: 'GET', path: '/health' },
        ]);
      } finally {
        await controllers.stop();
        await network.stop();
        await apps
          .deleteNamespacedDeployment({ namespace, name: 'net' })
          .catch(() => undefined);
      }
    });
  });

  it('deleteTestNamespace empties and removes a namespace although no namespace controller runs', async () => {
    const doomed = `${namespace}-gone`;
    await core.createNamespace({ body: { metadata: { name: doomed } } });
    await core.createNamespacedSecret({
      namespace: doomed,
      body: { metadata: { name: 's' }, stringData: { a: 'b' } },
    });
    await core.createNamespacedConfigMap({
      namespace: doomed,
      body: { metadata: { name: 'c' } },
    });
    await deleteTestNamespace(kc, doomed);
    await expect(core.readNamespace({ name: doomed })).rejects.toMatchObject({
      code: 404,
    });
    const leftovers = await core.listSecretForAllNamespaces({
      fieldSelector: `metadata.namespace=${doomed}`,
    });
    expect(leftovers.items).toEqual([]);
  });
});
