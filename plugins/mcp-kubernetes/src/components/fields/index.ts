export { McpKubernetesClusterPicker } from './McpKubernetesClusterPicker';
export type { ClusterPickerUiOptions } from './McpKubernetesClusterPicker';
export { McpKubernetesPolicyPreview } from './McpKubernetesPolicyPreview';
// The values mapping lives in -common, shared with the deploy action; re-exported for existing importers.
export {
  buildChartValues,
  SIZE_PRESETS,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
export type {
  ChartAnswers as DeployFormData,
  SizePreset,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
