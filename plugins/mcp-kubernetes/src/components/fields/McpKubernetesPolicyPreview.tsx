import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { ChartAnswers } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useEffect, useMemo, useState } from 'react';
import { mcpKubernetesApiRef, PolicyPreviewResult } from '../../api';

/** Wait this long after the last change before asking the backend (typing in a field). */
export const PREVIEW_DEBOUNCE_MS = 400;

/** The form answers the chart values are built from (the deploy action reads the same). */
const CHART_ANSWER_KEYS = [
  'size',
  'imageTag',
  'access',
  'oauthEnabled',
  'baseURL',
  'existingSecret',
  'externalSecretEnabled',
  'secretStoreName',
  'secretStoreKind',
  'ingressEnabled',
  'ingressHost',
  'ingressClassName',
  'tlsSecretName',
] as const satisfies ReadonlyArray<keyof ChartAnswers>;

/** Only the chart answers of the form, so nothing else (owner, description, repository) is sent. */
export function pickChartAnswers(form: Record<string, unknown>): ChartAnswers {
  const answers: Record<string, unknown> = {};
  for (const key of CHART_ANSWER_KEYS) {
    if (form[key] !== undefined) {
      answers[key] = form[key];
    }
  }
  return answers as ChartAnswers;
}

/**
 * Shows the chart values the backend builds from the form's answers (with
 * `buildChartValues`, the function the deploy action uses) and what the
 * company policy says about them, before the user presses Create. A preview
 * only: the deploy step builds the values again on the server from the same
 * answers, so this field's own value is never installed.
 */
export const McpKubernetesPolicyPreview = (
  props: FieldExtensionComponentProps<Record<string, unknown>>,
) => {
  const { formContext } = props;
  const api = useApi(mcpKubernetesApiRef);
  const form: Record<string, unknown> = formContext?.formData ?? {};
  const answers = useMemo(() => pickChartAnswers(form), [JSON.stringify(form)]); // eslint-disable-line react-hooks/exhaustive-deps
  const answersKey = JSON.stringify(answers);
  const environment =
    typeof form.environment === 'string' ? form.environment : undefined;
  const cluster = typeof form.cluster === 'string' ? form.cluster : undefined;
  const namespace =
    typeof form.namespace === 'string' ? form.namespace : undefined;
  const [state, setState] = useState<{
    loading: boolean;
    result?: PolicyPreviewResult;
    error?: Error;
  }>({ loading: true });

  useEffect(() => {
    if (!environment) {
      setState({ loading: false });
      return undefined;
    }
    let cancelled = false;
    setState(s => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      api
        .previewPolicy({
          environment,
          cluster: cluster || undefined,
          namespace: namespace || undefined,
          answers,
        })
        .then(result => !cancelled && setState({ loading: false, result }))
        .catch(error => !cancelled && setState({ loading: false, error }));
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, answersKey, environment, cluster, namespace]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!environment) {
    return (
      <Alert severity="info">
        Choose an environment to check these settings against its policy.
      </Alert>
    );
  }
  if (state.loading) {
    return <Progress />;
  }
  if (state.error) {
    return (
      <Alert severity="warning">
        Could not check the policy now ({state.error.message}); it is checked
        again when you press Create.
      </Alert>
    );
  }
  const result = state.result;
  if (!result) {
    return null;
  }
  const values = (
    <>
      <Typography variant="body2">
        Chart values built from your answers (the deploy step builds the same on
        the server):
      </Typography>
      <pre data-testid="mcp-kubernetes-preview-values">
        {JSON.stringify(result.values, null, 2)}
      </pre>
    </>
  );
  if (result.allowed) {
    return (
      <Alert severity="success">
        These settings comply with the {result.environment} policy.
        {values}
      </Alert>
    );
  }
  return (
    <Alert severity="error" role="alert">
      <Typography variant="body2">
        The {result.environment} policy refuses {result.violations.length}{' '}
        setting(s); Create will fail until they are fixed:
      </Typography>
      <ul>
        {result.violations.map(v => (
          <li key={`${v.ruleId}:${v.path}`}>
            <strong>{v.path}</strong>: {v.message} <em>{v.hint}</em>
          </li>
        ))}
      </ul>
      {values}
    </Alert>
  );
};
