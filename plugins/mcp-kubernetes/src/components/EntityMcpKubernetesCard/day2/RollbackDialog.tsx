import { useEffect, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Typography from '@material-ui/core/Typography';
import {
  installKey,
  InstallRef,
  ReleaseRevision,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { mcpKubernetesApiRef } from '../../../api';
import { formatTimestamp } from '../../shared/time';
import { ConfirmOperationDialog } from './ConfirmOperationDialog';
import { errorText } from './errorText';
import { rollbackChoices } from './historyRows';
import { ValuesDiffTable } from './ValuesDiffDialog';

function revisionLabel(revision: ReleaseRevision): string {
  return [
    `Revision ${revision.revision}`,
    revision.status,
    revision.chart,
    revision.appVersion && `app ${revision.appVersion}`,
    revision.updatedAt && formatTimestamp(revision.updatedAt),
    revision.description,
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * Roll back: pick an earlier revision (the previous good one preselected), see what
 * the rollback changes in the values, confirm. Only mounted while open, so the
 * history is read fresh each time.
 */
export function RollbackDialog(props: {
  install: InstallRef;
  environment?: string;
  onCancel: () => void;
  onConfirm: (revision: number) => void;
}) {
  const api = useApi(mcpKubernetesApiRef);
  const { install } = props;
  const history = useAsync(
    () => api.getReleaseHistory(install),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, installKey(install)],
  );
  const choices = useMemo(
    () => rollbackChoices(history.value?.revisions ?? []),
    [history.value],
  );
  const [chosen, setChosen] = useState<number>();
  useEffect(() => {
    if (chosen === undefined && choices.suggested) {
      setChosen(choices.suggested.revision);
    }
  }, [chosen, choices.suggested]);

  let body: JSX.Element;
  if (history.loading) {
    body = <Progress aria-label="Loading the release history" />;
  } else if (history.error) {
    body = (
      <WarningPanel
        severity="warning"
        title={`Could not load the release history: ${errorText(
          history.error,
        )}`}
      />
    );
  } else if (!choices.current || choices.earlier.length === 0) {
    body = <Typography>No earlier revision to roll back to.</Typography>;
  } else {
    body = (
      <>
        <FormControl component="fieldset">
          <FormLabel component="legend">
            Roll back from revision {choices.current.revision} to
          </FormLabel>
          <RadioGroup
            aria-label="Revision to roll back to"
            value={chosen === undefined ? '' : String(chosen)}
            onChange={event => setChosen(Number(event.target.value))}
          >
            {choices.earlier.map(revision => (
              <FormControlLabel
                key={revision.revision}
                value={String(revision.revision)}
                control={<Radio />}
                label={revisionLabel(revision)}
              />
            ))}
          </RadioGroup>
        </FormControl>
        {chosen !== undefined && (
          <Box mt={2}>
            <Typography variant="subtitle2" component="h4">
              What changes in the values (revision {choices.current.revision} →
              revision {chosen})
            </Typography>
            <ValuesDiffTable
              install={install}
              from={choices.current.revision}
              to={chosen}
            />
          </Box>
        )}
      </>
    );
  }

  return (
    <ConfirmOperationDialog
      open
      title={`Roll back ${install.release}?`}
      install={install}
      confirmLabel="Roll back"
      confirmDisabled={chosen === undefined || !props.environment}
      onCancel={props.onCancel}
      onConfirm={() => chosen !== undefined && props.onConfirm(chosen)}
    >
      {!props.environment && (
        <Box mb={2}>
          <WarningPanel
            severity="warning"
            title="The install's environment is unknown"
            message="A rollback checks the revision's values against the policy of the install's environment, which its status does not name. Redeploy it from the portal to record one."
          />
        </Box>
      )}
      <Typography variant="body2" gutterBottom>
        Helm rolls the release back to the chosen revision's chart and values,
        after they pass today's {props.environment ?? ''} policy.
      </Typography>
      {body}
    </ConfirmOperationDialog>
  );
}
