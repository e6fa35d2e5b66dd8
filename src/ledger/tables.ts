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

export interface LedgerTables {
  evidence: EvidenceTable;
}
