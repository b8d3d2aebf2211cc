import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { FingerprintRecord } from '../status/keyRotation';

const TABLE = 'mcpk_secret_fingerprints';

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
  first_seen_at: string | Date;
}

const keyOf = (k: SecretKey) =>
  `${k.cluster}\u0000${k.namespace}\u0000${k.secretName}`;

function toIso(value: string | Date): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/**
 * Records when each Secret's ESO data-hash was first seen, and answers history lookups from memory
 * so that building a status never waits on the database.
 */
export class RotationHistoryStore {
  private readonly byKey = new Map<string, FingerprintRecord[]>();

  private constructor(private readonly db: Knex) {}

  static async create(options: {
    database: DatabaseService;
  }): Promise<RotationHistoryStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await db.migrate.latest({
        directory: resolvePackagePath(
          '@mcp-kubernetes/plugin-mcp-kubernetes-backend',
          'migrations',
        ),
      });
    }
    const store = new RotationHistoryStore(db);
    await store.reload();
    return store;
  }

  /** Loads every row into the in-memory index (the table is small: one row per key change). */
  async reload(): Promise<void> {
    const rows: Row[] = await this.db(TABLE)
      .select(
        'cluster',
        'namespace',
        'secret_name',
        'data_hash',
        'first_seen_at',
      )
      .orderBy([
        { column: 'first_seen_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    this.byKey.clear();
    for (const row of rows) {
      const key = keyOf({
        cluster: row.cluster,
        namespace: row.namespace,
        secretName: row.secret_name,
      });
      const list = this.byKey.get(key) ?? [];
      list.push({
        dataHash: row.data_hash,
        firstSeenAt: toIso(row.first_seen_at),
      });
      this.byKey.set(key, list);
    }
  }

  /** Fingerprints of one Secret, oldest first (from memory). */
  history(secret: SecretKey): FingerprintRecord[] {
    return this.byKey.get(keyOf(secret)) ?? [];
  }

  /**
   * Records a data-hash if it is new for this Secret. Returns true when a row was written.
   * A hash seen before (e.g. a rollback to an older key) keeps its first time; the in-memory order
   * then puts it last again so "current = latest" stays true.
   */
  async observe(
    secret: SecretKey,
    dataHash: string,
    seenAt: Date,
  ): Promise<boolean> {
    const key = keyOf(secret);
    const list = this.byKey.get(key) ?? [];
    const last = list[list.length - 1];
    if (last?.dataHash === dataHash) {
      return false;
    }
    const existing = list.find(r => r.dataHash === dataHash);
    if (existing) {
      // Back to an earlier hash: that is a change now; update its time so history reflects it.
      await this.db(TABLE)
        .where({
          cluster: secret.cluster,
          namespace: secret.namespace,
          secret_name: secret.secretName,
          data_hash: dataHash,
        })
        .update({ first_seen_at: seenAt });
      const moved = { dataHash, firstSeenAt: seenAt.toISOString() };
      this.byKey.set(key, [
        ...list.filter(r => r.dataHash !== dataHash),
        moved,
      ]);
      return true;
    }
    await this.db(TABLE)
      .insert({
        cluster: secret.cluster,
        namespace: secret.namespace,
        secret_name: secret.secretName,
        data_hash: dataHash,
        first_seen_at: seenAt,
      })
      .onConflict(['cluster', 'namespace', 'secret_name', 'data_hash'])
      .ignore();
    this.byKey.set(key, [
      ...list,
      { dataHash, firstSeenAt: seenAt.toISOString() },
    ]);
    return true;
  }
}
