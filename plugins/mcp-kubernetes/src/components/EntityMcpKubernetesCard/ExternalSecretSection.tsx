import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  ExternalSecretState,
  ExternalSecretStatus,
  HealthState,
  redactSecrets,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { StateIcon } from '../shared/StateIcon';
import { formatAgo, formatDuration, formatTimestamp } from '../shared/time';

const STATE_VIEW: Record<
  ExternalSecretState,
  { state: HealthState; label: string }
> = {
  synced: { state: 'ok', label: 'Synced' },
  failing: { state: 'error', label: 'Failing' },
  stale: { state: 'warning', label: 'Stale' },
  pending: { state: 'unknown', label: 'Pending first sync' },
  // Installs with a plain existingSecret (or no OAuth) have none: not a fault.
  absent: { state: 'unknown', label: 'None' },
  'crd-missing': {
    state: 'warning',
    label: 'External Secrets Operator not installed',
  },
  forbidden: { state: 'warning', label: 'Not readable (forbidden)' },
  unknown: { state: 'unknown', label: 'Unknown' },
};

/** The ExternalSecret feeding the OAuth credentials: synced or failing, and how long ago. */
export function ExternalSecretSection(props: {
  externalSecret: ExternalSecretStatus;
  now: number;
}) {
  const { externalSecret: es, now } = props;
  const view = STATE_VIEW[es.state] ?? STATE_VIEW.unknown;
  const interval =
    es.refreshInterval ??
    (es.refreshIntervalSeconds !== undefined
      ? formatDuration(es.refreshIntervalSeconds)
      : undefined);
  const failing = es.ready?.status === 'False';
  return (
    <Box component="section" aria-label="ExternalSecret" mb={2}>
      <Typography variant="subtitle1" component="h3">
        ExternalSecret{es.name && <> · {es.name}</>}
      </Typography>
      <Typography variant="body2" component="div">
        <StateIcon state={view.state} label={view.label} />
      </Typography>
      <Typography variant="body2">{es.summary}</Typography>
      {failing && es.ready && (
        <Typography variant="body2" color="error" data-testid="mcpk-es-failure">
          {es.ready.reason ?? 'Not ready'}
          {es.ready.message && <>: {redactSecrets(es.ready.message)}</>}
          {es.ready.since && <> (since {formatAgo(es.ready.since, now)})</>}
        </Typography>
      )}
      <Typography variant="body2" color="textSecondary">
        Last sync{' '}
        <time dateTime={es.refreshTime} title={formatTimestamp(es.refreshTime)}>
          {formatAgo(es.refreshTime, now, 'never')}
        </time>
        {interval && <> · refresh interval {interval}</>}
        {es.stale && (
          <> · no successful sync for more than twice the interval</>
        )}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {es.store && (
          <>
            Store {es.store.kind}/{es.store.name}
          </>
        )}
        {es.targetSecretName && (
          <>
            {es.store && ' · '}target Secret {es.targetSecretName}
            {es.targetSecretPresent === false && ' (missing)'}
          </>
        )}
      </Typography>
    </Box>
  );
}
