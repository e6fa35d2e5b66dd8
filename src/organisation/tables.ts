import type { ColumnType, Generated } from 'kysely';

/** The operator this installation serves (table created by the platform's first migration). */
export interface OrganisationTable {
  id: Generated<number>;
  name: string;
  /** Organisation profile as JSON; shape checked by the obligations engine's profile schema. */
  profile: ColumnType<Record<string, unknown>, string, string>;
  is_demo: boolean;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date, Date>;
}

export interface OrganisationTables {
  organisation: OrganisationTable;
}
