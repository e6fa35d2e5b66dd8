import type { ColumnType } from 'kysely';

/**
 * The network-log vault's tables (CSL 2025 Art 23(3), 2016 Art 21(3)). The
 * events themselves live in the vault's segment files, never in a row; the
 * database keeps the sources they came from and the day seals recorded in
 * the ledger. JSON columns go in as JSON text and come out parsed (jsonb).
 */
type Json<T> = ColumnType<T, string, string>;

export interface LogSourceTable {
  /** Derived from the hostname (or the address when there is none): the same source gets the same id. */
  id: string;
  hostname: string | null;
  address: string | null;
  /** Editable in the console (a later session): a name, an owner, the expected volume, the MLPS system. */
  name: string | null;
  owner: string | null;
  expected_per_hour: number | null;
  system_id: string | null;
  first_seen: ColumnType<Date, Date | string, Date | string>;
  last_seen: ColumnType<Date, Date | string, Date | string>;
  // --- sources (session 6, migration 0002-sources)
  /** IANA zone of device times without an offset; Asia/Shanghai when null. */
  zone: ColumnType<string | null, string | null | undefined, string | null>;
  /** A retired source no longer counts for the duty from the day after it last sent. */
  retired: ColumnType<boolean, boolean | undefined, boolean>;
  /** Raised by every edit of the registration (optimistic concurrency). */
  version: ColumnType<number, number | undefined, number>;
  /** A legal hold: when, by whom, why (all null when none). */
  hold_since: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  hold_by: ColumnType<string | null, string | null | undefined, string | null>;
  hold_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SealSegmentColumn {
  name: string;
  size: number;
  root: string;
  sha256: string;
}

export interface LogDaySealTable {
  /** The Beijing date sealed (YYYY-MM-DD). */
  date: string;
  /** base64 root over the day's segment roots (docs/LOGVAULT-FORMAT.md). */
  day_root: string;
  segments: Json<SealSegmentColumn[]>;
  sealed_at: ColumnType<Date, Date | string, never>;
  /** The ledger record of the seal, written in the same transaction. */
  evidence_id: string;
}

// --- sources (session 6)

/** Events received from a source per hour (receive time), added to as batches are flushed. */
export interface LogSourceHourTable {
  source_id: string;
  /** The hour's start (an instant on the hour). */
  hour: ColumnType<Date, Date | string, never>;
  events: number;
}

export interface LogvaultTables {
  logvault_sources: LogSourceTable;
  logvault_day_seals: LogDaySealTable;
  logvault_source_hours: LogSourceHourTable;
}

// --- retention (session 6)

export interface ExpiredSegmentColumn {
  name: string;
  sha256: string;
  /** Events (as sealed). */
  size: number;
}

export interface LogExpiredDayTable {
  /** The Beijing date whose segments the expiry job removed (its seal row stays). */
  date: string;
  segments: Json<ExpiredSegmentColumn[]>;
  events: number;
  expired_at: ColumnType<Date, Date | string, never>;
  /** The `log_day_expired` ledger record, written in the same transaction. */
  evidence_id: string;
}

export interface LogVerifyRunTable {
  id: string;
  seq: ColumnType<number, never, never>;
  started_at: ColumnType<Date, Date | string, Date | string>;
  finished_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  state: 'running' | 'ok' | 'failed';
  from_date: string | null;
  to_date: string | null;
  from_segment: string | null;
  segments: ColumnType<number, number | undefined, number>;
  events: ColumnType<number, number | undefined, number>;
  code: string | null;
  segment: string | null;
  messages: ColumnType<{ zh: string; en: string } | null, string | null, string | null>;
  last_segment: string | null;
  by_name: string;
}

// Merged into LogvaultTables (declaration merging), so the store's queries see them.
export interface LogvaultTables {
  logvault_expired_days: LogExpiredDayTable;
  logvault_verify_runs: LogVerifyRunTable;
}
