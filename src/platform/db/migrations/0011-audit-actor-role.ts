import type { Kysely } from 'kysely';

/**
 * The audit trail names the actor's role and whether they are a service
 * account as they were when they acted (a role can change later). Rows from
 * before this migration have no role (shown as the username alone).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_events').addColumn('actor_role', 'text').execute();
  await db.schema
    .alterTable('audit_events')
    .addColumn('actor_service', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema.createIndex('audit_events_action').on('audit_events').column('action').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_events_action').execute();
  await db.schema.alterTable('audit_events').dropColumn('actor_service').execute();
  await db.schema.alterTable('audit_events').dropColumn('actor_role').execute();
}
