import { sql, type Kysely } from 'kysely';

/**
 * The log vault's expired days (a day removed by the expiry job, its ledger
 * record beside it; the seal row stays) and its verify runs (at most one
 * running: a unique index over the running rows).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('logvault_expired_days')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('segments', 'jsonb', (c) => c.notNull())
    .addColumn('events', 'bigint', (c) => c.notNull())
    .addColumn('expired_at', 'timestamptz', (c) => c.notNull())
    .addColumn('evidence_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('logvault_verify_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** The order runs were started in (a clock can stand still or step back). */
    .addColumn('seq', 'bigserial', (c) => c.notNull().unique())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('from_date', 'text')
    .addColumn('to_date', 'text')
    .addColumn('from_segment', 'text')
    .addColumn('segments', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('events', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('code', 'text')
    .addColumn('segment', 'text')
    .addColumn('messages', 'jsonb')
    /** The last segment the run read (where the next incremental run starts). */
    .addColumn('last_segment', 'text')
    .addColumn('by_name', 'text', (c) => c.notNull())
    .execute();
  await sql`create unique index logvault_verify_runs_one_running on logvault_verify_runs ((state)) where state = 'running'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('logvault_verify_runs').execute();
  await db.schema.dropTable('logvault_expired_days').execute();
}
