import type { Kysely } from 'kysely';

/**
 * The gate's counts per service and Beijing day (written in batches: a
 * process adds what it counted since its last write) and the daily seals
 * (csl.real-name evidence: one per service and day).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('identity_gate_counts')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('allowed', 'bigint', (c) => c.notNull())
    .addColumn('denied', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('identity_gate_counts_pk', ['day', 'service'])
    .execute();
  await db.schema
    .createTable('identity_gate_seals')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('allowed', 'bigint', (c) => c.notNull())
    .addColumn('denied', 'bigint', (c) => c.notNull())
    .addColumn('verifications', 'integer', (c) => c.notNull())
    .addColumn('merkle_root', 'text', (c) => c.notNull())
    .addColumn('evidence_id', 'text', (c) => c.notNull())
    .addColumn('sealed_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('identity_gate_seals_pk', ['day', 'service'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('identity_gate_seals').execute();
  await db.schema.dropTable('identity_gate_counts').execute();
}
