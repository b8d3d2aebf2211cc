import { TestDatabases } from '@backstage/backend-test-utils';

/**
 * SQLite and PostgreSQL 15 for the plugin's database stores: the local PostgreSQL these machines
 * and CI run (no Docker here) unless the environment names another. Call at module scope: it
 * registers the suite's clean-up.
 */
export function sqliteAndPostgres(): TestDatabases {
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??=
    'postgresql://postgres@127.0.0.1:5432';
  process.env.BACKSTAGE_TEST_DISABLE_DOCKER ??= '1';
  return TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
}
