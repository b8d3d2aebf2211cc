export interface Config {
  /** mcp-kubernetes settings (the status backend's keys; the node library adds its own). */
  mcpKubernetes?: {
    /** Health probes of each install pod, through the API server's pod proxy. */
    health?: {
      /**
       * Deprecated: use `sweep.frequency` (e.g. '5m'). Seconds between sweeps; still accepted.
       * @deprecated use sweep.frequency
       * @visibility backend
       */
      intervalSeconds?: number;
      /**
       * A view of an install (its card, its MCP status action) re-probes its pods when their last
       * answer is older than this; concurrent viewers share one probe round, and every backend
       * replica shares the answer through the cache. A duration string ('20s', 'PT20S') or an
       * object ({ seconds: 20 }). Default 20 seconds.
       * @visibility backend
       */
      freshness?: string | HumanDurationConfig;
      /**
       * The slow sweep that keeps the whole fleet's health (one replica at a time): a scheduler
       * definition, e.g. { frequency: '5m', timeout: '4m' } or { frequency: { cron: '0 * * * *' } }.
       * Default every 5 minutes, timeout 4 minutes.
       * @visibility backend
       */
      sweep?: {
        frequency: string | HumanDurationConfig | { cron: string };
        timeout?: string | HumanDurationConfig;
        initialDelay?: string | HumanDurationConfig;
      };
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
       * Deprecated: use `record.frequency` (e.g. '1m'). Seconds between recorder scans; still accepted.
       * @deprecated use record.frequency
       * @visibility backend
       */
      recordIntervalSeconds?: number;
      /**
       * The scan that records new Secret data-hashes in the history table (one replica at a time;
       * every replica reloads the table on the same schedule). Default { frequency: '1m',
       * timeout: '5m' }.
       * @visibility backend
       */
      record?: {
        frequency: string | HumanDurationConfig | { cron: string };
        timeout?: string | HumanDurationConfig;
        initialDelay?: string | HumanDurationConfig;
      };
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

/** A duration as an object of units, as Backstage's `HumanDuration`. */
interface HumanDurationConfig {
  years?: number;
  months?: number;
  weeks?: number;
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  milliseconds?: number;
}
