import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import {
  PodHealthCheck,
  redactSecrets,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { StateIcon } from '../shared/StateIcon';
import { formatAgo, formatTimestamp } from '../shared/time';

/**
 * One pod's health answer. The body excerpt is only rendered after a click (it is free-form
 * text from the pod), and is redacted again even then.
 */
export function HealthCell(props: {
  podName: string;
  health?: PodHealthCheck;
  now: number;
}) {
  const { podName, health, now } = props;
  const [expanded, setExpanded] = useState(false);
  if (!health) {
    return <StateIcon state="unknown" label="Not checked yet" />;
  }
  const summary =
    health.httpStatus !== undefined
      ? `${health.path} → ${health.httpStatus}`
      : `${health.path} → ${redactSecrets(health.error ?? 'no answer')}`;
  const excerptId = `mcpk-health-body-${podName}`;
  return (
    <Box>
      <StateIcon state={health.ok ? 'ok' : 'error'} label={summary} />
      <Typography variant="caption" component="div" color="textSecondary">
        {health.latencyMs !== undefined && <>{health.latencyMs} ms · </>}
        checked{' '}
        <time
          dateTime={health.checkedAt}
          title={formatTimestamp(health.checkedAt)}
        >
          {formatAgo(health.checkedAt, now)}
        </time>
      </Typography>
      {health.bodyExcerpt && (
        <>
          <Button
            size="small"
            color="primary"
            style={{ padding: 0, minWidth: 0, textTransform: 'none' }}
            aria-expanded={expanded}
            aria-controls={excerptId}
            onClick={() => setExpanded(open => !open)}
          >
            {expanded ? 'Hide response' : 'Show response'}
          </Button>
          {expanded && (
            <Box
              id={excerptId}
              component="pre"
              data-testid="mcpk-health-body"
              m={0}
              p={1}
              bgcolor="background.default"
              style={{
                whiteSpace: 'pre-wrap',
                wordBreak: 'break-word',
                maxWidth: 360,
              }}
            >
              {redactSecrets(health.bodyExcerpt)}
            </Box>
          )}
        </>
      )}
    </Box>
  );
}
