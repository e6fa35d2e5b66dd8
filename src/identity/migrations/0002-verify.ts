import { sql, type Kysely } from 'kysely';

/**
 * Services' real-name requirements and the verification records (issue 15
 * item 2). No personal data: a record names the platform's user id, the
 * vault's subject id and public handle, never a name or number. `seq` (one
 * sequence for both tables) moves on every change: the gate of every server
 * process polls it to take up changes made elsewhere.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create sequence identity_change_seq`.execute(db);
  await db.schema
    .createTable('identity_services')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    // Comma-separated methods (sms_otp,id_check).
    .addColumn('requires', 'text', (c) => c.notNull())
    // JSON: { method: ISO 8601 duration } overriding the catalogue.
    .addColumn('validity', 'text', (c) => c.notNull())
    // JSON: the service accounts (usernames) that may act for this service.
    .addColumn('callers', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('evidence_id', 'text')
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('identity_verifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('handle', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('failure', 'text')
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('code_expires_at', 'timestamptz')
    .addColumn('code_tries', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('verified_at', 'timestamptz')
    .addColumn('expires_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('identity_verifications_by_account')
    .on('identity_verifications')
    .columns(['service', 'user_id', 'method'])
    .execute();
  await db.schema
    .createIndex('identity_verifications_by_started')
    .on('identity_verifications')
    .columns(['started_at', 'id'])
    .execute();
  await db.schema
    .createIndex('identity_verifications_by_seq')
    .on('identity_verifications')
    .column('seq')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('identity_verifications').execute();
  await db.schema.dropTable('identity_services').execute();
  await sql`drop sequence identity_change_seq`.execute(db);
}
