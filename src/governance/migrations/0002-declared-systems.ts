import { sql, type Kysely } from 'kysely';

/**
 * One list of MLPS systems. Before, the organisation profile kept its own
 * list (name and level) beside the graded register; from here the register
 * is the list: a system can be declared (named, with the level the operator
 * expects) before it is graded, so its grading columns may be empty.
 *
 * Each system of the profile the register does not have yet (by name) is
 * copied in as declared. A system in both keeps the register's row: its
 * level is the graded one. This one-time move reads the organisation table
 * (created by the platform's first migration, so it is there before any
 * capability's); the services never do.
 */
const gradingColumns = ['stage', 'bi_object', 'bi_harm', 'ss_object', 'ss_harm', 'graded_on', 'graded_by'];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const c of gradingColumns)
    await db.schema
      .alterTable('mlps_systems')
      .alterColumn(c, (col) => col.dropNotNull())
      .execute();
  await sql`
    insert into mlps_systems (id, name, level)
    select gen_random_uuid()::text, s->>'name', (s->>'level')::integer
      from organisation o
      cross join lateral jsonb_array_elements(
        case when jsonb_typeof(o.profile->'mlps'->'systems') = 'array'
             then o.profile->'mlps'->'systems' else '[]'::jsonb end) s
     where o.id = (select min(id) from organisation)
       and jsonb_typeof(s->'name') = 'string' and s->>'name' <> ''
       and jsonb_typeof(s->'level') = 'number' and (s->>'level')::numeric in (1, 2, 3, 4, 5)
    on conflict (name) do nothing
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Declared systems have no grading to keep under the old NOT NULL columns.
  await sql`delete from mlps_systems where graded_on is null`.execute(db);
  for (const c of gradingColumns)
    await db.schema
      .alterTable('mlps_systems')
      .alterColumn(c, (col) => col.setNotNull())
      .execute();
}
