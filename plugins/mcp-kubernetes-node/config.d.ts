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
      /** Selects pods and deployments (default `app.kubernetes.io/name=mcp-kubernetes`). */
      labelSelector?: string;
      /** Selects ExternalSecrets (default: all, since hand-written ones carry no chart labels). */
      externalSecretLabelSelector?: string;
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

    /**
     * Company policy for the deploy action and the template form (see
     * src/policy/README.md). Configured environments are merged over the shipped
     * development/staging/production policies.
     */
    policy?: {
      /** Start from the shipped environments (default true). */
      useDefaults?: boolean;
      /** Policy per environment name, e.g. `production`. */
      environments?: {
        [environment: string]: {
          /** Shipped environment to start from (default: the one of the same name). */
          extends?: string;
          description?: string;
          /**
           * Cluster names or globs allowed in this environment. Default: none (a
           * deploy fails until the admin lists some). A name written out (no glob
           * characters) belongs to the environments that name it: other
           * environments' globs do not match it.
           */
          allowedClusters?: string[];
          /** Globs over namespace names allowed in this environment. */
          allowedNamespaces?: string[];
          /** Globs over namespace names refused even when allowed. */
          deniedNamespaces?: string[];
          /** Rule ids that apply (replaces the starting list), e.g. `oauth.existing-secret-required`. */
          rules?: string[];
          /** Rule ids removed from the starting list, e.g. `rbac.read-only` to allow read-write installs. */
          disabledRules?: string[];
          /** Chart values forced over the user's values, e.g. `{ ciliumNetworkPolicy: { enabled: true } }`. */
          fixedValues?: { [key: string]: unknown };
          image?: {
            /** Globs over `image.registry`; empty allows any. */
            allowedRegistries?: string[];
            /** Whether an empty `image.tag` (the chart's appVersion) is accepted. */
            allowEmptyTag?: boolean;
          };
          /** Bounds of `replicaCount` when autoscaling is off. */
          replicas?: { min?: number; max?: number };
          /** Bounds of the HPA's min and max replicas. */
          autoscaling?: {
            minReplicas?: { min?: number; max?: number };
            maxReplicas?: { min?: number; max?: number };
          };
          /** Ceilings of `resources.limits` as Kubernetes quantities. */
          resources?: { limitCeilings?: { cpu?: string; memory?: string } };
          /** Required `serviceAccount.*` settings. */
          serviceAccount?: { create?: boolean; automount?: boolean };
          /** Required `rbac.*` settings, e.g. `readOnly: true`. */
          rbac?: { create?: boolean; readOnly?: boolean };
        };
      };
    };

    /** How the deploy action runs helm. */
    helm?: {
      /** The helm binary, 3.17+ or 4.x (default `helm` on PATH); checked at start-up. */
      path?: string;
      /** The mcp-kubernetes chart directory (default: the repository's `chart/`). */
      chartPath?: string;
      /** Default `--timeout` of installs in seconds, 10 to 3600 (default 300). */
      timeoutSeconds?: number;
    };
  };
}
