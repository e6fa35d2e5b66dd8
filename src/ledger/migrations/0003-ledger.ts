import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('leaf_index', 'bigint', (c) => c.unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('obligations', 'jsonb', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('file_sha256', 'text')
    .addColumn('canonical', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('evidence_pending')
    .on('evidence')
    .column('recorded_at')
    .where(sql.ref('leaf_index'), 'is', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('evidence').execute();
}
