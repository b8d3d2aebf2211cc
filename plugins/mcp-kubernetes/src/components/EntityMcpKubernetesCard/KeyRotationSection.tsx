import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  HealthState,
  KeyRotationSource,
  KeyRotationState,
  KeyRotationStatus,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { StateIcon } from '../shared/StateIcon';
import { formatTimestamp } from '../shared/time';
import { KeyAgeBar } from './KeyAgeBar';

const STATE_VIEW: Record<
  KeyRotationState,
  { state: HealthState; label: string }
> = {
  ok: { state: 'ok', label: 'Within policy' },
  warning: { state: 'warning', label: 'Rotation due soon' },
  overdue: { state: 'error', label: 'Rotation overdue' },
  unknown: { state: 'unknown', label: 'Age unknown' },
};

const SOURCE_TEXT: Record<KeyRotationSource, string> = {
  annotation: 'a rotation annotation',
  'data-hash-history': "the history of the Secret's data hash",
  'managed-fields': "the Secret's managed-fields time",
  'creation-timestamp': "the Secret's creation time",
  unknown: 'no reliable source',
};

/** How old the OAuth encryption key is against the rotation policy. */
export function KeyRotationSection(props: { keyRotation: KeyRotationStatus }) {
  const { keyRotation: kr } = props;
  const view = STATE_VIEW[kr.state] ?? STATE_VIEW.unknown;
  return (
    <Box component="section" aria-label="Key rotation">
      <Typography variant="subtitle1" component="h3">
        Key rotation{kr.secretName && <> · {kr.secretName}</>}
      </Typography>
      <Typography variant="body2" component="div">
        <StateIcon state={view.state} label={view.label} />
      </Typography>
      <Typography variant="body2">{kr.summary}</Typography>
      {kr.ageDays !== undefined && (
        <KeyAgeBar
          ageDays={kr.ageDays}
          warnAfterDays={kr.warnAfterDays}
          maxAgeDays={kr.maxAgeDays}
          state={kr.state}
        />
      )}
      <Typography variant="body2" color="textSecondary">
        {kr.ageDays !== undefined ? `${kr.ageDays} days old` : 'Age unknown'} ·
        policy: warn at {kr.warnAfterDays} days, max {kr.maxAgeDays} days
        {kr.lastRotatedAt && (
          <>
            {' '}
            · last changed{' '}
            <time dateTime={kr.lastRotatedAt}>
              {formatTimestamp(kr.lastRotatedAt)}
            </time>
          </>
        )}{' '}
        · determined from {SOURCE_TEXT[kr.source] ?? kr.source}
      </Typography>
      {kr.allPodsRestartedSinceRotation === false && (
        <Typography
          variant="body2"
          component="div"
          data-testid="mcpk-pods-not-restarted"
        >
          <StateIcon
            state="warning"
            label="Pods not yet restarted since rotation: they still use the previous key"
          />
        </Typography>
      )}
    </Box>
  );
}
