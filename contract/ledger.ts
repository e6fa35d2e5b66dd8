import { z } from 'zod';

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
