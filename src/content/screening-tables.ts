import type { ColumnType } from 'kysely';
import type { RuleInput, ScreenMatch } from '../../contract/content.js';

/**
 * The screening area's tables (CSL 2025 Art 49, 2016 Art 47): rule-set
 * versions, the review queue and the disposal records. JSON columns go in as
 * JSON text and come out parsed (jsonb).
 */
type Json<T> = ColumnType<T, string, string>;
type Instant = ColumnType<Date, Date | string, Date | string>;
type MaybeInstant = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface AllowEntry {
  pattern: string;
  note?: string | undefined;
}

/** One published version of the rule set: rules and allow-list together, never changed after. */
export interface RuleSetTable {
  version: number;
  created_at: ColumnType<Date, Date | string, never>;
  created_by: string;
  note: string;
  rules: Json<RuleInput[]>;
  allow: Json<AllowEntry[]>;
  rule_count: number;
  allow_count: number;
  /** Rules per category. */
  categories: Json<Record<string, number>>;
}

/** The one row naming the version in force (the newest unless an admin re-activated an older one). */
export interface RuleSetActiveTable {
  id: number;
  version: number;
  activated_at: Instant;
  activated_by: string;
}

export interface ReviewTable {
  id: string;
  item_id: string | null;
  service: string | null;
  publisher: string | null;
  url: string | null;
  excerpt: string;
  content_hash: string;
  /** The category a removal is filed under when the moderator names none (the strongest match's). */
  category: string;
  matches: Json<ScreenMatch[]>;
  version: number;
  status: ColumnType<'pending' | 'allowed' | 'removed', 'pending' | 'allowed' | 'removed' | undefined>;
  held_at: Instant;
  decided_at: MaybeInstant;
  decided_by: ColumnType<string | null, string | null | undefined, string | null>;
  note: ColumnType<string | null, string | null | undefined, string | null>;
  disposal_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export type DisposalOrigin = 'screening' | 'review' | 'manual' | 'takedown' | 'complaint';
export type DeletionState = 'not_requested' | 'requested' | 'failed' | 'confirmed';

export interface DisposalTable {
  id: string;
  origin: DisposalOrigin;
  item_id: string | null;
  service: string | null;
  publisher: string | null;
  url: string | null;
  content_hash: string;
  excerpt: string;
  category: string;
  decided_kind: 'rule' | 'person';
  decided_rules: Json<string[]>;
  decided_person: string | null;
  /** The duty the disposal's ledger record serves (by the item's service). */
  obligation: string;
  detected_at: Instant;
  stopped_at: Instant;
  /** Whether the platform is asked to delete it through the webhook. */
  deletion_wanted: boolean;
  deletion_state: DeletionState;
  deletion_requested_at: MaybeInstant;
  deletion_attempts: ColumnType<number, number | undefined, number>;
  deletion_last_error: ColumnType<string | null, string | null | undefined, string | null>;
  /** The next webhook attempt (backoff after a failure). */
  deletion_next_at: MaybeInstant;
  deletion_confirmed_at: MaybeInstant;
  deletion_due_at: Instant;
  reported_at: MaybeInstant;
  report_recipient: ColumnType<string | null, string | null | undefined, string | null>;
  report_reference: ColumnType<string | null, string | null | undefined, string | null>;
  report_due_at: Instant;
  takedown_id: string | null;
  complaint_id: string | null;
  keep_until: Instant;
  /** The ledger record written with the row. */
  evidence_id: string;
}

export interface ScreeningTables {
  content_rule_sets: RuleSetTable;
  content_rule_active: RuleSetActiveTable;
  content_reviews: ReviewTable;
  content_disposals: DisposalTable;
}
