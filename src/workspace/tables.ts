/** Who owns each duty, and evidence waiting for a reviewer. */
export interface OwnerTable {
  obligation_id: string;
  username: string;
  assigned_by: string;
  assigned_at: Date;
}

export interface SubmissionTable {
  id: string;
  obligation_id: string;
  summary: string;
  occurred_at: Date;
  file_sha256: string | null;
  file_name: string | null;
  submitted_by: string;
  submitted_at: Date;
  status: string;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  review_note: string | null;
  evidence_id: string | null;
}

/** Comments and tasks on a duty. */
export interface NoteTable {
  id: string;
  obligation_id: string;
  kind: string;
  body: string;
  author: string;
  created_at: Date;
  assignee: string | null;
  /** YYYY-MM-DD, Beijing date. */
  due_date: string | null;
  done_at: Date | null;
  done_by: string | null;
}

export interface WorkspaceTables {
  workspace_notes: NoteTable;
  workspace_owners: OwnerTable;
  workspace_submissions: SubmissionTable;
}
