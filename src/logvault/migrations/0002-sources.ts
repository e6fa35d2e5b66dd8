import type { Kysely } from 'kysely';

/**
 * Sources as the console edits them (a zone, retirement, a version for
 * concurrent edits, a legal hold) and their events counted per hour, for the
 * activity chart, the quiet flag and coverage.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('logvault_sources')
    .addColumn('zone', 'text')
    .addColumn('retired', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('hold_since', 'timestamptz')
    .addColumn('hold_by', 'text')
    .addColumn('hold_reason', 'text')
    .execute();
  await db.schema
    .createTable('logvault_source_hours')
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('hour', 'timestamptz', (c) => c.notNull())
    .addColumn('events', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('logvault_source_hours_pkey', ['source_id', 'hour'])
    .execute();
  // Reading a period across sources (the last 24 hours of every source).
  await db.schema
    .createIndex('logvault_source_hours_by_hour')
    .on('logvault_source_hours')
    .column('hour')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('logvault_source_hours').execute();
  await db.schema
    .alterTable('logvault_sources')
    .dropColumn('zone')
    .dropColumn('retired')
    .dropColumn('version')
    .dropColumn('hold_since')
    .dropColumn('hold_by')
    .dropColumn('hold_reason')
    .execute();
}
