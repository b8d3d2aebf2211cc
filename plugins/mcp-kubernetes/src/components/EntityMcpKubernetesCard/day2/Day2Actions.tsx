import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import {
  InstallRef,
  InstallStatus,
  normalizeEntityRef,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import useAsync from 'react-use/esm/useAsync';
import { ConfirmOperationDialog } from './ConfirmOperationDialog';
import { Day2Action, Day2Templates } from './day2Templates';
import { RollbackDialog } from './RollbackDialog';
import { UninstallDialog } from './UninstallDialog';
import { UpgradeDialog } from './UpgradeDialog';
import { Day2Values } from './useDay2Operation';

/** Why the buttons are disabled, if they are; shown as their tooltip. */
function disabledReason(props: {
  status: InstallStatus;
  running: boolean;
  available: boolean;
  /** The signed-in user's ownership refs, once known. */
  ownershipRefs?: string[];
}): string | undefined {
  if (!props.available) {
    return 'The scaffolder is not installed in this portal, so day-2 templates cannot run.';
  }
  if (!props.status.recorded) {
    return 'This install was not deployed from the portal (it records no catalog entity), so day-2 actions are not offered.';
  }
  const owner = props.status.recorded.owner;
  if (owner && props.ownershipRefs) {
    const recordedOwner = normalizeEntityRef(owner, 'group');
    const mine = props.ownershipRefs.map(r => r.toLocaleLowerCase('en-US'));
    if (!mine.includes(recordedOwner)) {
      return `Only members of ${recordedOwner} (the owner recorded at install) may restart, roll back, upgrade or uninstall this install.`;
    }
  }
  if (props.running) return 'An operation is running on this install.';
  return undefined;
}

/**
 * Restart, Roll back, Upgrade and Uninstall for the install. Each confirms in a
 * dialog naming cluster / namespace / release, then runs its template as a
 * scaffolder task; the actions decide on the server whether the user may.
 */
export function Day2Actions(props: {
  install: InstallRef;
  status: InstallStatus;
  templates: Day2Templates;
  running: boolean;
  /** False when the app has no scaffolder. */
  available: boolean;
  onStart: (action: Day2Action, values: Day2Values) => void;
}) {
  const { install, status } = props;
  const [dialog, setDialog] = useState<
    'restart' | 'rollback' | 'upgrade' | 'uninstall' | undefined
  >();
  // The actions decide on the server; this only spares a non-owner a task that would be refused.
  const identityApi = useApi(identityApiRef);
  const ownership = useAsync(
    async () => (await identityApi.getBackstageIdentity()).ownershipEntityRefs,
    [identityApi],
  );
  const reason = disabledReason({ ...props, ownershipRefs: ownership.value });
  const disabled = reason !== undefined;
  const target = {
    cluster: install.cluster,
    namespace: install.namespace,
    releaseName: install.release,
  };
  const start = (action: Day2Action, values: Day2Values) => {
    setDialog(undefined);
    props.onStart(action, values);
  };

  return (
    <Box component="section" aria-label="Day-2 operations" mt={2}>
      <Typography variant="subtitle1" component="h3">
        Operations
      </Typography>
      <Tooltip title={reason ?? ''}>
        <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
          <Button
            variant="outlined"
            disabled={disabled}
            onClick={() => setDialog('restart')}
          >
            Restart
          </Button>
          <Button
            variant="outlined"
            disabled={disabled}
            onClick={() => setDialog('rollback')}
          >
            Roll back
          </Button>
          <Button
            variant="outlined"
            disabled={disabled}
            onClick={() => setDialog('upgrade')}
          >
            Upgrade
          </Button>
          <Button
            variant="outlined"
            color="secondary"
            disabled={disabled}
            onClick={() => setDialog('uninstall')}
          >
            Uninstall
          </Button>
        </Box>
      </Tooltip>

      <ConfirmOperationDialog
        open={dialog === 'restart'}
        title={`Restart the pods of ${install.release}?`}
        install={install}
        confirmLabel="Restart"
        onCancel={() => setDialog(undefined)}
        onConfirm={() => start('restart', target)}
      >
        <Typography variant="body2">
          The pods are replaced one by one (a rolling restart), so the service
          stays up and every new pod picks up a rotated key.
        </Typography>
      </ConfirmOperationDialog>
      {dialog === 'rollback' && (
        <RollbackDialog
          install={install}
          environment={status.environment}
          onCancel={() => setDialog(undefined)}
          onConfirm={revision =>
            start('rollback', {
              ...target,
              environment: status.environment ?? '',
              revision,
            })
          }
        />
      )}
      {dialog === 'upgrade' && (
        <UpgradeDialog
          install={install}
          status={status}
          templateRef={props.templates.upgrade}
          onCancel={() => setDialog(undefined)}
        />
      )}
      {dialog === 'uninstall' && (
        <UninstallDialog
          install={install}
          onCancel={() => setDialog(undefined)}
          onConfirm={answers => start('uninstall', { ...target, ...answers })}
        />
      )}
    </Box>
  );
}
