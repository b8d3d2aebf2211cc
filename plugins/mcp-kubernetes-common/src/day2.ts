import type { ChartAnswers } from './deployAnswers';

/**
 * Day-2 contracts shared by the backend (release history, values diff, the
 * operations journal), the scaffolder module (which writes the journal) and
 * the entity card (which shows both and starts the day-2 templates).
 */

/** The day-2 (and day-1) operations our actions perform on a release. @public */
export type ReleaseOperationAction =
  | 'deploy'
  | 'upgrade'
  | 'rollback'
  | 'restart'
  | 'uninstall';

/**
 * One operation our actions performed, as the journal keeps it: who did what
 * to which release, and the helm revision it produced (restart and uninstall
 * make none). @public
 */
export interface ReleaseOperation {
  action: ReleaseOperationAction;
  /** The Backstage user (entity ref) the scaffolder task ran for. */
  actor: string;
  /** ISO time the operation finished. */
  at: string;
  /** The helm revision the operation produced, when it produced one. */
  revision?: number;
  /** The scaffolder task id, so the card can link to its log. */
  taskId?: string;
  /** For a rollback: the revision it rolled back to. */
  rolledBackTo?: number;
}

/**
 * `POST /operations` body: one operation the scaffolder performed, for the
 * journal (service principals only; the backend stamps `at`). @public
 */
export interface RecordReleaseOperationRequest
  extends Omit<ReleaseOperation, 'at'> {
  cluster: string;
  namespace: string;
  release: string;
}

/** One helm revision of a release, with who made it when our journal knows. @public */
export interface ReleaseRevision {
  revision: number;
  /** helm's status: deployed, superseded, failed, pending-upgrade, ... */
  status: string;
  /** e.g. `mcp-kubernetes-1.2.0`. */
  chart?: string;
  appVersion?: string;
  /** When helm wrote the revision (ISO). */
  updatedAt?: string;
  /** helm's description, e.g. "Upgrade complete" or "Rollback to 2". */
  description?: string;
  /** The journal entry that produced this revision; absent when made outside the portal. */
  operation?: ReleaseOperation;
}

/** `GET /installs/:cluster/:namespace/:release/history`. @public */
export interface ReleaseHistoryResponse {
  /** Newest first. */
  revisions: ReleaseRevision[];
  /** Operations that made no revision (restarts), newest first. */
  operations: ReleaseOperation[];
}

/** One changed values path between two revisions. @public */
export interface ValuesDiffEntry {
  /** Dotted path into the values, e.g. `resources.limits.memory`. */
  path: string;
  change: 'added' | 'removed' | 'changed';
  /** The value before, as JSON text; `***` when it is a credential. */
  from?: string;
  /** The value after, as JSON text; `***` when it is a credential. */
  to?: string;
  /** True when the values were masked because the path holds a credential. */
  masked?: boolean;
}

/** `GET /installs/:cluster/:namespace/:release/values-diff?from=N&to=M`. @public */
export interface ValuesDiffResponse {
  from: number;
  to: number;
  entries: ValuesDiffEntry[];
}

/**
 * The software templates the card starts for its day-2 buttons (overridable
 * in app-config under `mcpKubernetes.frontend.day2Templates`). @public
 */
export const DEFAULT_DAY2_TEMPLATES = {
  upgrade: 'template:default/upgrade-mcp-kubernetes',
  rollback: 'template:default/rollback-mcp-kubernetes',
  restart: 'template:default/restart-mcp-kubernetes',
  uninstall: 'template:default/uninstall-mcp-kubernetes',
} as const;

/**
 * `GET /installs/:cluster/:namespace/:release/answers`: the typed answers the
 * release's current values come from, for an upgrade form that starts from
 * what is installed. @public
 */
export interface InstallAnswersResponse {
  /** The helm revision the answers were read from. */
  revision: number;
  answers: ChartAnswers;
}
