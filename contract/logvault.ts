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
  /** The device's time, for events posted with one. */
  time: z.string().nullable(),
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
