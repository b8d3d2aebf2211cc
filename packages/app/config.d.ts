export interface Config {
  app?: {
    /**
     * Text of a banner shown on every page, e.g. "Demo data: fake cluster".
     * Set by app-config.demo.yaml; unset in real deployments.
     * @visibility frontend
     */
    demoBanner?: string;
  };
}
