import { z } from 'zod';
import { pageOf } from './paging.js';

/** POST /api/evidence: the record's id and when the ledger took it. */
export const evidenceReceiptSchema = z.strictObject({ id: z.string(), recordedAt: z.string() });

/** GET /api/evidence/:id/proof: the record with its inclusion proof against the latest checkpoint. */
export const inclusionProofSchema = z.strictObject({
  index: z.number(),
  size: z.number(),
  proof: z.array(z.string()),
  canonical: z.string(),
  checkpoint: z.string(),
});

/** An evidence record in the tree, as the ledger page lists it (GET /api/ledger/records). */
export const ledgerRecordSchema = z.strictObject({
  id: z.string(),
  /** Its leaf index in the Merkle tree. */
  index: z.number(),
  kind: z.string(),
  obligations: z.array(z.string()),
  summary: z.string(),
  actor: z.string(),
  /** Who approved it, when a second person did. */
  reviewer: z.string().nullable(),
  occurredAt: z.string(),
  recordedAt: z.string(),
  fileSha256: z.string().nullable(),
});
export type LedgerRecordView = z.infer<typeof ledgerRecordSchema>;
/** GET /api/ledger/records: newest leaf first. */
export const ledgerRecordPageSchema = pageOf('records', ledgerRecordSchema);
export type LedgerRecordPage = z.infer<typeof ledgerRecordPageSchema>;

/** A signed checkpoint (GET /api/ledger/checkpoints). */
export const checkpointSchema = z.strictObject({
  size: z.number(),
  at: z.string(),
  /** The tree's root at that size (base64), as the note signs it. */
  root: z.string(),
  /** The whole signed note (C2SP signed-note): what a verifier checks. */
  note: z.string(),
});
export type CheckpointView = z.infer<typeof checkpointSchema>;
/** GET /api/ledger/checkpoints: newest first. */
export const checkpointPageSchema = pageOf('checkpoints', checkpointSchema);
export type CheckpointPage = z.infer<typeof checkpointPageSchema>;

/** A self-check of the ledger (POST /api/ledger/verify; the last one is in the status). */
export const verificationSchema = z.strictObject({
  at: z.string(),
  ok: z.boolean(),
  records: z.number(),
  detail: z.string(),
  messages: z.strictObject({ zh: z.string(), en: z.string() }),
});
export type VerificationView = z.infer<typeof verificationSchema>;
