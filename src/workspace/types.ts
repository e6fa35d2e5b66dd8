import type { NoteOut, OverviewView, SubmissionOut } from '../../contract/workspace.js';
import type { LedgerStatus } from '../ledger/service.js';
import type { AssessedObligation } from '../obligations/applicability.js';
import type { Deadline } from '../obligations/deadlines.js';
import type { ObligationStatus } from '../obligations/status.js';

/** Shapes the workspace hands out (API, report). */
export type WorkspaceItem = {
  id: string;
  title: { zh: string; en: string };
  chapter: string;
  citations: AssessedObligation['citations'];
  recurrence: AssessedObligation['recurrence'];
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

export type Overview = {
  items: WorkspaceItem[];
  byChapter: { chapter: string; counts: Record<ObligationStatus, number> }[];
  exposure: { version: string; openGaps: number; maxEntity: number }[];
  ledger: LedgerStatus;
  dueSoonDays: number;
  /** Open items the registers leave (filings, rectifications, renewals, reports), soonest first. */
  deadlines: Deadline[];
};

/** A capability whose records leave deadlines (MLPS, the governance and CII registers). */
export interface DeadlineSource {
  deadlines(): Promise<Deadline[]>;
}

export type { NoteOut, SubmissionOut };

/** Fails to compile if the workspace's shapes drift from what the console reads (contract/workspace.ts). */
type Fits<A extends B, B> = A;
export type OverviewFitsContract = Fits<Overview, OverviewView>;
