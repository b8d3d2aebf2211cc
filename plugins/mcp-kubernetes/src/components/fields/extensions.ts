import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { mcpKubernetesPlugin } from '../../plugin';
import { McpKubernetesClusterPicker } from './McpKubernetesClusterPicker';
import { McpKubernetesPolicyPreview } from './McpKubernetesPolicyPreview';

/**
 * Scaffolder field: clusters the chosen environment allows. Add inside
 * `<ScaffolderFieldExtensions>` of the app's scaffolder route.
 *
 * @public
 */
export const McpKubernetesClusterPickerFieldExtension =
  mcpKubernetesPlugin.provide(
    createScaffolderFieldExtension({
      name: 'McpKubernetesClusterPicker',
      component: McpKubernetesClusterPicker,
    }),
  );

/**
 * Scaffolder field: builds the chart values from the form and shows policy violations live.
 *
 * @public
 */
export const McpKubernetesPolicyPreviewFieldExtension =
  mcpKubernetesPlugin.provide(
    createScaffolderFieldExtension({
      name: 'McpKubernetesPolicyPreview',
      component: McpKubernetesPolicyPreview,
    }),
  );
