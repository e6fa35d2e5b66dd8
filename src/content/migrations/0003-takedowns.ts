import { sql, type Kysely } from 'kysely';

/**
 * Takedown demands from authorities (CSL 2025 Art 52, 2016 Art 50): the
 * demands, the targets each names, and the actions taken. One issuer's
 * document number is one demand.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('content_takedowns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('issuer_name', 'text', (c) => c.notNull())
    .addColumn('document_number', 'text', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('default_deadline', 'boolean', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'done', 'confirmed')`))
    .addColumn('done_at', 'timestamptz')
    .addColumn('confirmed_at', 'timestamptz')
    .addColumn('confirmed_by', 'text')
    .addColumn('confirmation_reference', 'text')
    .addColumn('confirmation_note', 'text')
    .addColumn('confirmation_evidence_id', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('content_takedowns_document', ['issuer', 'document_number'])
    .execute();
  await db.schema
    .createIndex('content_takedowns_by_received')
    .on('content_takedowns')
    .columns(['received_at', 'id'])
    .execute();
  await db.schema
    .createIndex('content_takedowns_open')
    .on('content_takedowns')
    .columns(['status', 'due_at'])
    .execute();

  await db.schema
    .createTable('content_takedown_targets')
    .addColumn('takedown_id', 'text', (c) =>
      c.notNull().references('content_takedowns.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('content_takedown_targets_pk', ['takedown_id', 'position'])
    .execute();

  await db.schema
    .createTable('content_takedown_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('takedown_id', 'text', (c) =>
      c.notNull().references('content_takedowns.id').onDelete('cascade'),
    )
    .addColumn('seq', 'serial', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('by', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('targets', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('disposal_id', 'text')
    .addColumn('done', 'boolean', (c) => c.notNull())
    .addColumn('evidence_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('content_takedown_actions_by_demand')
    .on('content_takedown_actions')
    .columns(['takedown_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('content_takedown_actions').execute();
  await db.schema.dropTable('content_takedown_targets').execute();
  await db.schema.dropTable('content_takedowns').execute();
}
