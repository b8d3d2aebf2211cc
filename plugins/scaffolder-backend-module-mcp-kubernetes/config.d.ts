export interface Config {
  /**
   * The deploy action reads `mcpKubernetes.policy` and `mcpKubernetes.helm`
   * (declared by @mcp-kubernetes/plugin-mcp-kubernetes-node) and the clusters
   * of `kubernetes.clusterLocatorMethods`; it has no keys of its own.
   */
  mcpKubernetes?: {};
}
