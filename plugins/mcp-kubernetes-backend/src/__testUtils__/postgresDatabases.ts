import knexFactory from 'knex';

/**
 * Drops every PostgreSQL database whose name starts with `prefix`: what a run with
 * `backend.database.prefix` made (one database per plugin), so tests and benches leave none behind.
 */
export async function dropDatabasesWithPrefix(
  connection: string,
  prefix: string,
): Promise<void> {
  const db = knexFactory({ client: 'pg', connection });
  try {
    const { rows } = await db.raw(
      'select datname from pg_database where starts_with(datname, ?)',
      [prefix],
    );
    for (const { datname } of rows as Array<{ datname: string }>) {
      await db.raw('drop database if exists ?? with (force)', [datname]);
    }
  } finally {
    await db.destroy();
  }
}
