import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { InstallRef } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { ConfirmOperationDialog } from './ConfirmOperationDialog';

/**
 * Uninstall: says what goes away, and only enables the button once the release name
 * is typed exactly (the action checks the same `confirm` again on the server).
 */
export function UninstallDialog(props: {
  install: InstallRef;
  onCancel: () => void;
  onConfirm: (answers: { confirm: string; deleteNamespace: boolean }) => void;
}) {
  const { install } = props;
  const [typed, setTyped] = useState('');
  const [deleteNamespace, setDeleteNamespace] = useState(false);
  return (
    <ConfirmOperationDialog
      open
      title={`Uninstall ${install.release}?`}
      install={install}
      confirmLabel="Uninstall"
      destructive
      confirmDisabled={typed !== install.release}
      onCancel={props.onCancel}
      onConfirm={() => props.onConfirm({ confirm: typed, deleteNamespace })}
    >
      <Box mb={2}>
        <Alert severity="warning">
          This removes the helm release (its pods, services and secrets made by
          the chart) and the catalog entity file our deploy wrote, so the entity
          leaves the catalog. It cannot be undone from here.
        </Alert>
      </Box>
      <TextField
        id="mcpk-uninstall-confirm"
        label="Type the release name to confirm"
        value={typed}
        onChange={event => setTyped(event.target.value)}
        fullWidth
        autoComplete="off"
        inputProps={{ spellCheck: false }}
      />
      <FormControlLabel
        control={
          <Checkbox
            checked={deleteNamespace}
            onChange={event => setDeleteNamespace(event.target.checked)}
          />
        }
        label="Also delete the namespace"
      />
      <Typography variant="caption" component="div" color="textSecondary">
        The namespace is only deleted when no other helm release lives in it.
      </Typography>
    </ConfirmOperationDialog>
  );
}
