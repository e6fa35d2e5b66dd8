import type { Kysely } from 'kysely';

/** Short clocks' escalations: the key (item, point) makes each one go out once, across restarts and servers. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('deadline_escalations')
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('point', 'text', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull())
    .addColumn('delivered', 'integer')
    .addPrimaryKeyConstraint('deadline_escalations_pk', ['item_key', 'point'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('deadline_escalations').execute();
}
