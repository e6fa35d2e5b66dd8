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

export interface WorkspaceTables {
  workspace_owners: OwnerTable;
  workspace_submissions: SubmissionTable;
}
