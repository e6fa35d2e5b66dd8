/** Register entries (catalog/registers.yaml): one table for every register, the fields kept as JSON. */
export interface RegisterEntryTable {
  id: string;
  register_id: string;
  /** The entry's fields as JSON text (validated against the register's spec). */
  data: string;
  /** Its date field, for ordering. */
  occurred_on: string;
  /** The value of current_by: entries sharing it are versions of one thing. */
  entry_key: string | null;
  version: number | null;
  /** recorded (counts), pending (awaits approval), approved (counts), rejected. */
  status: string;
  /** JSON array of the catalogue duties the entry proves. */
  obligations: string;
  recorded_by: string;
  recorded_at: Date;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  review_note: string | null;
  /** JSON array of ledger record ids (the entry, then each completion). */
  evidence_ids: string;
}

export interface RegisterSettingTable {
  key: string;
  value: string;
  updated_by: string;
  updated_at: Date;
}

export interface RegisterTables {
  register_entries: RegisterEntryTable;
  register_settings: RegisterSettingTable;
}
