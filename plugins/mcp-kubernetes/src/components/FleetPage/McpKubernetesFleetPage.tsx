import { useMemo, useState } from 'react';
import {
  Content,
  ContentHeader,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { mcpKubernetesFleetReadPermission } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { mcpKubernetesApiRef } from '../../api';
import { RefreshButton } from '../shared/RefreshButton';
import {
  usePolledValue,
  useRefreshIntervalSeconds,
} from '../shared/usePolledValue';
import { formatAgo } from '../shared/time';
import { FleetFilterBar } from './FleetFilterBar';
import { filterFleet, FleetFilters, NO_FILTERS, toRow } from './fleetFilters';
import { FleetSummary } from './FleetSummary';
import { FleetTable } from './FleetTable';

/** @public */
export interface McpKubernetesFleetPageProps {
  /** Auto refresh period in seconds; 0 turns it off. Defaults like the entity card's. */
  refreshIntervalSeconds?: number;
  /** Filters applied on first render (e.g. `{ overdueKeys: true }` for a focused view). */
  initialFilters?: Partial<FleetFilters>;
}

/**
 * The fleet without page chrome: for the new frontend system, whose page extension
 * supplies its own header.
 */
export function McpKubernetesFleetContent(props: McpKubernetesFleetPageProps) {
  const api = useApi(mcpKubernetesApiRef);
  const refreshSeconds = useRefreshIntervalSeconds(
    props.refreshIntervalSeconds,
  );
  const [filters, setFilters] = useState<FleetFilters>({
    ...NO_FILTERS,
    ...props.initialFilters,
  });
  const {
    value: fleet,
    error,
    loading,
    refresh,
  } = usePolledValue(() => api.getFleet(), 'fleet', refreshSeconds);

  // Rows are rebuilt only when data arrives; filtering only when data or filters change.
  const rows = useMemo(() => (fleet ? fleet.items.map(toRow) : []), [fleet]);
  const visible = useMemo(() => filterFleet(rows, filters), [rows, filters]);

  if (!fleet) {
    if (error) {
      if (error instanceof ResponseError && error.response.status === 403) {
        return (
          <WarningPanel
            severity="error"
            defaultExpanded
            title="Permission denied"
            message={`You are not allowed to see the fleet (permission ${mcpKubernetesFleetReadPermission.name}). Ask a portal admin for access.`}
          />
        );
      }
      return (
        <ResponseErrorPanel error={error} title="Could not load the fleet" />
      );
    }
    return <Progress aria-label="Loading fleet" />;
  }

  if (fleet.clusters.length === 0) {
    return (
      <EmptyState
        missing="info"
        title="No cluster is configured"
        description="The mcp-kubernetes backend reads the clusters of the Backstage Kubernetes plugin (kubernetes.clusterLocatorMethods, type config) or, for development, a local kubeconfig (mcpKubernetes.kubeconfig.enabled: true). Add one to app-config.yaml and restart the backend."
      />
    );
  }

  const unreachable = fleet.clusters.filter(
    cluster => cluster.reachable === false,
  );
  return (
    <>
      <ContentHeader
        title="Every mcp-kubernetes install"
        description={`Generated ${formatAgo(fleet.generatedAt, Date.now())}`}
      >
        <RefreshButton
          label="Refresh fleet"
          onClick={refresh}
          loading={loading}
          refreshSeconds={refreshSeconds}
        />
      </ContentHeader>
      {error && (
        <WarningPanel
          severity="warning"
          title="Refresh failed: showing the last loaded fleet"
        />
      )}
      {unreachable.length > 0 && (
        <WarningPanel
          severity="warning"
          title={`Unreachable cluster${
            unreachable.length > 1 ? 's' : ''
          }: ${unreachable.map(c => c.name).join(', ')}`}
          message="Installs on these clusters show their last known state."
        />
      )}
      <FleetSummary counts={fleet.counts} />
      <FleetFilterBar
        filters={filters}
        clusters={fleet.clusters}
        onChange={setFilters}
      />
      <FleetTable
        rows={visible}
        total={rows.length}
        generatedAt={fleet.generatedAt}
      />
    </>
  );
}

/**
 * The platform engineer's view: every install across all clusters, which are unhealthy,
 * which secrets are out of sync, which keys are overdue, which break today's policy.
 *
 * @public
 */
export function McpKubernetesFleetPage(props: McpKubernetesFleetPageProps) {
  return (
    <Page themeId="tool">
      <Header
        title="MCP fleet"
        subtitle="mcp-kubernetes installs across all clusters"
      />
      <Content>
        <McpKubernetesFleetContent {...props} />
      </Content>
    </Page>
  );
}
