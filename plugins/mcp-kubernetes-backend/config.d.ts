export interface Config {
  /** mcp-kubernetes settings (the status backend's keys; the node library adds its own). */
  mcpKubernetes?: {
    /** Health probes of each install pod, through the API server's pod proxy. */
    health?: {
      /**
       * Seconds between probe rounds. Default 15.
       * @visibility backend
       */
      intervalSeconds?: number;
      /**
       * Probes in flight at once across all clusters. Default 10.
       * @visibility backend
       */
      concurrency?: number;
      /**
       * Per-probe timeout in milliseconds. Default 2000.
       * @visibility backend
       */
      timeoutMs?: number;
      /**
       * Bytes read from a pod's health answer (a redacted excerpt of it is kept). Default 4096.
       * @visibility backend
       */
      maxBodyBytes?: number;
    };
    /** OAuth encryption key rotation policy. */
    keyRotation?: {
      /**
       * Key age in days from which an install shows a warning. Default 75.
       * @visibility frontend
       */
      warnAfterDays?: number;
      /**
       * Maximum key age in days; older keys are overdue (an error). Default 90.
       * @visibility frontend
       */
      maxAgeDays?: number;
      /**
       * Seconds between scans that record new Secret data-hashes in the history table. Default 60.
       * @visibility backend
       */
      recordIntervalSeconds?: number;
      /**
       * How long rotation history rows are kept: a number of days, a duration string ('400d',
       * 'P400D') or an object ({ days: 400 }). Each Secret's latest row is always kept. At least
       * one day; default 400 days.
       * @visibility backend
       */
      historyRetention?:
        | number
        | string
        | {
            years?: number;
            months?: number;
            weeks?: number;
            days?: number;
            hours?: number;
          };
    };
  };
}
