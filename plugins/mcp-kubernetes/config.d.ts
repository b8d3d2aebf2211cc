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
      /**
       * The software templates the entity card's day-2 buttons run, as template entity
       * refs. Each defaults to `template:default/<action>-mcp-kubernetes`.
       */
      day2Templates?: {
        /**
         * Template of the "Restart" button (rolling restart of the pods).
         * @visibility frontend
         */
        restart?: string;
        /**
         * Template of the "Roll back" button (helm rollback to an earlier revision).
         * @visibility frontend
         */
        rollback?: string;
        /**
         * Template whose form the "Upgrade" button opens, prefilled from the install.
         * @visibility frontend
         */
        upgrade?: string;
        /**
         * Template of the "Uninstall" button (helm uninstall and the catalog entity file).
         * @visibility frontend
         */
        uninstall?: string;
      };
    };
  };
}
