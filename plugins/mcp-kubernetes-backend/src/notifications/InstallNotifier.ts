import { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  InstallRef,
  InstallStatus,
  installKey,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import {
  ConditionThresholds,
  evaluateConditions,
  isUnjudgeable,
  NOTIFICATION_CONDITIONS,
  NotificationCondition,
  NotificationTrack,
  ObservedCondition,
  TRACK_OF,
} from './conditions';
import {
  NotificationStateRow,
  NotificationStateStore,
} from './NotificationStateStore';
import { conditionPayload, ownerRefOf, resolvedPayload } from './payload';

/** Each track is judged on its own: one message per track at a time. */
const TRACKS = new Set(NOTIFICATION_CONDITIONS.map(c => TRACK_OF[c]));

/** Where the notifier reads installs from: the watch-fed status, never a cluster call. @internal */
export interface InstallStatusSource {
  /** Every install of every synced cluster, by cluster (a cluster absent here is not judged). */
  listByCluster(): Map<string, InstallStatus[]>;
}

/** What one run did (for tests and the debug log). @internal */
export interface NotifierRunResult {
  sent: number;
  resolved: number;
  failed: number;
}

/** Worst first: the notification of a track names its worst due condition. */
const SEVERITY_ORDER: NotificationCondition[] = [
  'key-overdue',
  'key-warning',
  'external-secret-failing',
  'install-failing',
];
const rank = (c: NotificationCondition) => SEVERITY_ORDER.indexOf(c);
const worst = (cs: NotificationCondition[]) =>
  [...cs].sort((a, b) => rank(a) - rank(b))[0];

/**
 * Tells an install's owner group when a condition passes its threshold (once per episode), and
 * once more when it ends. Runs as a global scheduled task; everything it remembers is in the
 * database, so restarts and replicas never repeat a notification.
 *
 * Sends are at-least-once: the state is written after the notifications backend accepted the
 * notification, so a failed send is retried on the next run.
 *
 * @internal
 */
export class InstallNotifier {
  private constructor(
    private readonly options: {
      source: InstallStatusSource;
      store: NotificationStateStore;
      notifications: NotificationService;
      thresholds: ConditionThresholds;
      logger: LoggerService;
      now: () => number;
    },
  ) {}

  static create(options: {
    source: InstallStatusSource;
    store: NotificationStateStore;
    notifications: NotificationService;
    thresholds: ConditionThresholds;
    logger: LoggerService;
    now?: () => number;
  }): InstallNotifier {
    return new InstallNotifier({ ...options, now: options.now ?? Date.now });
  }

  private running?: Promise<NotifierRunResult>;

  /**
   * One pass over every install. A call while a pass runs joins it: two overlapping passes
   * would both send before either wrote its state (the scheduler keeps a global task to one
   * runner, but a manual trigger can still overlap a scheduled run).
   */
  runOnce(): Promise<NotifierRunResult> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<NotifierRunResult> {
    const result: NotifierRunResult = { sent: 0, resolved: 0, failed: 0 };
    const now = this.options.now();
    const rows = await this.options.store.list();
    const rowsByInstall = new Map<string, NotificationStateRow[]>();
    for (const row of rows) {
      const key = installKey(row.install);
      rowsByInstall.set(key, [...(rowsByInstall.get(key) ?? []), row]);
    }

    for (const [cluster, statuses] of this.options.source.listByCluster()) {
      const seen = new Set<string>();
      for (const status of statuses) {
        const key = installKey(status.install);
        seen.add(key);
        if (isUnjudgeable(status)) continue;
        await this.judge(status, rowsByInstall.get(key) ?? [], now, result);
      }
      // An install gone from a synced cluster was uninstalled, not fixed: close quietly.
      for (const [key, installRows] of rowsByInstall) {
        const install = installRows[0].install;
        if (install.cluster !== cluster || seen.has(key)) continue;
        const open = installRows.filter(r => !r.resolvedAt);
        if (open.length === 0) continue;
        await this.options.store.markResolved(
          install,
          open.map(r => r.condition),
          new Date(now),
        );
        this.options.logger.debug(
          `Install ${key} is gone; its open notification conditions are closed without a message`,
        );
      }
    }
    return result;
  }

  /** One install: start and end episodes, then send what each track needs. */
  private async judge(
    status: InstallStatus,
    rows: NotificationStateRow[],
    now: number,
    result: NotifierRunResult,
  ): Promise<void> {
    const { store, thresholds } = this.options;
    const install = status.install;
    const open = new Map<NotificationCondition, NotificationStateRow>();
    for (const row of rows) if (!row.resolvedAt) open.set(row.condition, row);
    const firstSeen: Partial<Record<NotificationCondition, string>> = {};
    for (const [condition, row] of open) firstSeen[condition] = row.firstSeenAt;

    const observed = evaluateConditions(status, { now, thresholds, firstSeen });
    const observedByCondition = new Map(observed.map(o => [o.condition, o]));
    const seenAt = new Date(now);
    for (const o of observed) {
      const row = open.get(o.condition);
      if (!row) {
        await store.start(install, o.condition, o.since, seenAt);
        open.set(o.condition, {
          install,
          condition: o.condition,
          activeSince: o.since,
          firstSeenAt: seenAt.toISOString(),
        });
      } else if (row.activeSince !== o.since) {
        await store.updateActiveSince(install, o.condition, o.since);
        row.activeSince = o.since;
      }
    }

    const owner = ownerRefOf(status);
    for (const track of TRACKS) {
      const inTrack = (c: NotificationCondition) => TRACK_OF[c] === track;
      const active = observed.filter(o => inTrack(o.condition));
      const ended = [...open.values()].filter(
        r => inTrack(r.condition) && !observedByCondition.has(r.condition),
      );
      await this.notifyStart(status, owner, active, open, result);
      await this.notifyEnd(status, owner, track, active, ended, result);
    }
  }

  /** Sends the worst due condition of a track unless the owner already heard of it. */
  private async notifyStart(
    status: InstallStatus,
    owner: string | undefined,
    active: ObservedCondition[],
    open: Map<NotificationCondition, NotificationStateRow>,
    result: NotifierRunResult,
  ): Promise<void> {
    const due = active.filter(o => o.due);
    if (due.length === 0) return;
    const top = due.find(
      o => o.condition === worst(due.map(d => d.condition)),
    )!;
    if (open.get(top.condition)?.notifiedAt) return;
    const key = installKey(status.install);
    if (!owner) {
      this.options.logger.debug(
        `No owner recorded for install ${key}; ${top.condition} is not notified`,
      );
      return;
    }
    const sent = await this.send(
      owner,
      conditionPayload(status, top, this.options.thresholds),
      key,
      result,
    );
    if (!sent) return;
    result.sent++;
    // A lesser condition of the track is covered: a key first seen overdue is not also "warned".
    const told = due.map(d => d.condition);
    const at = new Date(this.options.now());
    await this.options.store.markNotified(status.install, told, at);
    for (const c of told) {
      const row = open.get(c);
      if (row) row.notifiedAt = at.toISOString();
    }
  }

  /**
   * Closes ended episodes of a track. One "resolved" goes out when the whole track is clear and
   * the owner had been told; a de-escalation (overdue back to warning after a policy change)
   * or an episode that never passed its threshold closes quietly.
   */
  private async notifyEnd(
    status: InstallStatus,
    owner: string | undefined,
    track: NotificationTrack,
    active: ObservedCondition[],
    ended: NotificationStateRow[],
    result: NotifierRunResult,
  ): Promise<void> {
    if (ended.length === 0) return;
    const install: InstallRef = status.install;
    const told = ended.filter(r => r.notifiedAt);
    if (active.length === 0 && told.length > 0) {
      if (!owner) {
        this.options.logger.debug(
          `No owner recorded for install ${installKey(
            install,
          )}; the end of ${track} is not notified`,
        );
      } else {
        const condition = worst(told.map(r => r.condition));
        const row = told.find(r => r.condition === condition)!;
        const sent = await this.send(
          owner,
          resolvedPayload(status, condition, row.activeSince),
          installKey(install),
          result,
        );
        // Not sent: the episode stays open and the next run tries again.
        if (!sent) return;
        result.resolved++;
      }
    }
    await this.options.store.markResolved(
      install,
      ended.map(r => r.condition),
      new Date(this.options.now()),
    );
  }

  private async send(
    owner: string,
    payload: ReturnType<typeof conditionPayload>,
    key: string,
    result: NotifierRunResult,
  ): Promise<boolean> {
    try {
      await this.options.notifications.send({
        recipients: { type: 'entity', entityRef: owner },
        payload,
      });
      return true;
    } catch (error) {
      result.failed++;
      // The payload holds only redacted text, but the log gets just the title.
      this.options.logger.warn(
        `Could not send the notification "${
          payload.title
        }" for install ${key}; retrying on the next run: ${
          (error as Error).message
        }`,
      );
      return false;
    }
  }
}
