import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('workspace_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('obligation_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('assignee', 'text')
    .addColumn('due_date', 'text')
    .addColumn('done_at', 'timestamptz')
    .addColumn('done_by', 'text')
    .execute();
  await db.schema
    .createIndex('workspace_notes_obligation')
    .on('workspace_notes')
    .column('obligation_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('workspace_notes').execute();
}
