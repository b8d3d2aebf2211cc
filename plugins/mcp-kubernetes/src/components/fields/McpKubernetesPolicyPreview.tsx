import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { PolicyEvaluation } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useEffect, useMemo, useState } from 'react';
import { mcpKubernetesApiRef } from '../../api';
import { buildChartValues } from './chartValues';

/** Wait this long after the last change before asking the backend (typing in a field). */
export const PREVIEW_DEBOUNCE_MS = 400;

/**
 * Builds the chart values from the form's answers, stores them as this
 * field's value, and shows what the company policy says about them before
 * the user presses Create.
 */
export const McpKubernetesPolicyPreview = (
  props: FieldExtensionComponentProps<Record<string, unknown>>,
) => {
  const { formData, onChange, formContext } = props;
  const api = useApi(mcpKubernetesApiRef);
  const form = formContext?.formData ?? {};
  const values = useMemo(() => buildChartValues(form), [JSON.stringify(form)]); // eslint-disable-line react-hooks/exhaustive-deps
  const valuesKey = JSON.stringify(values);
  const [state, setState] = useState<{
    loading: boolean;
    result?: PolicyEvaluation;
    error?: Error;
  }>({ loading: true });

  useEffect(() => {
    if (JSON.stringify(formData) !== valuesKey) {
      onChange(values);
    }
  }, [valuesKey]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const environment: string | undefined = form.environment;
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
          cluster: form.cluster || undefined,
          namespace: form.namespace || undefined,
          values,
        })
        .then(result => !cancelled && setState({ loading: false, result }))
        .catch(error => !cancelled && setState({ loading: false, error }));
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, valuesKey, form.environment, form.cluster, form.namespace]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!form.environment) {
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
  if (result.allowed) {
    return (
      <Alert severity="success">
        These settings comply with the {result.environment} policy.
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
    </Alert>
  );
};
