import type { Bilingual, Deadline, ObligationStatus } from './status.js';

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

/** A duty in the workspace, as the console reads it (the server's type is narrower). */
export type WorkspaceItemView = {
  id: string;
  title: Bilingual;
  chapter: string;
  citations: Partial<Record<string, string[]>>;
  recurrence: { kind: string; period?: string; deadline?: string; working_days?: number };
  status: ObligationStatus;
  reason: string;
  nextDue: string | null;
  lastEvidenceAt: string | null;
  owner: string | null;
  pending: number;
  /** Open tasks on the duty. */
  openTasks: number;
  /** Highest fixed fine on the entity per version, for the exposure of gaps. */
  maxFine: Record<string, number>;
};

/** The evidence ledger's health, as the dashboard shows it. */
export type LedgerStatusView = {
  size: number;
  pending: number;
  lastCheckpoint: { size: number; at: string } | null;
  verifierKey: string;
  origin: string;
  lastVerification: { at: string; ok: boolean; records: number; detail: string } | null;
};

/** The workspace dashboard. */
export type OverviewView = {
  items: WorkspaceItemView[];
  byChapter: { chapter: string; counts: Record<ObligationStatus, number> }[];
  exposure: { version: string; openGaps: number; maxEntity: number }[];
  ledger: LedgerStatusView;
  dueSoonDays: number;
  /** Open items the registers leave (filings, rectifications, renewals, reports), soonest first. */
  deadlines: Deadline[];
};
