// @ts-check

/**
 * The health probes' shared rate budget: a token bucket every backend replica draws from, so
 * the probes that card views cause stay within one rate for the whole portal, however many
 * replicas or viewers. One row per budget; each draw is a short transaction on its row.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mcpk_probe_budget', table => {
    table.comment('Token buckets that bound the health probes across replicas');
    table.string('name', 64).primary();
    table
      .double('tokens')
      .notNullable()
      .comment('Probes that may start now (refilled at the configured rate)');
    table
      .bigInteger('refilled_at')
      .notNullable()
      .comment('Epoch milliseconds of the last refill');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mcpk_probe_budget');
};
