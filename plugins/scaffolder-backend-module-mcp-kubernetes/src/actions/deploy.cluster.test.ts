import { mockServices } from '@backstage/backend-test-utils';
import {
  DefaultClusterRegistry,
  DefaultHelmRunner,
  defaultChartPath,
  HelmCommandError,
  pinnedHelmPath,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';

/**
 * Against a real cluster, only when MCPK_TEST_KUBECONFIG points at one:
 * install, upgrade, a failed upgrade rolled back, uninstall. Such a cluster
 * may have no kubelets, so these runs do not wait for pod readiness except
 * the failing upgrade, whose wait is meant to time out.
 */
const kubeconfigPath = process.env.MCPK_TEST_KUBECONFIG;
const describeCluster = kubeconfigPath ? describe : describe.skip;
if (!kubeconfigPath) {
  // eslint-disable-next-line no-console
  console.info(
    'Skipping the real-cluster deploy suite: set MCPK_TEST_KUBECONFIG to a kubeconfig of a disposable cluster to run it.',
  );
}

jest.setTimeout(600_000);

describeCluster.each(['v4', 'v3'] as const)(
  'helm %s against the cluster in MCPK_TEST_KUBECONFIG',
  helm => {
    const namespace = `mcpk-it-${helm}-${Date.now().toString(36)}`;
    const release = 'mcpk-it';
    const runner = DefaultHelmRunner.create({
      helmPath: pinnedHelmPath(helm),
      chartPath: defaultChartPath(),
    });
    const values = {
      ciliumNetworkPolicy: { enabled: false },
      image: { tag: 'v0.0.1' },
    };

    it('installs, upgrades, rolls back a failed upgrade and uninstalls', async () => {
      // Through our registry, as the action gets it: the kubeconfig's current context becomes a cluster.
      const registry = DefaultClusterRegistry.fromConfig({
        config: mockServices.rootConfig({
          data: {
            mcpKubernetes: {
              kubeconfig: { enabled: true, path: kubeconfigPath! },
            },
          },
        }),
        logger: mockServices.logger.mock(),
      });
      const kubeConfig = registry.getKubeConfig(
        registry.listClusters()[0].name,
      );
      const installed = await runner.upgradeInstall({
        kubeConfig,
        release,
        namespace,
        values,
        timeoutSeconds: 120,
        wait: false,
      });
      expect(installed).toMatchObject({ operation: 'install', revision: 1 });

      const upgraded = await runner.upgradeInstall({
        kubeConfig,
        release,
        namespace,
        values: { ...values, replicaCount: 2 },
        timeoutSeconds: 120,
        wait: false,
      });
      expect(upgraded).toMatchObject({
        operation: 'upgrade',
        revision: 2,
        previousRevision: 1,
      });

      // An image that never becomes ready: the wait times out and helm rolls back.
      const failing = runner.upgradeInstall({
        kubeConfig,
        release,
        namespace,
        values: { ...values, image: { tag: 'does-not-exist' } },
        timeoutSeconds: 30,
        wait: true,
      });
      await expect(failing).rejects.toBeInstanceOf(HelmCommandError);
      await expect(failing).rejects.toMatchObject({ rolledBack: true });
      expect(
        await runner.releaseState({ kubeConfig, release, namespace }),
      ).toMatchObject({ status: 'deployed' });

      await runner.uninstall({
        kubeConfig,
        release,
        namespace,
        timeoutSeconds: 120,
      });
      expect(
        await runner.releaseState({ kubeConfig, release, namespace }),
      ).toBeUndefined();
    });
  },
);
