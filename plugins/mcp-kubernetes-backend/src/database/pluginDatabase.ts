import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

/**
 * The plugin's database client with its tables migrated: one migrations directory for every
 * store (rotation history, operations journal, notification state), applied once per client
 * unless the backend skips migrations.
 */
export async function pluginDatabase(database: DatabaseService): Promise<Knex> {
  const db = await database.getClient();
  if (!database.migrations?.skip) {
    await db.migrate.latest({
      directory: resolvePackagePath(
        '@mcp-kubernetes/plugin-mcp-kubernetes-backend',
        'migrations',
      ),
    });
  }
  return db;
}
