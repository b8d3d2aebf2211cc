import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import {
  defaultChartPath,
  DefaultClusterRegistry,
  DefaultHelmRunner,
  pinnedHelmPath,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import {
  deleteTestNamespace,
  describeIfRealCluster,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import express from 'express';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { MemorySnapshotSource } from '../__testUtils__/memorySource';
import { historyApp, scaffolderServiceAuth } from '../__testUtils__/historyApp';

/**
 * Release history and values diff with real helm 4 against the real API server: an install and
 * an upgrade (replicas and limits changed) made with helm, journaled through `POST /operations`
 * as the scaffolder module does, read back through the routes.
 */
jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describeIfRealCluster(
  'release history on a real API server',
  kubeconfigPath => {
    const id = randomBytes(3).toString('hex');
    const namespace = `mcpk-hist-${id}`;
    const release = `mcpk-h-${id}`;
    const oauthSecret = `GOCSPX-real-cluster-${randomBytes(8).toString('hex')}`;
    const rotatedSecret = `GOCSPX-rotated-${randomBytes(8).toString('hex')}`;
    const runner = DefaultHelmRunner.create({
      helmPath: pinnedHelmPath('v4'),
      chartPath: defaultChartPath(),
    });
    let admin: KubeConfig;
    let registry: DefaultClusterRegistry;
    let cluster: string;
    let app: express.Express;

    const install = (values: Record<string, unknown>) =>
      runner.upgradeInstall({
        kubeConfig: registry.getKubeConfig(cluster),
        release,
        namespace,
        // A bare API server has no Cilium CRD; no kubelet either, so no waiting for pods.
        values: { ciliumNetworkPolicy: { enabled: false }, ...values },
        timeoutSeconds: 60,
        wait: false,
      });

    beforeAll(async () => {
      admin = new KubeConfig();
      admin.loadFromFile(kubeconfigPath);
      await admin
        .makeApiClient(CoreV1Api)
        .createNamespace({ body: { metadata: { name: namespace } } });
      const config = mockServices.rootConfig({
        data: {
          mcpKubernetes: {
            kubeconfig: { enabled: true, path: kubeconfigPath },
          },
        },
      });
      registry = DefaultClusterRegistry.fromConfig({
        config,
        logger: mockServices.logger.mock(),
      });
      cluster = registry.listClusters()[0].name;

      // The cluster is known to the status side; the install is read by a fleet reader.
      const source = new MemorySnapshotSource();
      source.setCluster(cluster, []);
      ({ app } = await historyApp({
        knex: await databases.init('SQLITE_3'),
        source,
        permissions: mockServices.permissions({
          result: AuthorizeResult.ALLOW,
        }),
        helm: runner,
        clusters: registry,
      }));
    });

    afterAll(async () => {
      await runner
        .uninstall({
          kubeConfig: registry.getKubeConfig(cluster),
          release,
          namespace,
          timeoutSeconds: 60,
        })
        .catch(() => undefined);
      await deleteTestNamespace(admin, namespace);
    });

    const journal = (body: Record<string, unknown>) =>
      request(app)
        .post('/operations')
        .set('Authorization', scaffolderServiceAuth())
        .send({ cluster, namespace, release, ...body });

    it('shows both revisions newest first with who made them, and the replicas change with the secret masked', async () => {
      const first = await install({
        replicaCount: 1,
        resources: { limits: { cpu: '500m', memory: '256Mi' } },
        mcpKubernetes: { oauth: { googleClientSecret: oauthSecret } },
      });
      expect(first.revision).toBe(1);
      expect(
        (
          await journal({
            action: 'deploy',
            actor: 'user:default/alice',
            revision: 1,
            taskId: 'task-deploy',
          })
        ).status,
      ).toBe(201);
      const second = await install({
        replicaCount: 2,
        resources: { limits: { cpu: '500m', memory: '512Mi' } },
        // A rotated credential: the diff says it changed, never what it is.
        mcpKubernetes: { oauth: { googleClientSecret: rotatedSecret } },
      });
      expect(second.revision).toBe(2);
      await journal({
        action: 'upgrade',
        actor: 'user:default/bob',
        revision: 2,
        taskId: 'task-upgrade',
      });

      const base = `/installs/${cluster}/${namespace}/${release}`;
      const history = await request(app).get(`${base}/history`);
      expect(history.status).toBe(200);
      expect(history.body.revisions).toEqual([
        expect.objectContaining({
          revision: 2,
          status: 'deployed',
          chart: expect.stringMatching(/^mcp-kubernetes-/),
          updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
          operation: expect.objectContaining({
            action: 'upgrade',
            actor: 'user:default/bob',
            taskId: 'task-upgrade',
          }),
        }),
        expect.objectContaining({
          revision: 1,
          status: 'superseded',
          operation: expect.objectContaining({
            action: 'deploy',
            actor: 'user:default/alice',
          }),
        }),
      ]);

      const diff = await request(app).get(`${base}/values-diff?from=1&to=2`);
      expect(diff.status).toBe(200);
      expect(diff.body).toEqual({
        from: 1,
        to: 2,
        entries: [
          {
            path: 'mcpKubernetes.oauth.googleClientSecret',
            change: 'changed',
            from: '***',
            to: '***',
            masked: true,
          },
          { path: 'replicaCount', change: 'changed', from: '1', to: '2' },
          {
            path: 'resources.limits.memory',
            change: 'changed',
            from: '"256Mi"',
            to: '"512Mi"',
          },
        ],
      });
      const same = await request(app).get(`${base}/values-diff?from=2&to=2`);
      expect(same.body.entries).toEqual([]);
      for (const res of [history, diff, same]) {
        expect(res.text).not.toContain(oauthSecret);
        expect(res.text).not.toContain(rotatedSecret);
      }
      const missing = await request(app).get(`${base}/values-diff?from=1&to=9`);
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toContain('no revision 9');
    });
  },
);
