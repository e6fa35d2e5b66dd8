import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('register_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('register_id', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('entry_key', 'text')
    .addColumn('version', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('obligations', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'timestamptz')
    .addColumn('review_note', 'text')
    .addColumn('evidence_ids', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('register_entries_by_register')
    .on('register_entries')
    .columns(['register_id', 'occurred_on'])
    .execute();
  // Two drafts of the same policy cannot both become version N.
  await db.schema
    .createIndex('register_entries_version')
    .on('register_entries')
    .columns(['register_id', 'entry_key', 'version'])
    .unique()
    .execute();
  await db.schema
    .createTable('register_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['register_settings', 'register_entries']) await db.schema.dropTable(t).execute();
}
