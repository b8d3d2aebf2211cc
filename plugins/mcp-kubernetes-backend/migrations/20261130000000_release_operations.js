// @ts-check

/**
 * The operations journal: who ran which day-1/day-2 operation on a release through the portal,
 * and the helm revision it produced. Written by the scaffolder module (service principals
 * only); no values or secrets are stored.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mcpk_release_operations', table => {
    table.comment(
      'Operations the portal performed on mcp-kubernetes releases (bounded per release)',
    );
    table.bigIncrements('id').primary();
    table.string('cluster', 253).notNullable();
    table.string('namespace', 63).notNullable();
    table.string('release', 53).notNullable();
    table
      .string('action', 16)
      .notNullable()
      .comment('deploy, upgrade, rollback, restart or uninstall');
    table.string('actor', 255).notNullable().comment('user entity ref');
    table.integer('revision').nullable();
    table.integer('rolled_back_to').nullable();
    table.string('task_id', 64).nullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.index(
      ['cluster', 'namespace', 'release', 'id'],
      'mcpk_release_operations_release_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mcpk_release_operations');
};
