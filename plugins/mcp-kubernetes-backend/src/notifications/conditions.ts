import { InstallStatus } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

/**
 * What an owner is notified about. Key conditions come from the status document's rotation
 * limits; the other two have their own thresholds (`mcpKubernetes.notifications.*`).
 *
 * @internal
 */
export type NotificationCondition =
  | 'key-warning'
  | 'key-overdue'
  | 'external-secret-failing'
  | 'install-failing';

/** Every condition, in the order they are evaluated and stored. @internal */
export const NOTIFICATION_CONDITIONS: readonly NotificationCondition[] = [
  'key-warning',
  'key-overdue',
  'external-secret-failing',
  'install-failing',
];

/**
 * Conditions that share one notification "track": the overdue notification replaces the
 * warning (same scope), and one "resolved" closes both when the key is rotated.
 *
 * @internal
 */
export type NotificationTrack = 'key-rotation' | 'external-secret' | 'install';

/** @internal */
export const TRACK_OF: Record<NotificationCondition, NotificationTrack> = {
  'key-warning': 'key-rotation',
  'key-overdue': 'key-rotation',
  'external-secret-failing': 'external-secret',
  'install-failing': 'install',
};

/** Thresholds of the conditions that are not key ages. @internal */
export interface ConditionThresholds {
  /** An ExternalSecret must be not Ready for longer than this. Default 60. */
  externalSecretFailingMinutes: number;
  /** An install must be failing for longer than this. Default 15. */
  installFailingMinutes: number;
}

/** A condition the install is in right now, whether or not its threshold has passed. @internal */
export interface ObservedCondition {
  condition: NotificationCondition;
  /** When the condition started (ISO): the clock its threshold is measured on. */
  since: string;
  /** True once the threshold has passed: only then is the owner notified. */
  due: boolean;
}

/** What the evaluator needs besides the status. @internal */
export interface EvaluationInput {
  now: number;
  thresholds: ConditionThresholds;
  /**
   * When the notifier first saw a condition that the status carries no start time for
   * (install-failing always; an ExternalSecret whose Ready condition has no
   * lastTransitionTime). Read from the state table, so it survives restarts.
   */
  firstSeen: Partial<Record<NotificationCondition, string>>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

/** Sections whose error reasons mean the workload itself fails (key and ESO have their own conditions). */
const WORKLOAD_SECTIONS = new Set(['pods', 'rollout']);

function parseMs(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** When the key last changed, precise when the status knows the time, else from its whole-day age. */
function keyChangedAtMs(
  status: InstallStatus,
  now: number,
): number | undefined {
  const { lastRotatedAt, ageDays } = status.keyRotation;
  const at = parseMs(lastRotatedAt);
  if (at !== undefined) return at;
  return ageDays === undefined ? undefined : now - ageDays * DAY_MS;
}

function keyConditions(
  status: InstallStatus,
  now: number,
): ObservedCondition[] {
  const changedAt = keyChangedAtMs(status, now);
  if (changedAt === undefined) return [];
  const { warnAfterDays, maxAgeDays } = status.keyRotation;
  const warnAt = changedAt + warnAfterDays * DAY_MS;
  const maxAt = changedAt + maxAgeDays * DAY_MS;
  const out: ObservedCondition[] = [];
  // Ages are "at least": a key exactly warnAfterDays old is in warning.
  if (now >= warnAt) {
    out.push({ condition: 'key-warning', since: iso(warnAt), due: true });
  }
  if (now >= maxAt) {
    out.push({ condition: 'key-overdue', since: iso(maxAt), due: true });
  }
  return out;
}

function externalSecretCondition(
  status: InstallStatus,
  input: EvaluationInput,
): ObservedCondition | undefined {
  const ready = status.externalSecret.ready;
  if (ready?.status !== 'False') return undefined;
  const since =
    parseMs(ready.since) ??
    parseMs(input.firstSeen['external-secret-failing']) ??
    input.now;
  const limit = input.thresholds.externalSecretFailingMinutes * MINUTE_MS;
  return {
    condition: 'external-secret-failing',
    since: iso(since),
    due: input.now - since > limit,
  };
}

/** The error reasons that make an install "failing" (pods and rollout, not key or ESO). @internal */
export function workloadErrors(status: InstallStatus): string[] {
  return status.reasons
    .filter(r => r.state === 'error' && WORKLOAD_SECTIONS.has(r.section))
    .map(r => r.message);
}

function installCondition(
  status: InstallStatus,
  input: EvaluationInput,
): ObservedCondition | undefined {
  if (status.state !== 'error' || workloadErrors(status).length === 0) {
    return undefined;
  }
  const since = parseMs(input.firstSeen['install-failing']) ?? input.now;
  const limit = input.thresholds.installFailingMinutes * MINUTE_MS;
  return {
    condition: 'install-failing',
    since: iso(since),
    due: input.now - since > limit,
  };
}

/**
 * The conditions an install is in now, each with when it started and whether its threshold has
 * passed. Pure: the notifier decides what to send. A status from an unreachable or not yet
 * synced cluster yields nothing (last-known data must not start or end a condition); the
 * notifier skips such installs altogether.
 *
 * @internal
 */
export function evaluateConditions(
  status: InstallStatus,
  input: EvaluationInput,
): ObservedCondition[] {
  if (status.stale || status.state === 'unknown') return [];
  const out = keyConditions(status, input.now);
  const es = externalSecretCondition(status, input);
  if (es) out.push(es);
  const install = installCondition(status, input);
  if (install) out.push(install);
  return out;
}

/** True when the evaluator cannot judge this status (skip it, keep its stored state). @internal */
export function isUnjudgeable(status: InstallStatus): boolean {
  return status.stale || status.state === 'unknown';
}
