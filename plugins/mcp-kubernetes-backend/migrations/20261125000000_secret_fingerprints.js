// @ts-check

/**
 * Fingerprint history of the Secrets that hold an install's OAuth credentials. Only ESO's
 * data-hash (a hash, never a value) is stored, with when this backend first saw it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mcpk_secret_fingerprints', table => {
    table.comment(
      'Data-hash transitions of the Secrets that feed mcp-kubernetes installs',
    );
    table.bigIncrements('id').primary();
    table.string('cluster', 253).notNullable();
    table.string('namespace', 63).notNullable();
    table.string('secret_name', 253).notNullable();
    table
      .string('data_hash', 128)
      .notNullable()
      .comment('reconcile.external-secrets.io/data-hash');
    table.timestamp('first_seen_at', { useTz: true }).notNullable();
    table.unique(['cluster', 'namespace', 'secret_name', 'data_hash'], {
      indexName: 'mcpk_secret_fingerprints_unique',
    });
    table.index(
      ['cluster', 'namespace', 'secret_name'],
      'mcpk_secret_fingerprints_secret_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mcpk_secret_fingerprints');
};
