import { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { InstallRef } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

/**
 * The confirmation every day-2 operation asks for: it names the cluster, namespace
 * and release the operation will touch, so nobody acts on the wrong install.
 */
export function ConfirmOperationDialog(props: {
  open: boolean;
  title: string;
  install: InstallRef;
  confirmLabel: string;
  /** e.g. until the release name is typed, or while the revisions load. */
  confirmDisabled?: boolean;
  /** Destructive operations get the secondary (warning) colour. */
  destructive?: boolean;
  onCancel: () => void;
  /** What confirming does: run something here, or follow a link (e.g. to a prefilled form). */
  onConfirm?: () => void;
  confirmHref?: string;
  children?: ReactNode;
}) {
  const { cluster, namespace, release } = props.install;
  const titleId = 'mcpk-confirm-operation-title';
  return (
    <Dialog
      open={props.open}
      onClose={props.onCancel}
      aria-labelledby={titleId}
      maxWidth="md"
      fullWidth
    >
      <DialogTitle id={titleId}>{props.title}</DialogTitle>
      <DialogContent>
        <Typography
          variant="body1"
          gutterBottom
          data-testid="mcpk-confirm-target"
        >
          On cluster <strong>{cluster}</strong>, namespace{' '}
          <strong>{namespace}</strong>, release <strong>{release}</strong>.
        </Typography>
        {props.children}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onCancel}>Cancel</Button>
        {props.confirmHref && !props.confirmDisabled ? (
          <Button
            variant="contained"
            color="primary"
            component={RouterLink}
            to={props.confirmHref}
          >
            {props.confirmLabel}
          </Button>
        ) : (
          <Button
            variant="contained"
            color={props.destructive ? 'secondary' : 'primary'}
            disabled={props.confirmDisabled}
            onClick={props.onConfirm}
          >
            {props.confirmLabel}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
