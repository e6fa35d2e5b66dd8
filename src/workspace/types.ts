import type {
  DutyDetail,
  NoteOut,
  OverviewView,
  People,
  ProvingRegister,
  SubmissionOut,
  WorkspaceItemView,
} from '../../contract/workspace.js';
import type { Deadline } from '../obligations/deadlines.js';

/** Shapes the workspace hands out (API, report, console): defined once, in contract/. */
export type WorkspaceItem = WorkspaceItemView;
export type Overview = OverviewView;

/** A capability whose records leave deadlines (MLPS, the governance and CII registers). */
export interface DeadlineSource {
  deadlines(): Promise<Deadline[]>;
}

/** What the workspace asks of the other capabilities about a duty and about people. */
export interface WorkspaceDirectory {
  registersFor(obligationId: string): Promise<ProvingRegister[]>;
  people(): Promise<People['people']>;
}

export type { DutyDetail, NoteOut, People, SubmissionOut };
