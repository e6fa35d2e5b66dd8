import type { ColumnType, Generated } from 'kysely';

/**
 * Takedown demands from authorities (CSL 2025 Art 52, 2016 Art 50): the
 * demand, the targets it names, and the actions taken on it. JSON columns go
 * in as JSON text and come out parsed (jsonb).
 */
type Json<T> = ColumnType<T, string, string>;

export interface TakedownTable {
  id: string;
  /** A catalogue issuer code (catalog/content.yaml `takedowns.issuers`). */
  issuer: string;
  /** The issuing office's own name, as the demand gives it. */
  issuer_name: string;
  document_number: string;
  received_at: Date;
  due_at: Date;
  /** The demand named no deadline: due_at is received_at + the catalogue's default. */
  default_deadline: boolean;
  summary: string;
  /** open, then done (the last action completed it), then confirmed (the answer sent back). */
  status: 'open' | 'done' | 'confirmed';
  done_at: Date | null;
  confirmed_at: Date | null;
  confirmed_by: string | null;
  confirmation_reference: string | null;
  confirmation_note: string | null;
  /** The ledger record of the confirmation. */
  confirmation_evidence_id: string | null;
  /** Raised by every write: a write that read an older version is refused (no lost update). */
  version: number;
  recorded_by: string;
  recorded_at: Date;
}

export interface TakedownTargetTable {
  takedown_id: string;
  position: number;
  /** A URL, an account or an item id on the platform, as the demand names it. */
  value: string;
  note: string | null;
}

export interface TakedownActionTable {
  id: string;
  takedown_id: string;
  /** Order of the actions on one demand. */
  seq: Generated<number>;
  at: Date;
  by: string;
  action: string;
  /** The demand's target values it acted on. */
  targets: Json<string[]>;
  /** The disposal record it answers with (screening area), when there is one. */
  disposal_id: string | null;
  /** This action completed the demand. */
  done: boolean;
  /** The ledger record of the action. */
  evidence_id: string;
}

export interface TakedownTables {
  content_takedowns: TakedownTable;
  content_takedown_targets: TakedownTargetTable;
  content_takedown_actions: TakedownActionTable;
}
