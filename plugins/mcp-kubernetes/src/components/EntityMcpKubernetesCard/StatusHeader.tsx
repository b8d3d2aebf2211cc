import { WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  InstallStatus,
  redactSecrets,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { StateIcon } from '../shared/StateIcon';
import { formatAgo, formatTimestamp } from '../shared/time';

/** Overall state with its reasons, where the install lives, and how fresh the data is. */
export function StatusHeader(props: { status: InstallStatus; now: number }) {
  const { status, now } = props;
  const { cluster, namespace, release } = status.install;
  return (
    <Box mb={2} data-testid="mcpk-status-header">
      <Typography variant="h6" component="div">
        <StateIcon state={status.state} />
      </Typography>
      {status.reasons.length > 0 && (
        <Box component="ul" m={0} pl={3} aria-label="Reasons">
          {status.reasons.map((reason, index) => (
            <li key={`${reason.section}-${index}`}>
              <Typography variant="body2">
                <StateIcon state={reason.state} label={reason.message} />
              </Typography>
            </li>
          ))}
        </Box>
      )}
      <Typography variant="body2" color="textSecondary">
        Cluster <strong>{cluster}</strong> · namespace{' '}
        <strong>{namespace}</strong> · release <strong>{release}</strong>
        {status.environment && <> · environment {status.environment}</>}
        {status.chartVersion && <> · chart {status.chartVersion}</>}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        Last observed{' '}
        <time
          dateTime={status.observedAt}
          title={formatTimestamp(status.observedAt)}
        >
          {formatAgo(status.observedAt, now, 'never')}
        </time>
      </Typography>
      {status.stale && (
        <Box mt={1}>
          <WarningPanel
            severity="warning"
            defaultExpanded
            title={`Cluster ${cluster} is unreachable: stale since ${formatAgo(
              status.staleSince ?? status.observedAt,
              now,
            )}`}
            message={
              <>
                Showing the last known state.
                {status.lastError && (
                  <> Last error: {redactSecrets(status.lastError.message)}</>
                )}
              </>
            }
          />
        </Box>
      )}
    </Box>
  );
}
