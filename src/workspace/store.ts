import type { Kysely, Selectable } from 'kysely';
import type { NoteTable, OwnerTable, SubmissionTable, WorkspaceTables } from './tables.js';
import { txDb, type Tx } from '../platform/db/unit-of-work.js';

export type OwnerRow = Selectable<OwnerTable>;
export type SubmissionRow = Selectable<SubmissionTable>;
export type NoteRow = Selectable<NoteTable>;

export class WorkspaceStore {
  constructor(private readonly db: Kysely<WorkspaceTables>) {}

  /** The same queries inside a caller's transaction. */
  in(tx: Tx | undefined): WorkspaceStore {
    return tx ? new WorkspaceStore(txDb<WorkspaceTables>(tx)) : this;
  }

  owners(): Promise<OwnerRow[]> {
    return this.db.selectFrom('workspace_owners').selectAll().execute();
  }

  owner(obligationId: string): Promise<OwnerRow | undefined> {
    return this.db
      .selectFrom('workspace_owners')
      .selectAll()
      .where('obligation_id', '=', obligationId)
      .executeTakeFirst();
  }

  async setOwner(row: OwnerRow): Promise<void> {
    await this.db
      .insertInto('workspace_owners')
      .values(row)
      .onConflict((oc) =>
        oc.column('obligation_id').doUpdateSet({
          username: row.username,
          assigned_by: row.assigned_by,
          assigned_at: row.assigned_at,
        }),
      )
      .execute();
  }

  async insertSubmission(row: SubmissionRow): Promise<void> {
    await this.db.insertInto('workspace_submissions').values(row).execute();
  }

  findSubmission(id: string): Promise<SubmissionRow | undefined> {
    return this.db.selectFrom('workspace_submissions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  submissions(status?: string): Promise<SubmissionRow[]> {
    let q = this.db.selectFrom('workspace_submissions').selectAll().orderBy('submitted_at', 'desc');
    if (status) q = q.where('status', '=', status);
    return q.execute();
  }

  /** Newest first, keyset on (submitted_at, id): `limit` submissions after `after`. */
  submissionPage(
    status: string | undefined,
    limit: number,
    after?: readonly [Date, string],
    obligationId?: string,
  ): Promise<SubmissionRow[]> {
    let q = this.db
      .selectFrom('workspace_submissions')
      .selectAll()
      .orderBy('submitted_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    if (status) q = q.where('status', '=', status);
    if (obligationId) q = q.where('obligation_id', '=', obligationId);
    if (after) q = q.where((eb) => eb(eb.refTuple('submitted_at', 'id'), '<', eb.tuple(after[0], after[1])));
    return q.execute();
  }

  /** Closes a pending submission; false when someone else closed it first. */
  async closeSubmission(
    id: string,
    patch: Pick<SubmissionRow, 'status' | 'reviewed_by' | 'reviewed_at' | 'review_note' | 'evidence_id'>,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('workspace_submissions')
      .set(patch)
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async insertNote(row: NoteRow): Promise<void> {
    await this.db.insertInto('workspace_notes').values(row).execute();
  }

  notes(obligationId?: string): Promise<NoteRow[]> {
    let q = this.db.selectFrom('workspace_notes').selectAll().orderBy('created_at');
    if (obligationId) q = q.where('obligation_id', '=', obligationId);
    return q.execute();
  }

  /** A duty's notes oldest first, keyset on (created_at, id): `limit` notes after `after`. */
  notePage(obligationId: string, limit: number, after?: readonly [Date, string]): Promise<NoteRow[]> {
    let q = this.db
      .selectFrom('workspace_notes')
      .selectAll()
      .where('obligation_id', '=', obligationId)
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit);
    if (after) q = q.where((eb) => eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(after[0], after[1])));
    return q.execute();
  }

  async completeTask(id: string, by: string, at: Date): Promise<boolean> {
    const r = await this.db
      .updateTable('workspace_notes')
      .set({ done_at: at, done_by: by })
      .where('id', '=', id)
      .where('kind', '=', 'task')
      .where('done_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
