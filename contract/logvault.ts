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
