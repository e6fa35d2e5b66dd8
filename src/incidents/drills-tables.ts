import type { ColumnType } from 'kysely';

/**
 * Emergency drills (CSL 2025 Art 27, 36(4); CII Regulation Art 15(3)): one
 * list for every operator. JSON columns go in as JSON text and come out
 * parsed (jsonb).
 */
type Json<T> = ColumnType<T, string, string>;

export interface DrillPlanColumn {
  entryId: string;
  code: string;
  title: string;
  version: number;
  effectiveOn: string;
}

export interface DrillFollowUpColumn {
  title: string;
  owner: string | null;
  dueOn: string | null;
  doneOn: string | null;
}

export interface DrillTable {
  id: string;
  scenario: string;
  /** The Beijing date it was held (YYYY-MM-DD). */
  held_on: string;
  /** The approved emergency plan rehearsed (policies register), as it was. */
  plan: Json<DrillPlanColumn | null>;
  /** The plan version as written on a drill migrated from the CII drill register. */
  plan_version_text: string | null;
  participants: number;
  participant_names: string;
  findings: string;
  follow_ups: Json<DrillFollowUpColumn[]>;
  /** The register entry it was copied from (cii-drills), once. */
  migrated_from: string | null;
  /** The ledger record the drill was evidenced by. */
  evidence_id: string | null;
  recorded_by: string;
  recorded_at: Date;
}

export interface DrillTables {
  incident_drills: DrillTable;
}
