import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mlps_systems')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('went_live_on', 'text')
    .addColumn('bi_object', 'text', (c) => c.notNull())
    .addColumn('bi_harm', 'text', (c) => c.notNull())
    .addColumn('ss_object', 'text', (c) => c.notNull())
    .addColumn('ss_harm', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('graded_on', 'text', (c) => c.notNull())
    .addColumn('graded_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('mlps_filings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('system_id', 'text', (c) => c.notNull().references('mlps_systems.id').onDelete('cascade'))
    .addColumn('filed_on', 'text', (c) => c.notNull())
    .addColumn('authority', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('mlps_assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('system_id', 'text', (c) => c.notNull().references('mlps_systems.id').onDelete('cascade'))
    .addColumn('assessed_on', 'text', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('high_risk', 'boolean', (c) => c.notNull())
    .addColumn('conclusion', 'text', (c) => c.notNull())
    .addColumn('assessor', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['mlps_assessments', 'mlps_filings', 'mlps_systems'])
    await db.schema.dropTable(t).execute();
}
