/**
 * The identity vault's tables (issue 15). No column holds a clear name,
 * identity number or phone: the record is sealed (vault-crypto.ts), the
 * numbers are found by keyed hashes, and the masks are derived and safe.
 */
export interface SubjectTable {
  id: string;
  /** The sealed record (name, identity number, phone as JSON) under the row's data key; the id is its AAD. */
  ciphertext: string;
  /** The data key wrapped by the vault key `key_id`. */
  wrapped_key: string;
  key_id: string;
  /** HMAC-SHA256 of the normalized identity number under the index key `index_key_id`. */
  id_hash: string;
  /** HMAC-SHA256 of the normalized phone under the same index key. */
  phone_hash: string;
  index_key_id: string;
  name_masked: string;
  id_number_masked: string;
  phone_masked: string;
  created_at: Date;
  updated_at: Date;
}

export interface AccountTable {
  service: string;
  user_id: string;
  /** The public pseudonymous id of the account: random, never derived from the identity. */
  handle: string;
  subject_id: string;
  enrolled_at: Date;
}

export interface RevealTable {
  id: string;
  subject_id: string;
  basis: string;
  register_entry_id: string | null;
  reference: string | null;
  reason: string;
  /** `expired` is not stored: an approved reveal past `open_until` reads as expired. */
  status: 'pending' | 'approved' | 'rejected' | 'opened';
  requested_by: string;
  requested_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  open_until: Date | null;
  opened_at: Date | null;
  evidence_id: string | null;
}

/** The ids and dates of every key the vault used (never key bytes): the status page and the audit pack. */
export interface VaultKeyTable {
  which: 'vault' | 'index';
  id: string;
  created_at: Date;
  first_used_at: Date;
}

export interface VaultTables {
  identity_subjects: SubjectTable;
  identity_accounts: AccountTable;
  identity_reveals: RevealTable;
  identity_vault_keys: VaultKeyTable;
}
