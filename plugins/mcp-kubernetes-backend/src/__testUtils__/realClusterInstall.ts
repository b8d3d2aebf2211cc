import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  V1Deployment,
} from '@kubernetes/client-node';
import { MCP_KUBERNETES_RECORDED_ANNOTATIONS } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { buildMcpInstall } from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import { forCreate } from './forCreate';

/** client-node options for a JSON merge patch. */
export const mergePatch = setHeaderOptions(
  'Content-Type',
  PatchStrategy.MergePatch,
);

/** An ISO time in whole seconds, as the API server writes them. */
export const isoSeconds = (ms: number) =>
  new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
/** `d` days before now, in whole seconds. */
export const daysAgo = (d: number) => isoSeconds(Date.now() - d * 86_400_000);

/** A Ready=True condition of an ExternalSecret that synced just now. */
export function syncedExternalSecretStatus() {
  const now = isoSeconds(Date.now());
  return {
    refreshTime: now,
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'SecretSynced',
        message: 'secret synced',
        lastTransitionTime: now,
      },
    ],
  };
}

/**
 * Creates on a real API server what a deploy leaves for an install: its ServiceAccount, the
 * Deployment with the recorded entity and owner, the ExternalSecret (with `externalSecretStatus`
 * as ESO would write it) and the target Secret whose key rotated `rotatedDaysAgo` days ago.
 * Returns the seed the objects came from.
 */
export async function createRecordedInstall(
  admin: KubeConfig,
  options: {
    namespace: string;
    release: string;
    entityRef: string;
    owner: string;
    rotatedDaysAgo: number;
    externalSecretStatus: unknown;
    healthPath?: string;
  },
) {
  const { namespace, release } = options;
  const core = admin.makeApiClient(CoreV1Api);
  const apps = admin.makeApiClient(AppsV1Api);
  const custom = admin.makeApiClient(CustomObjectsApi);
  const seed = buildMcpInstall({
    namespace,
    release,
    replicas: 1,
    healthPath: options.healthPath,
  });
  const deployment = forCreate<V1Deployment>(seed.deployment);
  deployment.metadata!.annotations = {
    ...deployment.metadata!.annotations,
    [MCP_KUBERNETES_RECORDED_ANNOTATIONS.entityRef]: options.entityRef,
    [MCP_KUBERNETES_RECORDED_ANNOTATIONS.owner]: options.owner,
  };
  await core.createNamespacedServiceAccount({
    namespace,
    body: { metadata: { name: `${release}-mcp-kubernetes` } },
  });
  await apps.createNamespacedDeployment({ namespace, body: deployment });
  const es = forCreate<any>(seed.externalSecret);
  await custom.createNamespacedCustomObject({
    group: 'external-secrets.io',
    version: 'v1',
    namespace,
    plural: 'externalsecrets',
    body: es,
  });
  await custom.patchNamespacedCustomObjectStatus(
    {
      group: 'external-secrets.io',
      version: 'v1',
      namespace,
      plural: 'externalsecrets',
      name: es.metadata.name,
      body: { status: options.externalSecretStatus },
    },
    mergePatch,
  );
  const secret = forCreate<any>(seed.secret);
  secret.metadata.annotations = {
    ...secret.metadata.annotations,
    'mcp-kubernetes.io/oauth-key-rotated-at': daysAgo(options.rotatedDaysAgo),
  };
  await core.createNamespacedSecret({
    namespace,
    body: { ...secret, data: { 'oauth-encryption-key': 'c2VjcmV0' } },
  });
  return seed;
}
