import { DatabaseService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { Knex } from 'knex';
import { FingerprintRecord } from '../status/keyRotation';
import { readHistoryRetentionMs } from './historyRetention';
import { pluginDatabase } from '../database/pluginDatabase';

const TABLE = 'mcpk_secret_fingerprints';
/**
 * Fingerprints kept in memory per Secret: the key-age derivation reads the latest one and
 * whether an earlier, different one was seen, nothing older.
 */
const KEPT_PER_SECRET = 2;
/** Pruning is a table scan on the first_seen_at side; a few times a day is plenty. */
const PRUNE_EVERY_MS = 6 * 60 * 60 * 1000;

/** Identifies one Secret in one cluster. */
export interface SecretKey {
  cluster: string;
  namespace: string;
  secretName: string;
}

interface Row {
  cluster: string;
  namespace: string;
  secret_name: string;
  data_hash: string;
  first_seen_at: string | Date | number;
}

/** The columns of a {@link Row}. */
const ROW_COLUMNS = [
  'cluster',
  'namespace',
  'secret_name',
  'data_hash',
  'first_seen_at',
] as const;

/** The columns that name one Secret, as a `where` clause. */
const secretColumns = (k: SecretKey) => ({
  cluster: k.cluster,
  namespace: k.namespace,
  secret_name: k.secretName,
});

const keyOf = (k: SecretKey) =>
  `${k.cluster}\u0000${k.namespace}\u0000${k.secretName}`;

function toIso(value: string | Date | number): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

const toRecord = (row: Row): FingerprintRecord => ({
  dataHash: row.data_hash,
  firstSeenAt: toIso(row.first_seen_at),
});

/**
 * Records when each Secret's ESO data-hash was first seen. Status building reads the latest
 * fingerprints of a Secret from memory (never waits on the database); memory holds at most
 * two per Secret, and the table is pruned by retention (each Secret's latest row is kept, so
 * an unrotated key does not look new after a prune).
 */
export class RotationHistoryStore {
  private byKey = new Map<string, FingerprintRecord[]>();
  private lastPruneAt?: number;

  private constructor(
    private readonly db: Knex,
    private readonly retentionMs: number,
  ) {}

  static async create(options: {
    database: DatabaseService;
    /** Reads `mcpKubernetes.keyRotation.historyRetention` (default 400 days). */
    config?: Config;
    /** Overrides the configured retention. */
    retentionMs?: number;
  }): Promise<RotationHistoryStore> {
    const retentionMs =
      options.retentionMs ?? readHistoryRetentionMs(options.config);
    const db = await pluginDatabase(options.database);
    const store = new RotationHistoryStore(db, retentionMs);
    await store.maybePrune();
    await store.reload();
    return store;
  }

  /** Loads the latest fingerprints of every Secret (at most two each) into memory. */
  async reload(): Promise<void> {
    const ranked = this.db(TABLE)
      .select(...ROW_COLUMNS, 'id')
      .select(
        this.db.raw(
          'row_number() over (partition by ??, ??, ?? order by ?? desc, ?? desc) as ??',
          ['cluster', 'namespace', 'secret_name', 'first_seen_at', 'id', 'rn'],
        ),
      );
    const rows: Row[] = await this.db
      .from(ranked.as('ranked'))
      .select(...ROW_COLUMNS)
      .where('rn', '<=', KEPT_PER_SECRET)
      .orderBy([
        { column: 'first_seen_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    const next = new Map<string, FingerprintRecord[]>();
    for (const row of rows) {
      const key = keyOf({
        cluster: row.cluster,
        namespace: row.namespace,
        secretName: row.secret_name,
      });
      const list = next.get(key) ?? [];
      list.push(toRecord(row));
      next.set(key, list);
    }
    this.byKey = next;
  }

  /** The latest fingerprints of one Secret (at most two), oldest first, from memory. */
  history(secret: SecretKey): FingerprintRecord[] {
    return this.byKey.get(keyOf(secret)) ?? [];
  }

  /**
   * Records a data-hash if it is not this Secret's current one. Returns true when a row was
   * written. A hash seen before (a rollback to an older key) is a change now: its time moves.
   */
  async observe(
    secret: SecretKey,
    dataHash: string,
    seenAt: Date,
  ): Promise<boolean> {
    const key = keyOf(secret);
    const list = this.byKey.get(key) ?? (await this.loadSecret(secret));
    const last = list[list.length - 1];
    if (last?.dataHash === dataHash) {
      this.byKey.set(key, list);
      return false;
    }
    const where = { ...secretColumns(secret), data_hash: dataHash };
    // The unique index answers this for one Secret; the history is never read whole.
    const updated = await this.db(TABLE)
      .where(where)
      .update({ first_seen_at: seenAt });
    if (!updated) {
      await this.db(TABLE)
        .insert({ ...where, first_seen_at: seenAt })
        .onConflict(['cluster', 'namespace', 'secret_name', 'data_hash'])
        .ignore();
    }
    const now = { dataHash, firstSeenAt: seenAt.toISOString() };
    this.byKey.set(
      key,
      [...list.filter(r => r.dataHash !== dataHash), now].slice(
        -KEPT_PER_SECRET,
      ),
    );
    return true;
  }

  /**
   * Deletes rows older than the retention, except each Secret's latest row. Returns the number
   * deleted. Reloads memory so it never shows a pruned row.
   */
  async prune(now: number = Date.now()): Promise<number> {
    this.lastPruneAt = now;
    const cutoff = new Date(now - this.retentionMs);
    const db = this.db;
    const deleted = await db(TABLE)
      .where('first_seen_at', '<', cutoff)
      .whereExists(function newerRowOfSameSecret() {
        this.select(db.raw('1'))
          .from(`${TABLE} as newer`)
          .whereRaw('?? = ??', ['newer.cluster', `${TABLE}.cluster`])
          .whereRaw('?? = ??', ['newer.namespace', `${TABLE}.namespace`])
          .whereRaw('?? = ??', ['newer.secret_name', `${TABLE}.secret_name`])
          .where(function later() {
            this.whereRaw('?? > ??', [
              'newer.first_seen_at',
              `${TABLE}.first_seen_at`,
            ]).orWhere(function sameTimeLaterId() {
              this.whereRaw('?? = ??', [
                'newer.first_seen_at',
                `${TABLE}.first_seen_at`,
              ]).whereRaw('?? > ??', ['newer.id', `${TABLE}.id`]);
            });
          });
      })
      .delete();
    if (deleted > 0) await this.reload();
    return deleted;
  }

  /** Prunes when the last prune is older than a few hours (called by the recorder). */
  async maybePrune(now: number = Date.now()): Promise<number> {
    if (
      this.lastPruneAt !== undefined &&
      now - this.lastPruneAt < PRUNE_EVERY_MS
    ) {
      return 0;
    }
    return this.prune(now);
  }

  /** The latest fingerprints of one Secret from the table (an indexed read of one Secret). */
  private async loadSecret(secret: SecretKey): Promise<FingerprintRecord[]> {
    const rows: Row[] = await this.db(TABLE)
      .select(...ROW_COLUMNS)
      .where(secretColumns(secret))
      .orderBy([
        { column: 'first_seen_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(KEPT_PER_SECRET);
    return rows.reverse().map(toRecord);
  }
}
