import { sql, type Kysely } from 'kysely';

/**
 * Two hardening changes of the platform's own tables:
 *
 * - the audit trail can fold repeated anonymous refusals (404, 429, 401 on a
 *   closed route) from one address into one row per status and time window:
 *   `repeat_key` names the window (unique), `count` and `last_at` say how
 *   many and until when;
 * - usernames are unique regardless of case. Accounts that already differ
 *   only in case keep the oldest one's name; the others are renamed
 *   (`name.2`, `name.3`, ...) and the renaming is written to the audit trail,
 *   so the admin can tell those people their new sign-in name.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_events').addColumn('repeat_key', 'text').execute();
  await db.schema
    .alterTable('audit_events')
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('audit_events').addColumn('last_at', 'timestamptz').execute();
  await db.schema
    .createIndex('audit_events_repeat_key')
    .unique()
    .on('audit_events')
    .column('repeat_key')
    .execute();

  const users = await sql<{ id: string; username: string }>`
    select id, username from users order by created_at, id`.execute(db);
  const taken = new Set(users.rows.map((u) => u.username.toLowerCase()));
  const seen = new Set<string>();
  for (const u of users.rows) {
    const lower = u.username.toLowerCase();
    if (!seen.has(lower)) {
      seen.add(lower);
      continue;
    }
    let n = 2;
    let name = `${u.username.slice(0, 60)}.${n}`;
    while (taken.has(name.toLowerCase())) name = `${u.username.slice(0, 60)}.${++n}`;
    taken.add(name.toLowerCase());
    seen.add(name.toLowerCase());
    await sql`update users set username = ${name}, updated_at = now() where id = ${u.id}`.execute(db);
    const detail = JSON.stringify({
      from: u.username,
      to: name,
      reason: 'usernames are now case-insensitive',
    });
    await sql`
      insert into audit_events (actor_label, via, action, detail)
      values ('migration', 'cli', 'users.renamed', ${detail}::jsonb)`.execute(db);
  }
  await sql`create unique index users_username_lower on users (lower(username))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('users_username_lower').execute();
  await db.schema.dropIndex('audit_events_repeat_key').execute();
  await db.schema.alterTable('audit_events').dropColumn('last_at').execute();
  await db.schema.alterTable('audit_events').dropColumn('count').execute();
  await db.schema.alterTable('audit_events').dropColumn('repeat_key').execute();
}
