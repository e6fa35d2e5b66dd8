import { sql, type Kysely } from 'kysely';

/**
 * Incidents (issue 12): the incident with its grading facts, details, plan
 * in force and breach notice; its timeline, tasks, attachments, the reports
 * sent and the breach notice's deliveries. Files (attachments, the report
 * documents as sent) live in the ledger's content-addressed store; the rows
 * keep their SHA-256.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ref', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('external_ref', 'text')
    .addColumn('discovered_at', 'timestamptz', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz')
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('involves_cii', 'boolean', (c) => c.notNull())
    .addColumn('personal_information', 'boolean', (c) => c.notNull())
    .addColumn('systems', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('observables', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('facts', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('details', 'jsonb', (c) => c.notNull())
    .addColumn('manual_grade', 'text')
    .addColumn('manual_reason', 'text')
    .addColumn('manual_by', 'text')
    .addColumn('manual_at', 'timestamptz')
    .addColumn('plan', 'jsonb')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('handling_ended_at', 'timestamptz')
    .addColumn('content_changed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('breach', 'jsonb')
    .addColumn('breach_updated_by', 'text')
    .addColumn('breach_updated_at', 'timestamptz')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // A SIEM (or the log vault) retrying the same alert finds its incident instead of opening another.
  await db.schema
    .createIndex('incidents_external_ref')
    .on('incidents')
    .columns(['source', 'external_ref'])
    .unique()
    .execute();
  await db.schema
    .createIndex('incidents_discovered')
    .on('incidents')
    .columns(['discovered_at', 'id'])
    .execute();
  await db.schema
    .createTable('incident_counters')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('last', 'integer', (c) => c.notNull())
    .execute();
  const child = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'));
  await child('incident_timeline')
    .addColumn('seq', 'serial', (c) => c.notNull().unique())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('summary_zh', 'text', (c) => c.notNull())
    .addColumn('summary_en', 'text', (c) => c.notNull())
    .execute();
  await child('incident_tasks')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('assignee', 'text')
    .addColumn('due_at', 'timestamptz')
    .addColumn('done_at', 'timestamptz')
    .addColumn('done_by', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await child('incident_attachments')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await child('incident_reports')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('rule', 'text')
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('late', 'boolean', (c) => c.notNull())
    .execute();
  await child('incident_breach_deliveries')
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('count', 'integer')
    .addColumn('delivered_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .execute();
  for (const t of [
    'incident_timeline',
    'incident_tasks',
    'incident_attachments',
    'incident_reports',
    'incident_breach_deliveries',
  ])
    await db.schema.createIndex(`${t}_incident`).on(t).column('incident_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'incident_breach_deliveries',
    'incident_reports',
    'incident_attachments',
    'incident_tasks',
    'incident_timeline',
    'incident_counters',
    'incidents',
  ])
    await db.schema.dropTable(t).execute();
}
