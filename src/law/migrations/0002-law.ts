import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('law_texts')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('law', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('layout', 'text', (c) => c.notNull())
    .addColumn('languages', 'jsonb', (c) => c.notNull())
    .addColumn('article_count', 'integer', (c) => c.notNull())
    .addColumn('defects', 'jsonb', (c) => c.notNull())
    .addColumn('notes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('law_texts_version_source', ['version', 'source'])
    .execute();
  await db.schema
    .createTable('law_articles')
    .addColumn('text_id', 'integer', (c) => c.notNull().references('law_texts.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('chapter', 'text')
    .addColumn('section', 'text')
    .addColumn('zh', 'jsonb')
    .addColumn('en', 'jsonb')
    .addPrimaryKeyConstraint('law_articles_pk', ['text_id', 'number'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('law_articles').execute();
  await db.schema.dropTable('law_texts').execute();
}
