export interface Config {
  /**
   * The Backstage Kubernetes plugin's cluster configuration, read by mcp-kubernetes too so
   * that clusters are configured once. Only `type: config` locators are used.
   */
  kubernetes?: {
    clusterLocatorMethods?: Array<{
      /** `config` is read; other locator types are skipped with a warning. */
      type: string;
      clusters?: Array<{
        /** Cluster name shown to users and used in catalog annotations. */
        name: string;
        /** API server URL, e.g. https://k8s.example.com:6443. */
        url: string;
        /** Only `serviceAccount` is supported (the default). */
        authProvider?: string;
        /**
         * Bearer token of the ServiceAccount; when absent, the backend's in-cluster
         * ServiceAccount token file is used.
         * @visibility secret
         */
        serviceAccountToken?: string;
        /**
         * Base64 PEM of the API server's CA.
         * @visibility secret
         */
        caData?: string;
        /** Path to a PEM file of the API server's CA. */
        caFile?: string;
        /** Skip TLS verification (required for plain-http test servers). */
        skipTLSVerify?: boolean;
      }>;
    }>;
  };

  mcpKubernetes?: {
    /** A local kubeconfig whose contexts become clusters (development). */
    kubeconfig?: {
      /** Off unless set to true. */
      enabled?: boolean;
      /** Kubeconfig file; default `KUBECONFIG` or ~/.kube/config. */
      path?: string;
      /** Only these contexts (default: all). */
      contexts?: string[];
    };

    /** The watch-fed cache of install objects. */
    cache?: {
      /** Selects pods, deployments and ExternalSecrets (default `app.kubernetes.io/name=mcp-kubernetes`). */
      labelSelector?: string;
      /** Selects target Secrets, read as metadata only (default `reconcile.external-secrets.io/managed=true`). */
      secretLabelSelector?: string;
      /** Relist when a watch delivered nothing, not even a bookmark, for this long (default 300). */
      stallTimeoutSeconds?: number;
      /** Server-side timeout of each watch before it is resumed (default 300). */
      watchTimeoutSeconds?: number;
      /** First reconnect delay after an error (default 1); doubles up to backoffMaxSeconds. */
      backoffInitialSeconds?: number;
      /** Longest reconnect delay (default 60). */
      backoffMaxSeconds?: number;
      /** How often to look again for an absent or forbidden ExternalSecret API (default 300). */
      absentRecheckSeconds?: number;
      /** Time limit of one list request or watch start (default 30). */
      requestTimeoutSeconds?: number;
      /** How long `start()` waits for the first list of every cluster (default 10). */
      initialSyncTimeoutSeconds?: number;
      /** Items per list page (default 500). */
      pageSize?: number;
    };

    // mcpKubernetes.policy and mcpKubernetes.helm: added by the deploy engineer below.
  };
}
