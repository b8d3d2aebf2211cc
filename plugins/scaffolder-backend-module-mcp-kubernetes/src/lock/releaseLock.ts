import { DatabaseService } from '@backstage/backend-plugin-api';
import { ReleaseBusyError } from '@mcp-kubernetes/plugin-mcp-kubernetes-node';

/**
 * One row per release while a deploy task runs helm on it, in the
 * scaffolder's database (shared by every backend replica): two tasks never
 * run helm on one release at once. A row carries an expiry after helm's own
 * kill deadline, so a lock left by a crashed backend frees itself.
 */

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

export const LOCK_TABLE = 'mcpk_release_locks';
/** Our own migrations table: the scaffolder's `knex_migrations` is not ours to write. */
export const MIGRATIONS_TABLE = 'mcpk_scaffolder_knex_migrations';

const migrations: Record<
  string,
  { up(knex: Knex): Promise<void>; down(knex: Knex): Promise<void> }
> = {
  '20261130_create_mcpk_release_locks': {
    async up(knex) {
      await knex.schema.createTable(LOCK_TABLE, table => {
        table.comment('Deploy tasks holding a helm release (mcp-kubernetes)');
        table
          .string('lock_key', 255)
          .primary()
          .comment('cluster/namespace/release');
        table.string('holder', 255).notNullable();
        table
          .bigInteger('expires_at')
          .notNullable()
          .comment('Epoch milliseconds after which the lock is free');
      });
    },
    async down(knex) {
      await knex.schema.dropTable(LOCK_TABLE);
    },
  },
};

/** Applies this module's migrations (own migrations table). */
export async function migrateReleaseLocks(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    tableName: MIGRATIONS_TABLE,
    migrationSource: {
      getMigrations: async () => Object.keys(migrations).sort(),
      getMigrationName: (name: string) => name,
      getMigration: async (name: string) => migrations[name],
    },
  });
}

/** @public */
export interface ReleaseLockRef {
  cluster: string;
  namespace: string;
  release: string;
}

/** @public */
export interface ReleaseLocks {
  /**
   * Runs `fn` while holding the release's lock; throws `ReleaseBusyError`
   * (state `locked`) when another holder has it.
   */
  withLock<T>(
    ref: ReleaseLockRef,
    opts: { holder: string; ttlMs: number },
    fn: () => Promise<T>,
  ): Promise<T>;
}

const lockKey = (ref: ReleaseLockRef) =>
  `${ref.cluster}/${ref.namespace}/${ref.release}`;

/** Database-backed locks. */
export class DatabaseReleaseLocks implements ReleaseLocks {
  static async create(options: {
    database: DatabaseService;
    now?: () => number;
  }): Promise<DatabaseReleaseLocks> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await migrateReleaseLocks(knex);
    }
    return new DatabaseReleaseLocks(knex, options.now ?? Date.now);
  }

  private constructor(
    private readonly knex: Knex,
    private readonly now: () => number,
  ) {}

  /** True when the lock was taken (free, or expired and taken over). */
  async tryAcquire(
    ref: ReleaseLockRef,
    holder: string,
    ttlMs: number,
  ): Promise<boolean> {
    const key = lockKey(ref);
    const now = this.now();
    const expires = now + ttlMs;
    // Take over an expired row first; the WHERE makes it atomic across replicas.
    const taken = await this.knex(LOCK_TABLE)
      .where('lock_key', key)
      .andWhere('expires_at', '<', now)
      .update({ holder, expires_at: expires });
    if (taken > 0) {
      return true;
    }
    try {
      await this.knex(LOCK_TABLE).insert({
        lock_key: key,
        holder,
        expires_at: expires,
      });
      return true;
    } catch (e) {
      // A primary-key conflict: someone else holds it. Anything else is a real failure.
      const held = await this.knex(LOCK_TABLE).where('lock_key', key).first();
      if (held) {
        return false;
      }
      throw e;
    }
  }

  async release(ref: ReleaseLockRef, holder: string): Promise<void> {
    await this.knex(LOCK_TABLE)
      .where({ lock_key: lockKey(ref), holder })
      .delete();
  }

  async withLock<T>(
    ref: ReleaseLockRef,
    opts: { holder: string; ttlMs: number },
    fn: () => Promise<T>,
  ): Promise<T> {
    if (!(await this.tryAcquire(ref, opts.holder, opts.ttlMs))) {
      throw new ReleaseBusyError({
        release: ref.release,
        namespace: ref.namespace,
        state: 'locked',
      });
    }
    try {
      return await fn();
    } finally {
      await this.release(ref, opts.holder);
    }
  }
}

/** In-process locks, for tests and setups without the module's database. */
export class InMemoryReleaseLocks implements ReleaseLocks {
  private readonly held = new Map<string, string>();

  async withLock<T>(
    ref: ReleaseLockRef,
    opts: { holder: string; ttlMs: number },
    fn: () => Promise<T>,
  ): Promise<T> {
    const key = lockKey(ref);
    if (this.held.has(key)) {
      throw new ReleaseBusyError({
        release: ref.release,
        namespace: ref.namespace,
        state: 'locked',
      });
    }
    this.held.set(key, opts.holder);
    try {
      return await fn();
    } finally {
      this.held.delete(key);
    }
  }
}
