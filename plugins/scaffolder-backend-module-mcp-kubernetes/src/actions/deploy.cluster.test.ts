import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppsV1Api, KubeConfig } from '@kubernetes/client-node';
import { mockServices } from '@backstage/backend-test-utils';
import {
  DefaultClusterRegistry,
  DefaultHelmRunner,
  defaultChartPath,
  HelmCommandError,
  pinnedHelmPath,
  ReleaseBusyError,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import {
  deleteTestNamespace,
  describeIfRealCluster,
  PlayedControllers,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import {
  startTestNamespace,
  uninstallQuietly,
} from './__testUtils__/realCluster';

/**
 * Real pinned helm (v4, and v3 for compatibility) against a real API server: install, upgrade,
 * a failed upgrade rolled back, uninstall, and a release left pending by a killed helm. The bare
 * server has no controllers or kubelets, so `playControllers` rolls the Deployments out (helm's
 * waits are real); an image tagged `never-ready` is left unready, so that wait times out.
 */
jest.setTimeout(300_000);

const NEVER_READY = 'never-ready';
const baseValues = {
  ciliumNetworkPolicy: { enabled: false },
  image: { tag: 'v0.0.1' },
};

describeIfRealCluster(
  'deploy with real helm on a real API server',
  kubeconfigPath => {
    describe.each(['v4', 'v3'] as const)('helm %s', helm => {
      const id = randomBytes(3).toString('hex');
      const namespace = `mcpk-deploy-${helm}-${id}`;
      const release = `mcpk-it-${helm}-${id}`;
      const runner = DefaultHelmRunner.create({
        helmPath: pinnedHelmPath(helm),
        chartPath: defaultChartPath(),
      });
      let kubeConfig: KubeConfig;
      let admin: KubeConfig;
      let controllers: PlayedControllers;

      const deploymentOf = async (name = release) =>
        admin
          .makeApiClient(AppsV1Api)
          .listNamespacedDeployment({
            namespace,
            labelSelector: `app.kubernetes.io/instance=${name}`,
          })
          .then(l => l.items);

      beforeAll(async () => {
        ({ admin, controllers } = await startTestNamespace(
          kubeconfigPath,
          namespace,
          {
            neverReady: d =>
              !!d.spec?.template.spec?.containers.some(c =>
                c.image?.endsWith(`:${NEVER_READY}`),
              ),
          },
        ));
        // Through our registry, as the action gets it: the kubeconfig's current context is a cluster.
        const registry = DefaultClusterRegistry.fromConfig({
          config: mockServices.rootConfig({
            data: {
              mcpKubernetes: {
                kubeconfig: { enabled: true, path: kubeconfigPath },
              },
            },
          }),
          logger: mockServices.logger.mock(),
        });
        kubeConfig = registry.getKubeConfig(registry.listClusters()[0].name);
      });

      afterAll(async () => {
        await controllers?.stop();
        await uninstallQuietly(runner, kubeConfig, namespace, [
          release,
          `${release}-busy`,
        ]);
        if (admin) await deleteTestNamespace(admin, namespace);
      });

      it('installs and waits until the Deployment is rolled out', async () => {
        const installed = await runner.upgradeInstall({
          kubeConfig,
          release,
          namespace,
          values: baseValues,
          timeoutSeconds: 60,
          wait: true,
        });
        expect(installed).toMatchObject({
          operation: 'install',
          revision: 1,
          status: 'deployed',
        });
        const [deployment] = await deploymentOf();
        expect(deployment.status?.readyReplicas).toBe(
          deployment.spec?.replicas,
        );
        expect(deployment.spec?.template.spec?.containers[0].image).toMatch(
          /:v0\.0\.1$/,
        );
      });

      it('upgrades to revision 2 with the changed value on the cluster', async () => {
        const upgraded = await runner.upgradeInstall({
          kubeConfig,
          release,
          namespace,
          values: { ...baseValues, replicaCount: 2 },
          timeoutSeconds: 60,
          wait: true,
        });
        expect(upgraded).toMatchObject({
          operation: 'upgrade',
          revision: 2,
          previousRevision: 1,
          status: 'deployed',
        });
        const [deployment] = await deploymentOf();
        expect(deployment.spec?.replicas).toBe(2);
        expect(deployment.status?.readyReplicas).toBe(2);
      });

      it('rolls a failed upgrade back when its wait times out', async () => {
        const failing = runner.upgradeInstall({
          kubeConfig,
          release,
          namespace,
          values: {
            ...baseValues,
            replicaCount: 2,
            image: { tag: NEVER_READY },
          },
          timeoutSeconds: 10,
          wait: true,
        });
        await expect(failing).rejects.toBeInstanceOf(HelmCommandError);
        await expect(failing).rejects.toMatchObject({ rolledBack: true });
        const state = await runner.releaseState({
          kubeConfig,
          release,
          namespace,
        });
        // 3 failed, 4 is the rollback to 2.
        expect(state).toMatchObject({ status: 'deployed', revision: 4 });
        const [deployment] = await deploymentOf();
        expect(deployment.spec?.template.spec?.containers[0].image).toMatch(
          /:v0\.0\.1$/,
        );
      });

      it('refuses a release left pending by a killed helm with ReleaseBusyError', async () => {
        const busy = `${release}-busy`;
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpk-busy-'));
        const valuesFile = path.join(dir, 'values.json');
        fs.writeFileSync(
          valuesFile,
          JSON.stringify({ ...baseValues, image: { tag: NEVER_READY } }),
        );
        // A helm that dies mid-wait (OOM-kill, node loss) leaves pending-install behind.
        const child = spawn(
          pinnedHelmPath(helm),
          [
            'upgrade',
            '--install',
            busy,
            defaultChartPath(),
            '--namespace',
            namespace,
            '--kubeconfig',
            kubeconfigPath,
            '--values',
            valuesFile,
            '--wait',
            '--timeout',
            '120s',
          ],
          { stdio: 'ignore' },
        );
        const exited = new Promise(r => child.once('exit', r));
        try {
          const deadline = Date.now() + 60_000;
          for (;;) {
            const state = await runner.releaseState({
              kubeConfig,
              release: busy,
              namespace,
            });
            if (state?.status === 'pending-install') break;
            if (Date.now() > deadline)
              throw new Error(`still ${state?.status}`);
            await new Promise(r => setTimeout(r, 250));
          }
        } finally {
          child.kill('SIGKILL');
          await exited;
          fs.rmSync(dir, { recursive: true, force: true });
        }
        const again = runner.upgradeInstall({
          kubeConfig,
          release: busy,
          namespace,
          values: baseValues,
          timeoutSeconds: 30,
          wait: true,
        });
        await expect(again).rejects.toBeInstanceOf(ReleaseBusyError);
        await expect(again).rejects.toMatchObject({
          state: 'pending-install',
          release: busy,
          namespace,
          message: expect.stringContaining(
            `helm uninstall ${busy} -n ${namespace}`,
          ),
        });
        // The recovery the message names works.
        await runner.uninstall({
          kubeConfig,
          release: busy,
          namespace,
          timeoutSeconds: 60,
        });
        expect(
          await runner.releaseState({ kubeConfig, release: busy, namespace }),
        ).toBeUndefined();
      });

      it('uninstalls: the release and its Deployment are gone', async () => {
        await runner.uninstall({
          kubeConfig,
          release,
          namespace,
          timeoutSeconds: 60,
        });
        expect(
          await runner.releaseState({ kubeConfig, release, namespace }),
        ).toBeUndefined();
        expect(await deploymentOf()).toEqual([]);
      });
    });
  },
);
