import type { Kysely } from 'kysely';

/** The log vault's sources and day seals (the events stay in the vault's files). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('logvault_sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hostname', 'text')
    .addColumn('address', 'text')
    .addColumn('name', 'text')
    .addColumn('owner', 'text')
    .addColumn('expected_per_hour', 'integer')
    .addColumn('system_id', 'text')
    .addColumn('first_seen', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('logvault_sources_by_hostname')
    .on('logvault_sources')
    .column('hostname')
    .execute();
  await db.schema
    .createTable('logvault_day_seals')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('day_root', 'text', (c) => c.notNull())
    .addColumn('segments', 'jsonb', (c) => c.notNull())
    .addColumn('sealed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('evidence_id', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('logvault_day_seals').execute();
  await db.schema.dropTable('logvault_sources').execute();
}
