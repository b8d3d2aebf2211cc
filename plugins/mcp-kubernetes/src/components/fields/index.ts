export { McpKubernetesClusterPicker } from './McpKubernetesClusterPicker';
export type { ClusterPickerUiOptions } from './McpKubernetesClusterPicker';
export { McpKubernetesPolicyPreview } from './McpKubernetesPolicyPreview';
export { buildChartValues, SIZE_PRESETS } from './chartValues';
export type { DeployFormData, SizePreset } from './chartValues';
