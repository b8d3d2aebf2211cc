import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import useAsync from 'react-use/esm/useAsync';
import { mcpKubernetesApiRef } from '../../api';

/** ui:options of the cluster picker. @public */
export interface ClusterPickerUiOptions {
  /** The form field holding the environment (default `environment`). */
  environmentField?: string;
}

/**
 * Lists the backend's clusters that the chosen environment's policy allows.
 * Only cluster names ever reach the browser.
 */
export const McpKubernetesClusterPicker = (
  props: FieldExtensionComponentProps<string, ClusterPickerUiOptions>,
) => {
  const {
    formData,
    onChange,
    schema,
    uiSchema,
    rawErrors,
    required,
    formContext,
    idSchema,
  } = props;
  const api = useApi(mcpKubernetesApiRef);
  const field = uiSchema?.['ui:options']?.environmentField ?? 'environment';
  const environment: string | undefined = formContext?.formData?.[field];
  const {
    value: clusters,
    loading,
    error,
  } = useAsync(() => api.listClusters(environment), [api, environment]);

  if (loading) {
    return <Progress />;
  }
  let helper = schema.description;
  if (error) {
    helper = `Could not load clusters: ${error.message}`;
  } else if (clusters && clusters.length === 0) {
    helper = `No cluster is allowed for ${
      environment ?? 'this environment'
    }; ask a platform admin.`;
  }
  return (
    <FormControl
      margin="normal"
      required={required}
      error={!!error || (rawErrors?.length ?? 0) > 0}
      fullWidth
    >
      <TextField
        id={idSchema?.$id ?? 'mcp-kubernetes-cluster'}
        select
        label={schema.title ?? 'Cluster'}
        value={formData ?? ''}
        onChange={e => onChange(e.target.value as string)}
        required={required}
        disabled={!!error || !clusters?.length}
        inputProps={{ 'aria-label': schema.title ?? 'Cluster' }}
      >
        {(clusters ?? []).map(c => (
          <MenuItem key={c.name} value={c.name}>
            {c.name}
            {c.reachable === false ? ' (unreachable)' : ''}
          </MenuItem>
        ))}
      </TextField>
      {helper && <FormHelperText>{helper}</FormHelperText>}
    </FormControl>
  );
};
