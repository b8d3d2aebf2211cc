export { EntityMcpKubernetesCard } from './EntityMcpKubernetesCard';
export type { EntityMcpKubernetesCardProps } from './EntityMcpKubernetesCard';
