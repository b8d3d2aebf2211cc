import useAsync from 'react-use/esm/useAsync';
import {
  EmptyState,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  InstallRef,
  MCP_KUBERNETES_ERROR_CODES,
  MCP_KUBERNETES_RECORDED_ANNOTATIONS,
  mcpKubernetesStatusReadPermission,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { mcpKubernetesApiRef } from '../../api';

function backendMessage(error: Error): string | undefined {
  return error instanceof ResponseError
    ? error.body?.error?.message
    : undefined;
}

/** The backend's machine-readable reason for a refusal (`error.code` in the body). */
function backendCode(error: Error): string | undefined {
  const code =
    error instanceof ResponseError
      ? (error.body?.error as { code?: unknown } | undefined)?.code
      : undefined;
  return typeof code === 'string' ? code : undefined;
}

export function httpStatusOf(error: Error): number | undefined {
  return error instanceof ResponseError ? error.response.status : undefined;
}

/** 404: find out whether the cluster itself is unknown to the portal or only the install. */
function NotFound(props: { install: InstallRef; error: Error }) {
  const api = useApi(mcpKubernetesApiRef);
  const { cluster, namespace, release } = props.install;
  const clusters = useAsync(() => api.listClusters(), [api]);
  if (clusters.loading) return null;
  const clusterKnown = clusters.value?.some(c => c.name === cluster);
  if (clusters.value && !clusterKnown) {
    return (
      <EmptyState
        missing="info"
        title={`Cluster unknown: ${cluster}`}
        description={`The portal has no cluster named "${cluster}". Fix the mcp-kubernetes.io/cluster annotation, or ask a platform admin to add the cluster under kubernetes.clusterLocatorMethods. Known clusters: ${
          clusters.value.map(c => c.name).join(', ') || 'none'
        }.`}
      />
    );
  }
  return (
    <EmptyState
      missing="data"
      title={
        clusterKnown ? 'Install not found' : 'Cluster or install not found'
      }
      description={`No release "${release}" in namespace "${namespace}" on cluster "${cluster}". ${
        backendMessage(props.error) ?? ''
      }`.trim()}
    />
  );
}

/** One clear state per failure: permission denied, not found, or any other backend error. */
export function CardProblem(props: { error: Error; install: InstallRef }) {
  const status = httpStatusOf(props.error);
  const code = backendCode(props.error);
  if (
    status === 403 &&
    code === MCP_KUBERNETES_ERROR_CODES.installNotRecorded
  ) {
    const { entityRef, owner } = MCP_KUBERNETES_RECORDED_ANNOTATIONS;
    return (
      <WarningPanel
        severity="warning"
        defaultExpanded
        title="Install not deployed from the portal"
        message={`The release "${props.install.release}" records no catalog entity, so only platform engineers with fleet access see its status here. To adopt it, redeploy it from the "Deploy mcp-kubernetes" template, or ask a platform admin to annotate its Deployment with ${entityRef}=<this entity's ref> and ${owner}=<owning group>.`}
      />
    );
  }
  if (status === 403 && code === MCP_KUBERNETES_ERROR_CODES.entityNotRecorded) {
    return (
      <WarningPanel
        severity="error"
        defaultExpanded
        title="Install belongs to another entity"
        message={`This entity's annotations name the release "${props.install.release}", but that install was deployed for a different catalog entity, so its status is not shown here. Fix this entity's mcp-kubernetes.io/* annotations, or open the entity the install was deployed for.`}
      />
    );
  }
  if (status === 403) {
    return (
      <WarningPanel
        severity="error"
        defaultExpanded
        title="Permission denied"
        message={`You are not allowed to read the status of this install (permission ${mcpKubernetesStatusReadPermission.name}). Ask a portal admin for access.`}
      />
    );
  }
  if (status === 404) {
    return <NotFound install={props.install} error={props.error} />;
  }
  return (
    <ResponseErrorPanel
      error={props.error}
      title="Could not load the install status"
    />
  );
}
