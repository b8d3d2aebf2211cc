import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import CircularProgress from '@material-ui/core/CircularProgress';
import Alert from '@material-ui/lab/Alert';
import { DAY2_ACTION_NAMES, taskPagePath } from './day2Templates';
import { Day2OperationState } from './useDay2Operation';

/** The running (or last) day-2 operation: running…, finished, or failed with its reason. */
export function Day2Status(props: { operation?: Day2OperationState }) {
  const { operation } = props;
  if (!operation) return null;
  const name = DAY2_ACTION_NAMES[operation.action];
  const taskLink = operation.taskId && (
    <>
      {' '}
      <Link to={taskPagePath(operation.taskId)}>View task log</Link>
    </>
  );
  let severity: 'info' | 'success' | 'error';
  let text: string;
  switch (operation.state) {
    case 'running':
      severity = 'info';
      text = `${name} running…`;
      break;
    case 'completed':
      severity = 'success';
      text = `${name} finished`;
      break;
    default:
      severity = 'error';
      text = operation.error
        ? `${name} failed: ${operation.error}`
        : `${name} failed — see the task log`;
  }
  return (
    <Box mb={2}>
      <Alert
        severity={severity}
        data-testid="mcpk-day2-status"
        icon={
          operation.state === 'running' ? (
            <CircularProgress size={20} aria-hidden />
          ) : undefined
        }
      >
        {text}
        {taskLink}
      </Alert>
    </Box>
  );
}
