import { InstallRef } from './annotations';

/** Overall or per-section state. @public */
export type HealthState = 'ok' | 'warning' | 'error' | 'unknown';

/** The answer of one pod's health endpoint, fetched through the API server's pod proxy. @public */
export interface PodHealthCheck {
  /** Path that was probed, read from the pod's readiness probe (default `/health`). */
  path: string;
  port: number | string;
  /** HTTP status of the pod's answer; absent when the call failed. */
  httpStatus?: number;
  latencyMs?: number;
  /** ISO time of the check. */
  checkedAt: string;
  /** First bytes of the body (size-capped, secret-shaped text redacted). */
  bodyExcerpt?: string;
  /** Why the check failed (timeout, connection refused, forbidden...). */
  error?: string;
  ok: boolean;
}

/** @public */
export interface PodStatus {
  name: string;
  phase: string;
  ready: boolean;
  restarts: number;
  /** Waiting reason of a container right now, e.g. `CrashLoopBackOff`. */
  waitingReason?: string;
  lastTerminationReason?: string;
  startedAt?: string;
  createdAt?: string;
  node?: string;
  health?: PodHealthCheck;
}

/** @public */
export interface RolloutStatus {
  desired: number;
  updated: number;
  ready: number;
  available: number;
  observedGeneration?: number;
  generation?: number;
}

/** @public */
export interface ConditionSummary {
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  /** lastTransitionTime */
  since?: string;
}

/** @public */
export type ExternalSecretState =
  | 'synced'
  | 'failing'
  | 'stale'
  | 'pending'
  | 'absent'
  | 'crd-missing'
  | 'forbidden'
  | 'unknown';

/** @public */
export interface ExternalSecretStatus {
  state: ExternalSecretState;
  name?: string;
  apiVersion?: string;
  store?: { kind: string; name: string };
  ready?: ConditionSummary;
  refreshTime?: string;
  /** Refresh interval as written (e.g. `1h`) and in seconds. */
  refreshInterval?: string;
  refreshIntervalSeconds?: number;
  /** No successful sync for more than twice the refresh interval. */
  stale: boolean;
  targetSecretName?: string;
  targetSecretPresent?: boolean;
  /** A human sentence for the card. */
  summary: string;
}

/** @public */
export type KeyRotationState = 'ok' | 'warning' | 'overdue' | 'unknown';

/** @public */
export type KeyRotationSource =
  | 'annotation'
  | 'data-hash-history'
  | 'managed-fields'
  | 'creation-timestamp'
  | 'unknown';

/** @public */
export interface KeyRotationStatus {
  state: KeyRotationState;
  /** When the key last changed (ISO), if known. */
  lastRotatedAt?: string;
  ageDays?: number;
  warnAfterDays: number;
  maxAgeDays: number;
  /** How `lastRotatedAt` was determined. */
  source: KeyRotationSource;
  secretName?: string;
  /** True when every running pod started after the last change (a rotated key is used only after a restart). */
  allPodsRestartedSinceRotation?: boolean;
  summary: string;
}

/** @public */
export interface StatusReason {
  state: HealthState;
  /** Which part of the install the reason is about. */
  section:
    | 'pods'
    | 'rollout'
    | 'externalSecret'
    | 'keyRotation'
    | 'cluster'
    | 'policy';
  message: string;
}

/**
 * The catalog entity an install was deployed for, as the chart recorded it on
 * the Deployment (`MCP_KUBERNETES_RECORDED_ANNOTATIONS`). @public
 */
export interface RecordedInstallEntity {
  entityRef: string;
  /** That entity's owner at install time, if recorded. */
  owner?: string;
}

/**
 * Codes the backend puts on its 403 errors (`error.code` in the response
 * body) so the card can say which of these it is and how to fix it.
 *
 * @public
 */
export const MCP_KUBERNETES_ERROR_CODES = {
  /**
   * The install's Deployment records no catalog entity (made outside the
   * portal, or by an older chart): only fleet readers may see it. Adopt it by
   * annotating the Deployment with `mcp-kubernetes.io/entity-ref`.
   */
  installNotRecorded: 'mcp-kubernetes.install-not-recorded',
  /**
   * The entity asked about names an install in its annotations, but the
   * install was deployed for another entity: its status is not shown through
   * this one.
   */
  entityNotRecorded: 'mcp-kubernetes.entity-not-recorded',
} as const;

/**
 * How often a viewed install's pod health is re-probed at the moment. The plugin's probes share
 * one rate across the portal: while viewers look at more pods than it keeps fresh at the
 * configured freshness, every viewed install is re-probed less often, alike.
 *
 * @public
 */
export interface HealthRefresh {
  /** Answers older than this are re-probed on view (configured freshness, or longer). */
  everySeconds: number;
  /** True when the shared probe rate, not the configured freshness, sets `everySeconds`. */
  limitedByBudget: boolean;
}

/** The whole status of one install: the entity card's only data. @public */
export interface InstallStatus {
  install: InstallRef;
  /** The recorded entity of the install (never one that merely names it). */
  entityRef?: string;
  /** Absent when the Deployment records no entity (or there is no Deployment). */
  recorded?: RecordedInstallEntity;
  environment?: string;
  state: HealthState;
  reasons: StatusReason[];
  pods: PodStatus[];
  rollout?: RolloutStatus;
  externalSecret: ExternalSecretStatus;
  keyRotation: KeyRotationStatus;
  /** When the cache last had fresh data from the cluster (ISO). */
  observedAt?: string;
  /** True when the cluster could not be reached and the data is the last known. */
  stale: boolean;
  staleSince?: string;
  lastError?: { message: string; at: string };
  chartVersion?: string;
  appVersion?: string;
  /** Set on views of one install (not in the fleet): how often its health is re-probed now. */
  healthRefresh?: HealthRefresh;
}

/** One row of the fleet page. @public */
export interface FleetInstallSummary {
  install: InstallRef;
  /** The entity recorded on the install's Deployment; absent: made outside the portal. */
  entityRef?: string;
  /** The recorded owner of that entity at install time. */
  owner?: string;
  environment?: string;
  state: HealthState;
  reasons: string[];
  podsReady: number;
  podsTotal: number;
  externalSecretState: ExternalSecretState;
  keyRotationState: KeyRotationState;
  keyAgeDays?: number;
  /** Number of violations of today's policy by the install's live values (undefined: not evaluated). */
  policyViolations?: number;
  observedAt?: string;
  stale: boolean;
}

/** @public */
export interface FleetSummaryCounts {
  total: number;
  healthy: number;
  degraded: number;
  failing: number;
  unknown: number;
  secretsOutOfSync: number;
  keysOverdue: number;
  policyBreaking: number;
}

/** @public */
export interface FleetResponse {
  items: FleetInstallSummary[];
  counts: FleetSummaryCounts;
  clusters: ClusterInfo[];
  generatedAt: string;
}

/** What the frontend may know about a cluster: never credentials. @public */
export interface ClusterInfo {
  name: string;
  /** Environments whose policy allows this cluster (for the template's cluster picker). */
  environments?: string[];
  reachable?: boolean;
  lastError?: string;
  lastSyncAt?: string;
}
