// @ts-check

/**
 * What the owner notifier has told each install's owner: one row per install and condition
 * (key-warning, key-overdue, external-secret-failing, install-failing). A row is reused for the
 * next episode of its condition. Never holds a message or any cluster text.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mcpk_notification_state', table => {
    table.comment(
      'Owner notifications of mcp-kubernetes installs: one row per install and condition',
    );
    table.bigIncrements('id').primary();
    table.string('cluster', 253).notNullable();
    table.string('namespace', 63).notNullable();
    table.string('release', 63).notNullable();
    table.string('condition', 32).notNullable();
    table
      .timestamp('active_since', { useTz: true })
      .notNullable()
      .comment(
        'When the condition started (its threshold is measured from here)',
      );
    table
      .timestamp('first_seen_at', { useTz: true })
      .notNullable()
      .comment('When the notifier first saw this episode of the condition');
    table
      .timestamp('notified_at', { useTz: true })
      .nullable()
      .comment(
        'When the owner was told (null: not yet, or below its threshold)',
      );
    table
      .timestamp('resolved_at', { useTz: true })
      .nullable()
      .comment('When the episode ended (null: still active)');
    table.unique(['cluster', 'namespace', 'release', 'condition'], {
      indexName: 'mcpk_notification_state_unique',
    });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mcpk_notification_state');
};
