import * as k8s from '@kubernetes/client-node';
import { pinnedHelmPath } from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCountingHelm } from './helmCounter';

/**
 * What the engine and hostile suites share: a counting helm 4, a local
 * catalog directory, and backend config pointing at the cluster of
 * MCPK_TEST_KUBECONFIG (its current context becomes the cluster, as in the
 * kubeconfig mode of the cluster registry).
 */
export function realClusterSetup(kubeconfigPath: string) {
  const dir = mkdtempSync(join(tmpdir(), 'mcpk-scaffolder-'));
  const catalogDir = join(dir, 'catalog');
  mkdirSync(catalogDir);
  const helm = writeCountingHelm({ dir, realHelm: pinnedHelmPath('v4') });
  const kubeConfig = new k8s.KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  const cluster = kubeConfig.getCurrentContext();
  const config = {
    backend: { workingDirectory: dir },
    mcpKubernetes: {
      kubeconfig: { enabled: true, path: kubeconfigPath, contexts: [cluster] },
      helm: { path: helm.path, timeoutSeconds: 120 },
      scaffolder: { localCatalogDir: catalogDir },
      policy: {
        environments: {
          // A bare API server has no Cilium CRD: the company policy (not the
          // form) turns the CiliumNetworkPolicy off, as a platform team would.
          development: {
            allowedClusters: [cluster],
            fixedValues: { ciliumNetworkPolicy: { enabled: false } },
          },
        },
      },
    },
  };
  return { dir, catalogDir, helm, kubeConfig, cluster, config };
}

/** A short unique suffix: every run uses its own namespaces and release names on the shared cluster. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1296)
    .toString(36)
    .padStart(2, '0')}`;
}
