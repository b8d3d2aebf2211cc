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

/** The whole status of one install: the entity card's only data. @public */
export interface InstallStatus {
  install: InstallRef;
  entityRef?: string;
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
}

/** One row of the fleet page. @public */
export interface FleetInstallSummary {
  install: InstallRef;
  entityRef?: string;
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
