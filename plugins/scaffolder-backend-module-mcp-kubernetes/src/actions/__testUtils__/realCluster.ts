import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import {
  DefaultClusterRegistry,
  DefaultHelmRunner,
  DefaultPolicyEngine,
  defaultChartPath,
  loadChartDefaults,
  loadValuesSchema,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import {
  playControllers,
  PlayControllersOptions,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import { runActionHandler } from './harness';

/**
 * Creates `namespace` on the API server of `kubeconfigPath` and plays controllers in it, so
 * helm's waits finish on a bare API server. `admin` is the file's own (admin) kubeconfig.
 */
export async function startTestNamespace(
  kubeconfigPath: string,
  namespace: string,
  options: Omit<PlayControllersOptions, 'kubeConfig' | 'namespace'> = {},
) {
  const admin = new KubeConfig();
  admin.loadFromFile(kubeconfigPath);
  await admin
    .makeApiClient(CoreV1Api)
    .createNamespace({ body: { metadata: { name: namespace } } });
  const controllers = playControllers({
    kubeConfig: admin,
    namespace,
    ...options,
  });
  return { admin, controllers };
}

/**
 * What the actions are built from against the cluster of `kubeconfigPath` (its current context is
 * the one cluster), under the `mcpKubernetes.policy` given.
 */
export async function actionDepsOnCluster(
  kubeconfigPath: string,
  policy: Record<string, unknown>,
) {
  const config = mockServices.rootConfig({
    data: {
      mcpKubernetes: {
        kubeconfig: { enabled: true, path: kubeconfigPath },
        // Test policies are plain JSON; the config type wants JsonObject.
        policy: policy as any,
      },
    },
  });
  const registry = DefaultClusterRegistry.fromConfig({
    config,
    logger: mockServices.logger.mock(),
  });
  return {
    registry,
    cluster: registry.listClusters()[0].name,
    policyEngine: DefaultPolicyEngine.fromConfig(config, {
      chartDefaults: await loadChartDefaults(defaultChartPath()),
    }),
    valuesSchema: await loadValuesSchema(defaultChartPath()),
  };
}

/**
 * Installs a release straight with helm, as someone outside the portal would:
 * no recorded entity or owner, no wait (nothing needs to become ready).
 */
export async function installWithoutRecord(
  runner: DefaultHelmRunner,
  kubeConfig: KubeConfig,
  namespace: string,
  release: string,
): Promise<void> {
  await runner.upgradeInstall({
    kubeConfig,
    release,
    namespace,
    values: { ciliumNetworkPolicy: { enabled: false } },
    timeoutSeconds: 60,
    wait: false,
  });
}

/** Cleanup: uninstalls each release, ignoring failures (it may never have been installed). */
export async function uninstallQuietly(
  runner: DefaultHelmRunner,
  kubeConfig: KubeConfig,
  namespace: string,
  releases: string[],
): Promise<void> {
  for (const release of releases) {
    await runner
      .uninstall({ kubeConfig, release, namespace, timeoutSeconds: 60 })
      .catch(() => undefined);
  }
}

/** Permissions that allow everything (the real-cluster suites test helm and ownership, not policy). */
export function allowAllPermissions() {
  return permissionsDenying([]);
}

/** A permission policy that allows everything but the permissions named in `denied`. */
export function permissionsDenying(denied: string[]) {
  const decide = (reqs: Array<{ permission: { name: string } }>) =>
    reqs.map(r => ({
      result: denied.includes(r.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    })) as any;
  return mockServices.permissions.mock({
    authorize: async reqs => decide(reqs),
    authorizeConditional: async reqs => decide(reqs),
  });
}

/** A caller `refs[0]` who owns `refs`. */
export function userOwning(refs: string[]) {
  return {
    getUserInfo: async () => ({
      userEntityRef: refs[0],
      ownershipEntityRefs: refs,
    }),
  };
}

/** Runs an action's handler as a real task does, its checkpoints running their step. */
export function runAsTask(
  action: { handler: (ctx: any) => Promise<void> },
  input: Record<string, unknown>,
) {
  return runActionHandler(action, input, {
    checkpoint: async (o: { fn: () => Promise<unknown> }) => o.fn(),
  });
}
