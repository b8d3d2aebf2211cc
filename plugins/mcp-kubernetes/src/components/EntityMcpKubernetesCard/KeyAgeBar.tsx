import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { KeyRotationState } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

const useStyles = makeStyles(theme => ({
  track: {
    position: 'relative',
    height: 10,
    borderRadius: 5,
    backgroundColor: theme.palette.action.hover,
  },
  fill: {
    position: 'absolute',
    top: 0,
    left: 0,
    bottom: 0,
    borderRadius: 5,
  },
  ok: {
    backgroundColor: theme.palette.success?.main ?? theme.palette.primary.main,
  },
  warning: {
    backgroundColor:
      theme.palette.warning?.main ?? theme.palette.secondary.main,
  },
  overdue: { backgroundColor: theme.palette.error.main },
  unknown: { backgroundColor: theme.palette.grey[500] },
  mark: {
    position: 'absolute',
    top: -3,
    bottom: -3,
    width: 2,
    backgroundColor: theme.palette.text.primary,
  },
  labels: { position: 'relative', height: 18 },
  label: {
    position: 'absolute',
    transform: 'translateX(-50%)',
    whiteSpace: 'nowrap',
  },
}));

/**
 * Key age against the rotation policy: a bar filled to the age, with marks at the warn and
 * max limits. The scale runs a little past the max (or to the age, if older) so both marks
 * and an overdue age stay visible.
 */
export function KeyAgeBar(props: {
  ageDays: number;
  warnAfterDays: number;
  maxAgeDays: number;
  state: KeyRotationState;
}) {
  const { ageDays, warnAfterDays, maxAgeDays, state } = props;
  const classes = useStyles();
  const scale = Math.max(maxAgeDays * 1.15, ageDays * 1.05, 1);
  const pct = (days: number) =>
    `${Math.min(100, (days / scale) * 100).toFixed(2)}%`;
  return (
    <Box my={1}>
      <div
        className={classes.track}
        role="meter"
        aria-label="Key age in days"
        aria-valuemin={0}
        aria-valuemax={maxAgeDays}
        aria-valuenow={ageDays}
        aria-valuetext={`${ageDays} days (warn at ${warnAfterDays}, max ${maxAgeDays})`}
      >
        <div
          className={`${classes.fill} ${classes[state]}`}
          style={{ width: pct(ageDays) }}
        />
        <div
          className={classes.mark}
          style={{ left: pct(warnAfterDays) }}
          title={`warn at ${warnAfterDays} days`}
        />
        <div
          className={classes.mark}
          style={{ left: pct(maxAgeDays) }}
          title={`max ${maxAgeDays} days`}
        />
      </div>
      <div className={classes.labels} aria-hidden>
        <Typography
          variant="caption"
          className={classes.label}
          style={{ left: pct(warnAfterDays) }}
        >
          warn {warnAfterDays}d
        </Typography>
        <Typography
          variant="caption"
          className={classes.label}
          style={{ left: pct(maxAgeDays) }}
        >
          max {maxAgeDays}d
        </Typography>
      </div>
    </Box>
  );
}
