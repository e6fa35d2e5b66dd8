/**
 * The complaint and reporting channel (CSL 2025 Art 51, 2016 Art 49): the
 * published contacts (one row per version; the latest is in force), the
 * complaints and reports received, and the replies and internal notes on them.
 */
export interface ComplaintChannelTable {
  version: number;
  phone: string | null;
  email: string | null;
  address: string | null;
  web_form: string | null;
  hours_zh: string | null;
  hours_en: string | null;
  published_at: Date;
  published_by: string;
  /** The ledger record of the publication. */
  evidence_id: string | null;
}

export interface ComplaintTable {
  id: string;
  /** TS-<year>-<sequence>, what the complainant quotes. */
  reference: string;
  kind: string;
  category: string;
  subject: string;
  body: string;
  target: string | null;
  /** As given; shown masked unless the reader may see it (each reveal is in the audit trail). */
  contact: string | null;
  contact_verified: boolean;
  lang: string;
  status: string;
  assignee: string | null;
  received_at: Date;
  due_at: Date;
  /** The handling time was counted through a year without its State Council notice. */
  due_estimated: boolean;
  answered_at: Date | null;
  closed_at: Date | null;
  outcome: string | null;
  disposal_id: string | null;
  /** SHA-256 (hex) of the tracking code the complainant was shown once. */
  tracking_hash: string;
  version: number;
  /** The ledger record of the closing. */
  evidence_id: string | null;
}

export interface ComplaintReplyTable {
  id: string;
  complaint_id: string;
  at: Date;
  by: string;
  body: string;
  /** Shown to the complainant; otherwise an internal note. */
  public: boolean;
}

export interface ComplaintTables {
  content_complaint_channel: ComplaintChannelTable;
  content_complaints: ComplaintTable;
  content_complaint_replies: ComplaintReplyTable;
}
