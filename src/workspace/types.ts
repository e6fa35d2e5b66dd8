import type { NoteOut, OverviewView, SubmissionOut, WorkspaceItemView } from '../../contract/workspace.js';
import type { Deadline } from '../obligations/deadlines.js';

/** Shapes the workspace hands out (API, report, console): defined once, in contract/. */
export type WorkspaceItem = WorkspaceItemView;
export type Overview = OverviewView;

/** A capability whose records leave deadlines (MLPS, the governance and CII registers). */
export interface DeadlineSource {
  deadlines(): Promise<Deadline[]>;
}

export type { NoteOut, SubmissionOut };
