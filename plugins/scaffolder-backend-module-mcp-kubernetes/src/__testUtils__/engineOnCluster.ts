import { pinnedHelmPath } from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import {
  deleteTestNamespace,
  playControllers,
  PlayedControllers,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { realClusterSetup } from './realClusterConfig';
import { Entity, ScaffolderClient, startScaffolder } from './scaffolderBackend';

/**
 * The real scaffolder engine (with our module) on the cluster of `kubeconfigPath`, controllers
 * playing in `namespace`: what the template engine suites share. `stop` removes what a test left
 * (releases with plain helm, the namespace, the temp dir), however far `start` got.
 */
export function engineOnCluster(kubeconfigPath: string, namespace: string) {
  let setup: ReturnType<typeof realClusterSetup> | undefined;
  let controllers: PlayedControllers | undefined;
  let scaffolder: ScaffolderClient | undefined;
  return {
    async start(entities?: Entity[]) {
      setup = realClusterSetup(kubeconfigPath);
      controllers = playControllers({
        kubeConfig: setup.kubeConfig,
        namespace,
      });
      scaffolder = await startScaffolder({ config: setup.config, entities });
      return { setup, scaffolder };
    },
    async stop(releases: string[]) {
      await scaffolder?.backend.stop();
      await controllers?.stop();
      if (!setup) return;
      for (const release of releases) {
        try {
          execFileSync(
            pinnedHelmPath('v4'),
            [
              'uninstall',
              release,
              '-n',
              namespace,
              '--kubeconfig',
              kubeconfigPath,
            ],
            { stdio: 'ignore' },
          );
        } catch {
          // not installed
        }
      }
      // A bare API server has no namespace controller: this finishes the deletion.
      await deleteTestNamespace(setup.kubeConfig, namespace);
      rmSync(setup.dir, { recursive: true, force: true });
    },
  };
}

/** What the deploy form sends on Create when a person fills it in (small, read-only, publish left off). */
export function deployFormAnswers(answers: {
  name: string;
  description: string;
  owner: string;
  cluster: string;
  namespace: string;
}) {
  return {
    ...answers,
    environment: 'development',
    oauthEnabled: false,
    externalSecretEnabled: false,
    ingressEnabled: false,
    ingressClassName: 'nginx',
    size: 'small',
    imageTag: 'v0.1.0',
    access: 'read-only',
    publish: false,
  };
}
