/**
 * MLPS registers: systems with their grading, filings with public security, assessments.
 * The systems are the organisation's one list: a system named in the profile and not
 * graded yet is "declared" (its grading columns empty, its level the one expected).
 */
export interface MlpsSystemTable {
  id: string;
  name: string;
  /** running: graded while in operation; new: filing counts from go-live. Null while declared. */
  stage: string | null;
  went_live_on: string | null;
  bi_object: string | null;
  bi_harm: string | null;
  ss_object: string | null;
  ss_harm: string | null;
  /** The graded level, or the level expected while declared. */
  level: number;
  /** Null while the system is declared and not graded. */
  graded_on: string | null;
  graded_by: string | null;
}

export interface MlpsFilingTable {
  id: string;
  system_id: string;
  filed_on: string;
  authority: string;
  reference: string;
  recorded_by: string;
}

export interface MlpsAssessmentTable {
  id: string;
  system_id: string;
  assessed_on: string;
  score: number;
  high_risk: boolean;
  conclusion: string;
  assessor: string;
  recorded_by: string;
}

export interface GovernanceTables {
  mlps_systems: MlpsSystemTable;
  mlps_filings: MlpsFilingTable;
  mlps_assessments: MlpsAssessmentTable;
}
