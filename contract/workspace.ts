/** Evidence submitted for review (four eyes) in the workspace. */
export type SubmissionOut = {
  id: string;
  obligationId: string;
  summary: string;
  occurredAt: string;
  fileSha256: string | null;
  fileName: string | null;
  submittedBy: string;
  submittedAt: string;
  status: string;
  reviewedBy: string | null;
  reviewNote: string | null;
  evidenceId: string | null;
};

/** A comment or task on a duty. */
export type NoteOut = {
  id: string;
  obligationId: string;
  kind: 'comment' | 'task';
  body: string;
  author: string;
  createdAt: string;
  assignee: string | null;
  dueDate: string | null;
  doneAt: string | null;
  doneBy: string | null;
};
