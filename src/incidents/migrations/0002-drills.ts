import { sql, type Kysely } from 'kysely';

/**
 * Drills, one list for every operator. Before, only a CII operator recorded
 * drills, as entries of the `cii-drills` register; from here they are the
 * incidents capability's own. Each of those entries is copied in (scenario,
 * drilledOn -> held_on, planVersion as written, participants, lessons ->
 * findings) and then removed from the registers' table, so a drill is never
 * kept twice. The ledger records those entries made stay as they are: they
 * are the evidence (csl.cii-emergency-drills stays met from them); this
 * migration writes none. Like governance/0002 it reads another capability's
 * table once, here in SQL; the services never do.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('incident_drills')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scenario', 'text', (c) => c.notNull())
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('plan', 'jsonb')
    .addColumn('plan_version_text', 'text')
    .addColumn('participants', 'integer', (c) => c.notNull())
    .addColumn('participant_names', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('findings', 'text', (c) => c.notNull())
    .addColumn('follow_ups', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('migrated_from', 'text', (c) => c.unique())
    .addColumn('evidence_id', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('incident_drills_by_date')
    .on('incident_drills')
    .columns(['held_on', 'recorded_at', 'id'])
    .execute();

  // A database built without the registers capability has nothing to move.
  const { rows } = await sql<{ present: boolean }>`
    select to_regclass('register_entries') is not null as present`.execute(db);
  if (!rows[0]?.present) return;
  await sql`
    insert into incident_drills (id, scenario, held_on, plan, plan_version_text, participants,
                                 participant_names, findings, follow_ups, migrated_from, evidence_id,
                                 recorded_by, recorded_at)
    select gen_random_uuid()::text,
           coalesce(d->>'scenario', ''),
           coalesce(d->>'drilledOn', e.occurred_on),
           null,
           nullif(trim(coalesce(d->>'planVersion', '')), ''),
           case when jsonb_typeof(d->'participants') = 'number'
                then greatest(round((d->>'participants')::numeric), 0)::integer else 0 end,
           '',
           coalesce(d->>'lessons', ''),
           '[]'::jsonb,
           e.id,
           case when jsonb_typeof(e.evidence_ids::jsonb) = 'array' then e.evidence_ids::jsonb->>0 end,
           e.recorded_by,
           e.recorded_at
      from register_entries e
      cross join lateral (select e.data::jsonb as d) x
     where e.register_id = 'cii-drills' and e.status in ('recorded', 'approved')
    on conflict (migrated_from) do nothing
  `.execute(db);
  await sql`
    delete from register_entries
     where register_id = 'cii-drills'
       and id in (select migrated_from from incident_drills where migrated_from is not null)
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // The migrated drills go back to the register they came from; drills recorded since go with the table.
  const { rows } = await sql<{ present: boolean }>`
    select to_regclass('register_entries') is not null as present`.execute(db);
  if (rows[0]?.present)
    await sql`
      insert into register_entries (id, register_id, data, occurred_on, entry_key, version, status,
                                    obligations, recorded_by, recorded_at, evidence_ids)
      select migrated_from, 'cii-drills',
             jsonb_strip_nulls(jsonb_build_object('scenario', scenario, 'drilledOn', held_on,
               'planVersion', plan_version_text, 'participants', participants, 'lessons', findings))::text,
             held_on, null, null, 'recorded', '["csl.cii-emergency-drills"]',
             recorded_by, recorded_at,
             case when evidence_id is null then '[]' else jsonb_build_array(evidence_id)::text end
        from incident_drills where migrated_from is not null
    `.execute(db);
  await db.schema.dropTable('incident_drills').execute();
}
