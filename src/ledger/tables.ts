import type { ColumnType } from 'kysely';

/** An evidence record; its canonical bytes are a leaf of the ledger's Merkle tree. */
export interface EvidenceTable {
  id: string;
  /** Position in the tree; null until the sequencer has appended it. */
  leaf_index: number | null;
  kind: string;
  obligations: ColumnType<string[], string, string>;
  summary: string;
  actor: string;
  occurred_at: Date;
  recorded_at: Date;
  file_sha256: string | null;
  /** The exact bytes hashed into the leaf (canonical JSON). */
  canonical: string;
}

/**
 * The latest evidence per duty and slot (see latest.ts), upserted in the same
 * transaction as the records: status reads this, not the records.
 */
export interface EvidenceLatestTable {
  obligation: string;
  /** `decision`, `work` or `follow_up`. */
  slot: string;
  evidence_id: string;
  kind: string;
  occurred_at: Date;
  recorded_at: Date;
}

export interface LedgerTables {
  evidence: EvidenceTable;
  evidence_latest: EvidenceLatestTable;
}
