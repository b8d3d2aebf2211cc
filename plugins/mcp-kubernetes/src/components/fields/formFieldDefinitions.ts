import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { McpKubernetesClusterPicker } from './McpKubernetesClusterPicker';
import { McpKubernetesPolicyPreview } from './McpKubernetesPolicyPreview';

export const clusterPickerFormField = createFormField({
  name: 'McpKubernetesClusterPicker',
  component: McpKubernetesClusterPicker as any,
});

export const policyPreviewFormField = createFormField({
  name: 'McpKubernetesPolicyPreview',
  component: McpKubernetesPolicyPreview as any,
});
