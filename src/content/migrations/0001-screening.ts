import { sql, type Kysely } from 'kysely';

/**
 * Screening (issue 14): rule-set versions and the pointer to the one in
 * force, the review queue, the disposal records (CSL 2025 Art 49).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('content_rule_sets')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('rules', 'jsonb', (c) => c.notNull())
    .addColumn('allow', 'jsonb', (c) => c.notNull())
    .addColumn('rule_count', 'integer', (c) => c.notNull())
    .addColumn('allow_count', 'integer', (c) => c.notNull())
    .addColumn('categories', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('content_rule_active')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('version', 'integer', (c) => c.notNull().references('content_rule_sets.version'))
    .addColumn('activated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('activated_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('content_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text')
    .addColumn('service', 'text')
    .addColumn('publisher', 'text')
    .addColumn('url', 'text')
    .addColumn('excerpt', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('matches', 'jsonb', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('held_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decided_by', 'text')
    .addColumn('note', 'text')
    .addColumn('disposal_id', 'text')
    .execute();
  // The queue reads oldest first within a status.
  await db.schema
    .createIndex('content_reviews_by_status')
    .on('content_reviews')
    .columns(['status', 'held_at', 'id'])
    .execute();
  await db.schema
    .createTable('content_disposals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text')
    .addColumn('service', 'text')
    .addColumn('publisher', 'text')
    .addColumn('url', 'text')
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('excerpt', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('decided_kind', 'text', (c) => c.notNull())
    .addColumn('decided_rules', 'jsonb', (c) => c.notNull())
    .addColumn('decided_person', 'text')
    .addColumn('obligation', 'text', (c) => c.notNull())
    .addColumn('detected_at', 'timestamptz', (c) => c.notNull())
    .addColumn('stopped_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deletion_wanted', 'boolean', (c) => c.notNull())
    .addColumn('deletion_state', 'text', (c) => c.notNull())
    .addColumn('deletion_requested_at', 'timestamptz')
    .addColumn('deletion_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deletion_last_error', 'text')
    .addColumn('deletion_next_at', 'timestamptz')
    .addColumn('deletion_confirmed_at', 'timestamptz')
    .addColumn('deletion_due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('reported_at', 'timestamptz')
    .addColumn('report_recipient', 'text')
    .addColumn('report_reference', 'text')
    .addColumn('report_due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('takedown_id', 'text')
    .addColumn('complaint_id', 'text')
    .addColumn('keep_until', 'timestamptz', (c) => c.notNull())
    .addColumn('evidence_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('content_disposals_by_detected')
    .on('content_disposals')
    .columns(['detected_at', 'id'])
    .execute();
  await db.schema
    .createIndex('content_disposals_by_keep')
    .on('content_disposals')
    .column('keep_until')
    .execute();
  // The webhook's and the open items' work lists: deletions outstanding, reports outstanding.
  await db.schema
    .createIndex('content_disposals_deletion_open')
    .on('content_disposals')
    .columns(['deletion_due_at', 'id'])
    .where(sql.ref('deletion_state'), '<>', 'confirmed')
    .execute();
  await db.schema
    .createIndex('content_disposals_unreported')
    .on('content_disposals')
    .columns(['report_due_at', 'id'])
    .where(sql.ref('reported_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('content_disposals').execute();
  await db.schema.dropTable('content_reviews').execute();
  await db.schema.dropTable('content_rule_active').execute();
  await db.schema.dropTable('content_rule_sets').execute();
}
