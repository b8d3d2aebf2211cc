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
       * The most health-probe requests per second the plugin makes, against all API servers
       * together and from all backend replicas together: the sweep's share
       * (`sweepRequestsPerSecond`) plus the probes that views cause, which draw from one token
       * bucket in the plugin's database. When more cards are open than the rest covers at the
       * freshness (rate times freshness pods, e.g. 35 pods at 1.75/s and 20 s), the neediest pods
       * are probed first and the others keep older answers, which the card dates. Default 2.
       * @visibility backend
       */
      maxRequestsPerSecond?: number;
      /**
       * The sweep's share of `maxRequestsPerSecond`, averaged over its period: each run probes at
       * most this times the period's seconds pods (never answered first, then unhealthy, then
       * the oldest answers), so its load stays flat however large the fleet. Pods' Ready
       * conditions (the kubelet probes the same path) keep the fleet's health current in
       * between. Must be below `maxRequestsPerSecond`. Default 0.25 (75 pods per 5-minute run).
       * @visibility backend
       */
      sweepRequestsPerSecond?: number;
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
    /**
     * Backstage notifications to an install's recorded owner group when its OAuth key passes the
     * warn age and again at the max age (keyRotation.warnAfterDays / maxAgeDays), when its
     * ExternalSecret has not been Ready for a while, or when the install has been failing for a
     * while; one per install and condition, and one "resolved" when it ends. Needs the
     * notifications backend (@backstage/plugin-notifications-backend) in the portal.
     */
    notifications?: {
      /**
       * Send owner notifications. Default true.
       * @visibility backend
       */
      enabled?: boolean;
      /**
       * How often every install is evaluated (one replica at a time): a duration ('1m', 'PT1M'),
       * an object ({ minutes: 1 }) or a cron ({ cron: '*\/5 * * * *' }). Default every minute.
       * @visibility backend
       */
      frequency?: string | HumanDurationConfig | { cron: string };
      /**
       * Minutes an ExternalSecret must have been not Ready (from its Ready condition's
       * lastTransitionTime) before its owner is told. Default 60.
       * @visibility backend
       */
      externalSecretFailingMinutes?: number;
      /**
       * Minutes an install must have been failing (pods or rollout in error, first seen by the
       * notifier) before its owner is told. Default 15.
       * @visibility backend
       */
      installFailingMinutes?: number;
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
