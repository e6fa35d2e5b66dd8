import { z } from 'zod';

/**
 * The network-log vault's HTTP contract (issue 13 item 7). Events go in as a
 * JSON array or NDJSON (one event a line) and come back from the search with
 * the vault's receive time, the source they were registered under and the
 * line as it was received.
 */

/** At most this many events, or this many bytes, in one ingest request. */
export const INGEST_MAX_EVENTS = 10_000;
export const INGEST_MAX_BYTES = 8 * 1024 * 1024;
export const SEARCH_LIMIT_DEFAULT = 100;
export const SEARCH_LIMIT_MAX = 1000;
/** An export holds at most this many events (narrow the query for more). */
export const EXPORT_MAX_EVENTS = 1_000_000;
export const exportFormats = ['ndjson', 'csv'] as const;

/** One event as a shipper posts it. */
export const ingestEventSchema = z.strictObject({
  /** The device's time, when it sent one (kept beside the receive time). */
  time: z.iso.datetime({ offset: true }).optional(),
  host: z.string().min(1).max(255).optional(),
  app: z.string().min(1).max(255).optional(),
  /** Syslog severity: 0 emergency ... 7 debug. */
  severity: z.number().int().min(0).max(7).optional(),
  message: z.string().max(65_536),
  fields: z.record(z.string(), z.unknown()).optional(),
});
export type IngestEvent = z.infer<typeof ingestEventSchema>;

export const ingestOutcomeSchema = z.strictObject({ accepted: z.number().int() });

export const storedEventSchema = z.strictObject({
  /** Vault-wide sequence number. */
  seq: z.number().int(),
  receivedAt: z.iso.datetime(),
  source: z.string(),
  hostname: z.string().nullable(),
  app: z.string().nullable(),
  severity: z.number().int().nullable(),
  /** The device's time (posted with the event, or read from the syslog line), as an instant. */
  time: z.string().nullable(),
  /** The line's format as the parser read it (rfc5424, rfc3164, cef, kv, asa, unknown); json for an HTTP event. */
  format: z.string(),
  /** Device time minus receive time, in seconds, when the device sent a time; flagged beyond SKEW_FLAG_SECONDS. */
  skewSeconds: z.number().nullable(),
  skewed: z.boolean(),
  message: z.string(),
  fields: z.record(z.string(), z.unknown()).nullable(),
  /** The line as received (an HTTP event: its JSON text). */
  raw: z.string(),
  segment: z.string(),
});
export type StoredEventView = z.infer<typeof storedEventSchema>;

export const eventPageSchema = z.strictObject({
  events: z.array(storedEventSchema),
  next: z.string().nullable(),
});

/** An incident opened from one event of a search (the incident capability numbers and keeps it). */
export const incidentFromEventSchema = z.strictObject({
  /** The event as a search answered it: its receive time and vault sequence number. */
  receivedAt: z.iso.datetime(),
  seq: z.number().int().min(0),
  title: z.string().trim().min(1).max(200),
  /** A GB/T 20986-2023 category (catalog/incidents.yaml); other when not known yet. */
  category: z.string().max(64).default('other'),
});
export const incidentFromEventOutcomeSchema = z.strictObject({
  id: z.string(),
  ref: z.string(),
  /** False when an incident was already opened from this event. */
  created: z.boolean(),
});

// ---------------------------------------------------------------------------
// Sources, coverage, retention and the vault's status (the console's page).

/** A source's registration, editable by the security officer (hostname and address are as seen). */
export const sourcePatchSchema = z.strictObject({
  /** The version the editor read (a conflict, 409, when someone saved in between). */
  version: z.number().int().min(1),
  name: z.string().trim().min(1).max(200).nullable().optional(),
  owner: z.string().trim().min(1).max(200).nullable().optional(),
  /** Events an hour the source usually sends: below it for long, the source is flagged quiet. */
  expectedPerHour: z.number().int().min(1).max(100_000_000).nullable().optional(),
  /** The MLPS system (governance register) the source belongs to. */
  systemId: z.string().min(1).max(64).nullable().optional(),
  /** IANA zone for device times without an offset (RFC 3164); Asia/Shanghai when unset. */
  zone: z.string().min(1).max(64).nullable().optional(),
  /** A retired source no longer counts for the duty from the day after it last sent. */
  retired: z.boolean().optional(),
});

export const legalHoldSchema = z.strictObject({
  since: z.iso.datetime(),
  by: z.string(),
  reason: z.string(),
});

export const sourceViewSchema = z.strictObject({
  id: z.string(),
  hostname: z.string().nullable(),
  address: z.string().nullable(),
  name: z.string().nullable(),
  owner: z.string().nullable(),
  expectedPerHour: z.number().int().nullable(),
  systemId: z.string().nullable(),
  zone: z.string().nullable(),
  retired: z.boolean(),
  version: z.number().int(),
  firstSeen: z.iso.datetime(),
  lastSeen: z.iso.datetime(),
  /** Nothing came for longer than its expected interval allows (or 24 hours for a source with no expected volume). */
  quiet: z.boolean(),
  /** Events in the last 24 hours. */
  last24h: z.number().int(),
  /** Legal hold: none of its logs leave while it holds, whatever their age. */
  hold: legalHoldSchema.nullable(),
  coverage: z.strictObject({
    /** The oldest Beijing day the vault still holds for it. */
    oldestKept: z.string().nullable(),
    /** The oldest day the law asks for today (or the vault's first day when it started later). */
    required: z.string(),
    shortDays: z.number().int(),
    sinceStart: z.boolean(),
  }),
});
export type SourceViewDto = z.infer<typeof sourceViewSchema>;

export const sourcePageSchema = z.strictObject({
  sources: z.array(sourceViewSchema),
  next: z.string().nullable(),
});

/** Hourly counts of one source and the gaps of a source that usually sends (Beijing hours, instants). */
export const sourceActivitySchema = z.strictObject({
  source: z.string(),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  hours: z.array(z.strictObject({ at: z.iso.datetime(), events: z.number().int() })),
  gaps: z.array(z.strictObject({ from: z.iso.datetime(), to: z.iso.datetime(), hours: z.number().int() })),
});

export const holdRequestSchema = z.strictObject({ reason: z.string().trim().min(1).max(2000) });

export const verifyRequestSchema = z.strictObject({
  /** Beijing dates (YYYY-MM-DD), from inclusive, to exclusive; the whole vault when both are left out. */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

export const verifyRunSchema = z.strictObject({
  id: z.string(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  /** running, ok, or failed (code and segment name the first problem). */
  state: z.enum(['running', 'ok', 'failed']),
  from: z.string().nullable(),
  to: z.string().nullable(),
  segments: z.number().int(),
  events: z.number().int(),
  code: z.string().nullable(),
  segment: z.string().nullable(),
  message: z.string().nullable(),
  /** The problem in both languages (show messages[lang]); message is its English. */
  messages: z.strictObject({ zh: z.string(), en: z.string() }).nullable(),
  by: z.string(),
});

export const verifyRunPageSchema = z.strictObject({
  runs: z.array(verifyRunSchema),
  next: z.string().nullable(),
});

export const listenerStatusSchema = z.strictObject({
  transport: z.enum(['udp', 'tcp', 'tls']),
  /** host:port it listens on, null when off. */
  address: z.string().nullable(),
  received: z.number().int(),
  dropped: z.number().int(),
});

export const vaultStatusSchema = z.strictObject({
  origin: z.string(),
  startedOn: z.string(),
  /** The policy in days, and the legal floor it can never go below (catalog/logvault.yaml, with its citation). */
  policyDays: z.number().int(),
  minimumMonths: z.number().int(),
  longestSixMonthsDays: z.number().int(),
  /** The duty's citations as open items carry them ("csl2025:23(3)"): the console cites them in its language. */
  citations: z.array(z.string()),
  segments: z.number().int(),
  events: z.number().int(),
  oldestDay: z.string().nullable(),
  sealedDays: z.number().int(),
  lastSealed: z.string().nullable(),
  /** Beijing days of the window not sealed (the duty is overdue while any is). */
  unsealedDays: z.array(z.string()),
  /** The vault refuses new events (disk nearly full, a failed write): why. */
  refusing: z.string().nullable(),
  freeBytes: z.number().nullable(),
  minFreeBytes: z.number(),
  listeners: z.array(listenerStatusSchema),
  lastVerify: verifyRunSchema.nullable(),
  /** Segments removed by the expiry job so far, and the last day removed. */
  expired: z.strictObject({ segments: z.number().int(), lastDay: z.string().nullable() }),
});
export type VaultStatusDto = z.infer<typeof vaultStatusSchema>;
