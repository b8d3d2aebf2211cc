import { Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import {
  ChartAnswers,
  InstallRef,
  InstallStatus,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import useAsync from 'react-use/esm/useAsync';
import { mcpKubernetesApiRef } from '../../../api';
import { ConfirmOperationDialog } from './ConfirmOperationDialog';
import { templateFormPath } from './day2Templates';
import { errorText } from './errorText';

/** The answers the card knows from the status: where the install is and whose it is. */
function knownAnswers(
  install: InstallRef,
  status: InstallStatus,
): Record<string, string> {
  const data: Record<string, string> = {
    name: install.release,
    cluster: install.cluster,
    namespace: install.namespace,
  };
  if (status.environment) data.environment = status.environment;
  if (status.recorded?.owner) data.owner = status.recorded.owner;
  return data;
}

/** One line per installed choice, so the user sees what the form starts from. */
function describeAnswers(answers: ChartAnswers): string[] {
  const lines: string[] = [];
  if (answers.size) lines.push(`Size: ${answers.size}`);
  if (answers.imageTag) lines.push(`Image tag: ${answers.imageTag}`);
  if (answers.access) lines.push(`Kubernetes access: ${answers.access}`);
  lines.push(
    answers.oauthEnabled
      ? `OAuth: on, credentials from Secret ${answers.existingSecret ?? '?'}${
          answers.externalSecretEnabled
            ? ` (ExternalSecret from ${answers.secretStoreName ?? '?'})`
            : ''
        }`
      : 'OAuth: off',
  );
  lines.push(
    answers.ingressEnabled
      ? `Ingress: on, host ${answers.ingressHost ?? '?'}`
      : 'Ingress: off',
  );
  return lines;
}

/**
 * Upgrade opens the upgrade template's form, prefilled with the answers the
 * release is installed with (read from the backend when the dialog opens), so
 * a question left untouched keeps its installed value: an upgrade takes the
 * whole set of answers, and a form starting from defaults would turn OAuth or
 * ingress off.
 */
export function UpgradeDialog(props: {
  install: InstallRef;
  status: InstallStatus;
  templateRef: string;
  onCancel: () => void;
}) {
  const api = useApi(mcpKubernetesApiRef);
  const { install, status } = props;
  const current = useAsync(
    () => api.getInstallAnswers(install),
    [api, install.cluster, install.namespace, install.release],
  );
  const formData = {
    ...(current.value?.answers ?? {}),
    ...knownAnswers(install, status),
  };
  return (
    <ConfirmOperationDialog
      open
      title={`Upgrade ${install.release}?`}
      install={install}
      confirmLabel="Open the upgrade form"
      confirmDisabled={current.loading}
      confirmHref={templateFormPath(props.templateRef, formData)}
      onCancel={props.onCancel}
    >
      {current.loading && <Progress aria-label="Reading installed answers" />}
      {current.error && (
        <WarningPanel
          severity="warning"
          title="Could not read the answers this release is installed with"
        >
          {errorText(current.error)}. The form opens with its defaults for
          everything but the name, cluster, namespace, environment and owner:
          set OAuth and ingress as they are installed before you submit, or they
          will be turned off.
        </WarningPanel>
      )}
      {current.value && (
        <>
          <Typography variant="body2" gutterBottom>
            The form opens with what revision {current.value.revision} is
            installed with; change what you want to upgrade (e.g. the image tag
            or the size) and keep the rest:
          </Typography>
          <ul data-testid="mcpk-upgrade-answers">
            {describeAnswers(current.value.answers).map(line => (
              <li key={line}>
                <Typography variant="body2">{line}</Typography>
              </li>
            ))}
          </ul>
        </>
      )}
    </ConfirmOperationDialog>
  );
}
