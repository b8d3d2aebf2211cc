import useAsync from 'react-use/esm/useAsync';
import { Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import {
  installKey,
  InstallRef,
  ValuesDiffEntry,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { mcpKubernetesApiRef } from '../../../api';
import { errorText } from './errorText';

/** What a masked value looks like: never the backend's placeholder, never a length hint. */
export const MASKED_TEXT = '•••';

function DiffValue(props: { value?: string; masked?: boolean }) {
  if (props.value === undefined) {
    return <Typography color="textSecondary">—</Typography>;
  }
  if (props.masked) {
    return (
      <Tooltip title="credential, masked by the backend">
        <span data-testid="mcpk-masked-value">{MASKED_TEXT}</span>
      </Tooltip>
    );
  }
  return <code style={{ wordBreak: 'break-all' }}>{props.value}</code>;
}

/**
 * The values diff between two revisions (path / before / after), loaded from the
 * backend, which masks credential values before they leave it.
 */
export function ValuesDiffTable(props: {
  install: InstallRef;
  from: number;
  to: number;
}) {
  const api = useApi(mcpKubernetesApiRef);
  const { install, from, to } = props;
  const diff = useAsync(
    () => api.getValuesDiff(install, from, to),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, installKey(install), from, to],
  );
  if (diff.loading) return <Progress aria-label="Loading the values diff" />;
  if (diff.error) {
    return (
      <WarningPanel
        severity="warning"
        title={`Could not load the values diff: ${errorText(diff.error)}`}
      />
    );
  }
  const entries: ValuesDiffEntry[] = diff.value?.entries ?? [];
  if (entries.length === 0) {
    return (
      <Typography data-testid="mcpk-values-diff-empty">No changes</Typography>
    );
  }
  return (
    <Table size="small" aria-label={`Values diff ${from} → ${to}`}>
      <TableHead>
        <TableRow>
          <TableCell>Path</TableCell>
          <TableCell>Before</TableCell>
          <TableCell>After</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {entries.map((entry, index) => (
          <TableRow key={`${index}:${entry.path}`}>
            <TableCell>
              <code style={{ wordBreak: 'break-all' }}>{entry.path}</code>
            </TableCell>
            <TableCell>
              <DiffValue
                value={entry.change === 'added' ? undefined : entry.from}
                masked={entry.masked}
              />
            </TableCell>
            <TableCell>
              <DiffValue
                value={entry.change === 'removed' ? undefined : entry.to}
                masked={entry.masked}
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** The values diff of two revisions in a dialog (the history's "Diff with previous"). */
export function ValuesDiffDialog(props: {
  install: InstallRef;
  from: number;
  to: number;
  onClose: () => void;
}) {
  const titleId = 'mcpk-values-diff-title';
  return (
    <Dialog
      open
      onClose={props.onClose}
      aria-labelledby={titleId}
      maxWidth="md"
      fullWidth
    >
      <DialogTitle id={titleId}>
        Values: revision {props.from} → revision {props.to}
      </DialogTitle>
      <DialogContent>
        <ValuesDiffTable
          install={props.install}
          from={props.from}
          to={props.to}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
