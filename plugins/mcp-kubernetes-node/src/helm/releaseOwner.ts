import { AppsV1Api, KubeConfig } from '@kubernetes/client-node';
import { MCP_KUBERNETES_RECORDED_ANNOTATIONS } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

/** What the live Deployment of a release records about its catalog entity. @public */
export interface RecordedReleaseOwner {
  /** False when the Deployment does not exist. */
  found: boolean;
  /** `mcp-kubernetes.io/owner`, e.g. `group:default/team-a`; undefined when not recorded. */
  owner?: string;
  /** `mcp-kubernetes.io/entity-ref`; undefined when not recorded. */
  entityRef?: string;
}

/** @public */
export interface DeploymentReadiness {
  found: boolean;
  desired: number;
  ready: number;
  updated: number;
}

function statusCode(e: unknown): number | undefined {
  const err = e as { code?: unknown; statusCode?: unknown };
  return typeof err.code === 'number'
    ? err.code
    : (err.statusCode as number | undefined);
}

async function readDeployment(
  kubeConfig: KubeConfig,
  namespace: string,
  name: string,
) {
  try {
    return await kubeConfig
      .makeApiClient(AppsV1Api)
      .readNamespacedDeployment({ name, namespace });
  } catch (e) {
    if (statusCode(e) === 404) {
      return undefined;
    }
    throw e;
  }
}

/**
 * Reads the owner the chart recorded on a release's Deployment (the
 * annotations `MCP_KUBERNETES_RECORDED_ANNOTATIONS`), which upgrades are
 * authorized against.
 *
 * @public
 */
export async function readRecordedReleaseOwner(opts: {
  kubeConfig: KubeConfig;
  namespace: string;
  deploymentName: string;
}): Promise<RecordedReleaseOwner> {
  const deployment = await readDeployment(
    opts.kubeConfig,
    opts.namespace,
    opts.deploymentName,
  );
  if (!deployment) {
    return { found: false };
  }
  const annotations = deployment.metadata?.annotations ?? {};
  return {
    found: true,
    owner: annotations[MCP_KUBERNETES_RECORDED_ANNOTATIONS.owner] || undefined,
    entityRef:
      annotations[MCP_KUBERNETES_RECORDED_ANNOTATIONS.entityRef] || undefined,
  };
}

/** Replica counts of a Deployment, for progress lines while helm waits. @public */
export async function readDeploymentReadiness(opts: {
  kubeConfig: KubeConfig;
  namespace: string;
  name: string;
}): Promise<DeploymentReadiness> {
  const d = await readDeployment(opts.kubeConfig, opts.namespace, opts.name);
  return {
    found: Boolean(d),
    desired: d?.spec?.replicas ?? 0,
    ready: d?.status?.readyReplicas ?? 0,
    updated: d?.status?.updatedReplicas ?? 0,
  };
}
