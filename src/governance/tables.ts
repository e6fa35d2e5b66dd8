/** MLPS registers: systems with their grading, filings with public security, assessments. */
export interface MlpsSystemTable {
  id: string;
  name: string;
  /** running: graded while in operation; new: filing counts from go-live. */
  stage: string;
  went_live_on: string | null;
  bi_object: string;
  bi_harm: string;
  ss_object: string;
  ss_harm: string;
  level: number;
  graded_on: string;
  graded_by: string;
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
