import type { Kysely, Selectable } from 'kysely';
import { txDb, type Tx } from '../platform/db/unit-of-work.js';
import type { GovernanceTables, MlpsAssessmentTable, MlpsFilingTable, MlpsSystemTable } from './tables.js';

export type SystemRow = Selectable<MlpsSystemTable>;
export type FilingRow = Selectable<MlpsFilingTable>;
export type AssessmentRow = Selectable<MlpsAssessmentTable>;

export class GovernanceStore {
  constructor(private readonly db: Kysely<GovernanceTables>) {}

  in(tx: Tx | undefined): GovernanceStore {
    return tx ? new GovernanceStore(txDb<GovernanceTables>(tx)) : this;
  }

  systems(): Promise<SystemRow[]> {
    return this.db.selectFrom('mlps_systems').selectAll().orderBy('name').execute();
  }

  findSystem(id: string): Promise<SystemRow | undefined> {
    return this.db.selectFrom('mlps_systems').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findSystemByName(name: string): Promise<SystemRow | undefined> {
    return this.db.selectFrom('mlps_systems').selectAll().where('name', '=', name).executeTakeFirst();
  }

  async upsertSystem(row: SystemRow): Promise<void> {
    const { id: _id, ...rest } = row;
    await this.db
      .insertInto('mlps_systems')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet(rest))
      .execute();
  }

  /** A system named in the organisation profile, not graded yet. */
  async insertDeclared(row: { id: string; name: string; level: number }): Promise<void> {
    await this.db.insertInto('mlps_systems').values(row).execute();
  }

  /** A declared system's expected level (a graded one's level comes from its grading). */
  async setDeclaredLevel(id: string, level: number): Promise<void> {
    await this.db
      .updateTable('mlps_systems')
      .set({ level })
      .where('id', '=', id)
      .where('graded_on', 'is', null)
      .execute();
  }

  /** Removes a declared system (never a graded one: its grading is evidence). */
  async deleteDeclared(id: string): Promise<void> {
    await this.db.deleteFrom('mlps_systems').where('id', '=', id).where('graded_on', 'is', null).execute();
  }

  async insertFiling(row: FilingRow): Promise<void> {
    await this.db.insertInto('mlps_filings').values(row).execute();
  }

  filings(): Promise<FilingRow[]> {
    return this.db.selectFrom('mlps_filings').selectAll().orderBy('filed_on', 'desc').execute();
  }

  async insertAssessment(row: AssessmentRow): Promise<void> {
    await this.db.insertInto('mlps_assessments').values(row).execute();
  }

  assessments(): Promise<AssessmentRow[]> {
    return this.db.selectFrom('mlps_assessments').selectAll().orderBy('assessed_on', 'desc').execute();
  }
}
