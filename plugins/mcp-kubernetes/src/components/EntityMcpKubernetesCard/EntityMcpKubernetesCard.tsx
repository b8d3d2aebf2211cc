import { useCallback, useMemo, useState } from 'react';
import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InfoCard, Progress, WarningPanel } from '@backstage/core-components';
import { useApi, useApiHolder } from '@backstage/core-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import Box from '@material-ui/core/Box';
import Divider from '@material-ui/core/Divider';
import {
  getInstallRefFromAnnotations,
  InstallRef,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { mcpKubernetesApiRef } from '../../api';
import { missingAnnotations } from '../../isMcpKubernetesAvailable';
import { RefreshButton } from '../shared/RefreshButton';
import {
  usePolledValue,
  useRefreshIntervalSeconds,
} from '../shared/usePolledValue';
import { CardProblem, httpStatusOf } from './CardProblem';
import {
  Day2Actions,
  Day2Status,
  ReleaseHistorySection,
  useDay2Operation,
  useDay2Templates,
} from './day2';
import { ExternalSecretSection } from './ExternalSecretSection';
import { KeyRotationSection } from './KeyRotationSection';
import { PodsTable } from './PodsTable';
import { StatusHeader } from './StatusHeader';

/** @public */
export interface EntityMcpKubernetesCardProps {
  /**
   * Auto refresh period in seconds; 0 turns it off. Defaults to app-config
   * `mcpKubernetes.frontend.refreshIntervalSeconds`, else 30.
   */
  refreshIntervalSeconds?: number;
  /** InfoCard variant, e.g. `gridItem` to fill a grid cell like the stock cards. */
  variant?: 'gridItem' | 'fullHeight';
}

const TITLE = 'MCP server';

/**
 * Entity card: pods with their `/health` answers, the ExternalSecret, and the key's age
 * against the rotation policy, for the install the entity's annotations point at.
 *
 * @public
 */
export function EntityMcpKubernetesCard(props: EntityMcpKubernetesCardProps) {
  const { entity } = useEntity();
  const install = getInstallRefFromAnnotations(entity.metadata.annotations);
  if (!install) {
    return (
      <InfoCard title={TITLE} variant={props.variant}>
        <MissingAnnotationEmptyState annotation={missingAnnotations(entity)} />
      </InfoCard>
    );
  }
  return <InstallStatusCard {...props} install={install} />;
}

function InstallStatusCard(
  props: EntityMcpKubernetesCardProps & { install: InstallRef },
) {
  const { entity } = useEntity();
  const entityRef = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const refreshSeconds = useRefreshIntervalSeconds(
    props.refreshIntervalSeconds,
  );
  const api = useApi(mcpKubernetesApiRef);
  const {
    value: status,
    error,
    loading,
    refresh,
  } = usePolledValue(
    () => api.getStatusByEntity(entityRef),
    stringifyEntityRef(entityRef),
    refreshSeconds,
  );
  const now = Date.now();
  const { cluster, namespace, release } = props.install;

  // Day 2: optional, so an app without the scaffolder still shows the card.
  const scaffolderApi = useApiHolder().get(scaffolderApiRef);
  const templates = useDay2Templates();
  const [historyKey, setHistoryKey] = useState(0);
  const onOperationEnded = useCallback(() => {
    refresh();
    setHistoryKey(key => key + 1);
  }, [refresh]);
  const day2 = useDay2Operation({
    scaffolderApi,
    templates,
    onEnded: onOperationEnded,
  });

  const action = (
    <RefreshButton
      label="Refresh status"
      onClick={refresh}
      loading={loading}
      refreshSeconds={refreshSeconds}
    />
  );

  let body: JSX.Element;
  if (status) {
    body = (
      <>
        {error && (
          <Box mb={2}>
            <WarningPanel
              severity="warning"
              title={`Refresh failed${
                httpStatusOf(error) ? ` (HTTP ${httpStatusOf(error)})` : ''
              }: showing the last loaded status`}
            />
          </Box>
        )}
        <StatusHeader status={status} now={now} />
        <PodsTable
          pods={status.pods}
          rollout={status.rollout}
          healthRefresh={status.healthRefresh}
          now={now}
        />
        <Box my={2}>
          <Divider />
        </Box>
        <ExternalSecretSection
          externalSecret={status.externalSecret}
          now={now}
        />
        <Divider />
        <Box mt={2}>
          <KeyRotationSection keyRotation={status.keyRotation} />
        </Box>
        <Day2Actions
          install={props.install}
          status={status}
          templates={templates}
          running={day2.running}
          available={day2.available}
          onStart={day2.start}
        />
        <ReleaseHistorySection
          install={props.install}
          refreshKey={historyKey}
        />
      </>
    );
  } else if (error) {
    body = <CardProblem error={error} install={props.install} />;
  } else {
    body = <Progress aria-label="Loading install status" />;
  }

  return (
    <InfoCard
      title={TITLE}
      subheader={`${cluster} / ${namespace} / ${release}`}
      action={action}
      variant={props.variant}
    >
      {/* Outside the status body: "Uninstall finished" stays when the install is gone. */}
      <Day2Status operation={day2.operation} />
      {body}
    </InfoCard>
  );
}
