import { sql, type Kysely } from 'kysely';

/**
 * Service accounts (machines: no password, never sign in), the browsers a user
 * has signed in from (exempt from the per-account lockout others cause), and
 * auditors' tokens narrowed to read, as a role change now does.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('person'))
    .execute();
  await db.schema
    .alterTable('users')
    .alterColumn('password_hash', (c) => c.dropNotNull())
    .execute();

  await db.schema
    .createTable('login_devices')
    // SHA-256 of the device cookie.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_used_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_devices_user').on('login_devices').column('user_id').execute();

  await sql`UPDATE api_tokens SET scopes = '["read"]'::jsonb
    WHERE scopes @> '["write"]'::jsonb
      AND user_id IN (SELECT id FROM users WHERE role = 'auditor')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('login_devices').execute();
  await db.schema.alterTable('users').dropColumn('kind').execute();
}
