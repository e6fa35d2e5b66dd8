import { sql, type Kysely } from 'kysely';

/**
 * The latest evidence per duty and slot (src/ledger/latest.ts), so status no
 * longer reads every record; filled from the records already there, so an
 * existing database upgrades in place.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('evidence_latest')
    .addColumn('obligation', 'text', (c) => c.notNull())
    .addColumn('slot', 'text', (c) => c.notNull().check(sql`slot in ('decision', 'work', 'follow_up')`))
    .addColumn('evidence_id', 'text', (c) => c.notNull().references('evidence.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('evidence_latest_pkey', ['obligation', 'slot'])
    .execute();
  await backfillEvidenceLatest(db);
}

/**
 * Rebuilds the summary from every record: per duty and slot, the greatest
 * (occurred_at, recorded_at, id). The slot rule is written out here as it
 * stood when this migration was made (a migration does not change later).
 */
export async function backfillEvidenceLatest(db: Kysely<unknown>): Promise<void> {
  await sql`delete from evidence_latest`.execute(db);
  await sql`
    insert into evidence_latest (obligation, slot, evidence_id, kind, occurred_at, recorded_at)
    select distinct on (o.obligation, s.slot)
      o.obligation, s.slot, e.id, e.kind, e.occurred_at, e.recorded_at
    from evidence e
    cross join lateral jsonb_array_elements_text(e.obligations) as o(obligation)
    cross join lateral (
      select case
        when e.kind in ('not_applicable', 'applicable_again') then 'decision'
        when right(e.kind, 10) = '_completed' then 'follow_up'
        else 'work'
      end as slot
    ) as s
    order by o.obligation, s.slot, e.occurred_at desc, e.recorded_at desc, e.id collate "C" desc`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('evidence_latest').execute();
}
