import type { Kysely, Selectable } from 'kysely';
import { txDb, type Tx } from '../platform/db/unit-of-work.js';
import type { OrganisationTable, OrganisationTables } from './tables.js';

export type OrganisationRow = Selectable<OrganisationTable>;

export class OrganisationStore {
  constructor(private readonly db: Kysely<OrganisationTables>) {}

  in(tx: Tx | undefined): OrganisationStore {
    return tx ? new OrganisationStore(txDb<OrganisationTables>(tx)) : this;
  }

  first(): Promise<OrganisationRow | undefined> {
    return this.db.selectFrom('organisation').selectAll().orderBy('id').limit(1).executeTakeFirst();
  }

  insert(
    row: { name: string; profile: Record<string, unknown>; is_demo: boolean },
    now: Date,
  ): Promise<OrganisationRow> {
    return this.db
      .insertInto('organisation')
      .values({
        name: row.name,
        profile: JSON.stringify(row.profile),
        is_demo: row.is_demo,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  update(
    id: number,
    patch: { name: string; profile: Record<string, unknown> },
    now: Date,
  ): Promise<OrganisationRow | undefined> {
    return this.db
      .updateTable('organisation')
      .set({ name: patch.name, profile: JSON.stringify(patch.profile), updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }
}
