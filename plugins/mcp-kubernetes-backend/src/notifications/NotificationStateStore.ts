import { DatabaseService } from '@backstage/backend-plugin-api';
import { InstallRef } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { Knex } from 'knex';
import { NOTIFICATION_CONDITIONS, NotificationCondition } from './conditions';
import { pluginDatabase } from '../database/pluginDatabase';

const TABLE = 'mcpk_notification_state';

/**
 * One install's episode of one condition, as stored. Times are ISO strings.
 *
 * @internal
 */
export interface NotificationStateRow {
  install: InstallRef;
  condition: NotificationCondition;
  activeSince: string;
  firstSeenAt: string;
  notifiedAt?: string;
  resolvedAt?: string;
}

interface DbRow {
  cluster: string;
  namespace: string;
  release: string;
  condition: string;
  active_since: string | Date | number;
  first_seen_at: string | Date | number;
  notified_at: string | Date | number | null;
  resolved_at: string | Date | number | null;
}

function toIso(value: string | Date | number): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

const optionalIso = (value: string | Date | number | null) =>
  value === null || value === undefined ? undefined : toIso(value);

function isCondition(value: string): value is NotificationCondition {
  return (NOTIFICATION_CONDITIONS as readonly string[]).includes(value);
}

const whereOf = (install: InstallRef, condition: NotificationCondition) => ({
  cluster: install.cluster,
  namespace: install.namespace,
  release: install.release,
  condition,
});

/**
 * The notifier's memory, in the plugin's database so a restart or another replica (the task is
 * global) never tells an owner the same thing twice. One row per install and condition; the
 * next episode of a condition reuses its row.
 *
 * @internal
 */
export class NotificationStateStore {
  private constructor(private readonly db: Knex) {}

  static async create(options: {
    database: DatabaseService;
  }): Promise<NotificationStateStore> {
    const db = await pluginDatabase(options.database);
    return new NotificationStateStore(db);
  }

  /** Every row (a few per install: the table is small). */
  async list(): Promise<NotificationStateRow[]> {
    const rows: DbRow[] = await this.db(TABLE).select(
      'cluster',
      'namespace',
      'release',
      'condition',
      'active_since',
      'first_seen_at',
      'notified_at',
      'resolved_at',
    );
    const out: NotificationStateRow[] = [];
    for (const row of rows) {
      // A condition a newer version wrote is not ours to judge.
      if (!isCondition(row.condition)) continue;
      const notifiedAt = optionalIso(row.notified_at);
      const resolvedAt = optionalIso(row.resolved_at);
      out.push({
        install: {
          cluster: row.cluster,
          namespace: row.namespace,
          release: row.release,
        },
        condition: row.condition,
        activeSince: toIso(row.active_since),
        firstSeenAt: toIso(row.first_seen_at),
        ...(notifiedAt ? { notifiedAt } : {}),
        ...(resolvedAt ? { resolvedAt } : {}),
      });
    }
    return out;
  }

  /** Starts a new episode of a condition (reusing the row of an earlier, resolved one). */
  async start(
    install: InstallRef,
    condition: NotificationCondition,
    activeSince: string,
    seenAt: Date,
  ): Promise<void> {
    const where = whereOf(install, condition);
    const values = {
      active_since: new Date(activeSince),
      first_seen_at: seenAt,
      notified_at: null,
      resolved_at: null,
    };
    await this.db(TABLE)
      .insert({ ...where, ...values })
      .onConflict(['cluster', 'namespace', 'release', 'condition'])
      .merge(values);
  }

  /** Moves the start of an open episode (an ExternalSecret's Ready time can be refined). */
  async updateActiveSince(
    install: InstallRef,
    condition: NotificationCondition,
    activeSince: string,
  ): Promise<void> {
    await this.db(TABLE)
      .where(whereOf(install, condition))
      .whereNull('resolved_at')
      .update({ active_since: new Date(activeSince) });
  }

  /** Records that the owner was told (or told something worse of the same track). */
  async markNotified(
    install: InstallRef,
    conditions: NotificationCondition[],
    at: Date,
  ): Promise<void> {
    await this.updateOpen(install, conditions, { notified_at: at });
  }

  /** Ends open episodes. */
  async markResolved(
    install: InstallRef,
    conditions: NotificationCondition[],
    at: Date,
  ): Promise<void> {
    await this.updateOpen(install, conditions, { resolved_at: at });
  }

  /** Sets `changes` on the install's open episodes of `conditions`. */
  private async updateOpen(
    install: InstallRef,
    conditions: NotificationCondition[],
    changes: { notified_at?: Date; resolved_at?: Date },
  ): Promise<void> {
    if (conditions.length === 0) return;
    await this.db(TABLE)
      .where({
        cluster: install.cluster,
        namespace: install.namespace,
        release: install.release,
      })
      .whereIn('condition', conditions)
      .whereNull('resolved_at')
      .update(changes);
  }
}
