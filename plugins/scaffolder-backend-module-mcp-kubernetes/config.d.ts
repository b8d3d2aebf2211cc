export interface Config {
  /**
   * The deploy action reads `mcpKubernetes.policy` and `mcpKubernetes.helm`
   * (declared by @mcp-kubernetes/plugin-mcp-kubernetes-node) and the clusters
   * of `kubernetes.clusterLocatorMethods`.
   */
  mcpKubernetes?: {
    scaffolder?: {
      /**
       * Directory where `mcp-kubernetes:catalog:write` puts entity files
       * (`<namespace>-<name>.yaml`), for portals without an SCM integration.
       * Relative paths resolve against the backend's working directory. Point
       * a catalog location of `type: file` with a glob at it, e.g.
       * `<dir>/*.yaml`, allowing `Component`. Unset: the action fails and
       * templates must publish to a repository instead.
       */
      localCatalogDir?: string;
      /**
       * Users and groups (entity refs, e.g. `group:default/platform-team`)
       * that the portal's permission policy (packages/backend) grants
       * `mcp-kubernetes.deploy.values`: free-form chart values in
       * `mcp-kubernetes:deploy`. Everyone else deploys from the typed
       * answers only. Empty or unset: nobody.
       */
      deployValuesAllowedFor?: string[];
    };
  };
}
