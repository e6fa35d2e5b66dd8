/** A service's real-name requirement (identity_services). */
export interface IdentityServiceTable {
  key: string;
  name: string;
  /** Comma-separated methods. */
  requires: string;
  /** JSON of the validity overrides per method. */
  validity: string;
  /** JSON array of the service accounts (usernames) that may act for the service. */
  callers: string;
  created_at: Date;
  updated_at: Date;
  updated_by: string;
  evidence_id: string | null;
  seq: string | number;
}

/** One verification of one method for one service account (no personal data). */
export interface IdentityVerificationTable {
  id: string;
  service: string;
  user_id: string;
  subject_id: string;
  handle: string;
  method: string;
  /** pending, verified, failed (expiry is read from expires_at). */
  status: string;
  provider: string;
  reference: string | null;
  /** A failure's code (mismatch, unavailable, exhausted). */
  failure: string | null;
  started_at: Date;
  code_expires_at: Date | null;
  code_tries: number;
  verified_at: Date | null;
  expires_at: Date | null;
  updated_at: Date;
  seq: string | number;
}

export interface VerifyTables {
  identity_services: IdentityServiceTable;
  identity_verifications: IdentityVerificationTable;
}
