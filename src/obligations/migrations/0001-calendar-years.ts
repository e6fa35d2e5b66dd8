import type { Kysely } from 'kysely';

/** The working-day calendar's added years: one row per year, never two (the year is the key). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('calendar_years')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('notice_zh', 'text')
    .addColumn('notice_en', 'text')
    .addColumn('days_off', 'text', (c) => c.notNull())
    .addColumn('working_weekends', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('calendar_years').execute();
}
