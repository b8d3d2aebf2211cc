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
  mcpKubernetesStatusReadPermission,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { mcpKubernetesApiRef } from '../../api';

function backendMessage(error: Error): string | undefined {
  return error instanceof ResponseError
    ? error.body?.error?.message
    : undefined;
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
