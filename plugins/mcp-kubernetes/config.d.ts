export interface Config {
  /** mcp-kubernetes plugin settings. */
  mcpKubernetes?: {
    /** Settings read by the frontend plugin (entity card and fleet page). */
    frontend?: {
      /**
       * How often the entity card and the fleet page refresh on their own, in seconds.
       * 0 turns auto refresh off. Defaults to 30.
       * @visibility frontend
       */
      refreshIntervalSeconds?: number;
    };
  };
}
