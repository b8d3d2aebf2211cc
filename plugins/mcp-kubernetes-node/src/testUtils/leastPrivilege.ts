import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
  V1PolicyRule,
} from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';

/** The backend README, whose "RBAC" section is the documented least privilege. */
export const BACKEND_README_PATH = path.resolve(
  resolvePackagePath('@mcp-kubernetes/plugin-mcp-kubernetes-node'),
  '../mcp-kubernetes-backend/README.md',
);

/**
 * The ClusterRole in the README's RBAC section (its first yaml block), so the tests prove the
 * documentation, not a copy of it.
 *
 * @public
 */
export function documentedClusterRole(readmePath = BACKEND_README_PATH): {
  name: string;
  rules: V1PolicyRule[];
} {
  const readme = fs.readFileSync(readmePath, 'utf8');
  const section = readme.split(/^## /m).find(s => s.startsWith('RBAC'));
  const block = section?.match(/```yaml\n([\s\S]*?)```/)?.[1];
  if (!block) {
    throw new Error(
      `${readmePath}: no yaml block in a "## RBAC..." section to read the ClusterRole from`,
    );
  }
  const role = parseAllDocuments(block)
    .map(d => d.toJS())
    .find(d => d?.kind === 'ClusterRole');
  if (!role?.metadata?.name || !Array.isArray(role.rules)) {
    throw new Error(
      `${readmePath}: the RBAC section's yaml holds no ClusterRole with a name and rules`,
    );
  }
  return { name: role.metadata.name, rules: role.rules };
}

/** @public */
export interface LeastPrivilegeKubeconfig {
  /** Authenticates as the ServiceAccount (a TokenRequest token, 1 h). */
  kubeConfig: KubeConfig;
  /** The same, written to a 0600 file (for config that takes a kubeconfig path). */
  kubeconfigPath: string;
  /** `system:serviceaccount:<namespace>:<name>` */
  username: string;
  clusterRoleName: string;
  /** Deletes the binding, the ClusterRole, the ServiceAccount and the file. */
  cleanup(): Promise<void>;
}

/**
 * Creates a ServiceAccount bound (ClusterRoleBinding) to exactly the ClusterRole documented in
 * the backend README, with a unique name (cluster-scoped objects on a shared cluster), and a
 * kubeconfig that authenticates with its TokenRequest token.
 *
 * @public
 */
export async function createLeastPrivilegeKubeconfig(
  adminKubeConfig: KubeConfig,
  namespace = 'default',
): Promise<LeastPrivilegeKubeconfig> {
  const documented = documentedClusterRole();
  const suffix = randomBytes(4).toString('hex');
  const name = `${documented.name}-${suffix}`;
  const core = adminKubeConfig.makeApiClient(CoreV1Api);
  const rbac = adminKubeConfig.makeApiClient(RbacAuthorizationV1Api);
  const saName = `mcpk-least-privilege-${suffix}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpk-least-privilege-'));
  const kubeconfigPath = path.join(dir, 'kubeconfig');

  const cleanup = async () => {
    const ignore = () => undefined;
    await rbac.deleteClusterRoleBinding({ name }).catch(ignore);
    await rbac.deleteClusterRole({ name }).catch(ignore);
    await core
      .deleteNamespacedServiceAccount({ name: saName, namespace })
      .catch(ignore);
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    await core
      .createNamespace({ body: { metadata: { name: namespace } } })
      .catch(e => {
        if ((e as { code?: number }).code !== 409) throw e;
      });
    await rbac.createClusterRole({
      body: { metadata: { name }, rules: documented.rules },
    });
    await core.createNamespacedServiceAccount({
      namespace,
      body: { metadata: { name: saName } },
    });
    await rbac.createClusterRoleBinding({
      body: {
        metadata: { name },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name,
        },
        subjects: [{ kind: 'ServiceAccount', name: saName, namespace }],
      },
    });
    const tokenRequest = await core.createNamespacedServiceAccountToken({
      name: saName,
      namespace,
      body: { spec: { audiences: [], expirationSeconds: 3600 } },
    });
    const token = tokenRequest.status?.token;
    if (!token) throw new Error('TokenRequest returned no token');
    const cluster = adminKubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('admin kubeconfig has no current cluster');
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [cluster],
      users: [{ name: saName, token }],
      contexts: [
        { name: 'least-privilege', cluster: cluster.name, user: saName },
      ],
      currentContext: 'least-privilege',
    });
    fs.writeFileSync(kubeconfigPath, kubeConfig.exportConfig(), {
      mode: 0o600,
    });
    return {
      kubeConfig,
      kubeconfigPath,
      username: `system:serviceaccount:${namespace}:${saName}`,
      clusterRoleName: name,
      cleanup,
    };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
