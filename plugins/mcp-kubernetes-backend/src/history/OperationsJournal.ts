import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  InstallRef,
  RecordReleaseOperationRequest,
  ReleaseOperation,
  ReleaseOperationAction,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { Knex } from 'knex';
import { pluginDatabase } from '../database/pluginDatabase';

const TABLE = 'mcpk_release_operations';
/** Rows kept per release: far more than helm keeps revisions (10 by default). */
const DEFAULT_KEPT_PER_RELEASE = 200;

interface Row {
  id: number | string;
  action: string;
  actor: string;
  revision: number | null;
  rolled_back_to: number | null;
  task_id: string | null;
  at: string | Date | number;
}

const releaseColumns = (i: InstallRef) => ({
  cluster: i.cluster,
  namespace: i.namespace,
  release: i.release,
});

function toOperation(row: Row): ReleaseOperation {
  const at = row.at instanceof Date ? row.at : new Date(row.at);
  return {
    action: row.action as ReleaseOperationAction,
    actor: row.actor,
    at: at.toISOString(),
    ...(row.revision !== null ? { revision: Number(row.revision) } : {}),
    ...(row.rolled_back_to !== null
      ? { rolledBackTo: Number(row.rolled_back_to) }
      : {}),
    ...(row.task_id !== null ? { taskId: row.task_id } : {}),
  };
}

/**
 * The operations journal: one row per operation the portal's actions performed on a release
 * (who, what, which revision), in the plugin's own table. Bounded: each release keeps its
 * newest rows only, pruned on every write, so a busy release cannot grow the table.
 */
export class OperationsJournal {
  private constructor(
    private readonly db: Knex,
    private readonly keptPerRelease: number,
  ) {}

  static async create(options: {
    database: DatabaseService;
    /** Rows kept per release (default 200). */
    keptPerRelease?: number;
  }): Promise<OperationsJournal> {
    const db = await pluginDatabase(options.database);
    return new OperationsJournal(
      db,
      Math.max(1, options.keptPerRelease ?? DEFAULT_KEPT_PER_RELEASE),
    );
  }

  /** Appends one (already validated) operation, stamped `at`, and prunes the release's oldest rows. */
  async record(
    entry: RecordReleaseOperationRequest,
    at: Date = new Date(),
  ): Promise<ReleaseOperation> {
    const install = {
      cluster: entry.cluster,
      namespace: entry.namespace,
      release: entry.release,
    };
    const row = {
      action: entry.action,
      actor: entry.actor,
      revision: entry.revision ?? null,
      rolled_back_to: entry.rolledBackTo ?? null,
      task_id: entry.taskId ?? null,
      at,
    };
    await this.db(TABLE).insert({ ...releaseColumns(install), ...row });
    await this.prune(install);
    // What a later list() reads back for this row (its id is not part of the answer).
    return toOperation({ id: 0, ...row });
  }

  /** The release's operations, newest first (an indexed read of one release). */
  async list(install: InstallRef): Promise<ReleaseOperation[]> {
    const rows: Row[] = await this.db(TABLE)
      .select('id', 'action', 'actor', 'revision', 'rolled_back_to', 'task_id')
      .select('at')
      .where(releaseColumns(install))
      .orderBy('id', 'desc')
      .limit(this.keptPerRelease);
    return rows.map(toOperation);
  }

  /** Deletes the release's rows beyond the newest `keptPerRelease` (ids grow with time). */
  private async prune(install: InstallRef): Promise<void> {
    const oldestKept: { id: number | string } | undefined = await this.db(TABLE)
      .select('id')
      .where(releaseColumns(install))
      .orderBy('id', 'desc')
      .offset(this.keptPerRelease - 1)
      .first();
    if (!oldestKept) return;
    await this.db(TABLE)
      .where(releaseColumns(install))
      .where('id', '<', oldestKept.id)
      .delete();
  }
}
