import { sql, type Kysely } from 'kysely';

/** The complaint and reporting channel: its published contacts, the complaints and their replies. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('content_complaint_channel')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('address', 'text')
    .addColumn('web_form', 'text')
    .addColumn('hours_zh', 'text')
    .addColumn('hours_en', 'text')
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.notNull())
    .addColumn('evidence_id', 'text')
    .execute();
  await sql`create sequence content_complaint_seq`.execute(db);
  await db.schema
    .createTable('content_complaints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('contact', 'text')
    .addColumn('contact_verified', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('assignee', 'text')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('due_estimated', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('answered_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('outcome', 'text')
    .addColumn('disposal_id', 'text')
    .addColumn('tracking_hash', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('evidence_id', 'text')
    .execute();
  await db.schema
    .createIndex('content_complaints_by_received')
    .on('content_complaints')
    .columns(['received_at', 'id'])
    .execute();
  await db.schema
    .createIndex('content_complaints_by_status')
    .on('content_complaints')
    .columns(['status', 'due_at'])
    .execute();
  await db.schema
    .createTable('content_complaint_replies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('complaint_id', 'text', (c) =>
      c.notNull().references('content_complaints.id').onDelete('cascade'),
    )
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('by', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('public', 'boolean', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('content_complaint_replies_by_complaint')
    .on('content_complaint_replies')
    .columns(['complaint_id', 'at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('content_complaint_replies').execute();
  await db.schema.dropTable('content_complaints').execute();
  await sql`drop sequence content_complaint_seq`.execute(db);
  await db.schema.dropTable('content_complaint_channel').execute();
}
