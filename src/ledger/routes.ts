import { z } from 'zod';
import { evidenceReceiptSchema, inclusionProofSchema } from '../../contract/ledger.js';
import { ledgerStatusSchema } from '../../contract/workspace.js';
import { allRoles } from '../platform/auth/roles.js';
import { errorResponses } from '../platform/http/common.js';
import type { ZodApp } from '../platform/http/server.js';
import { rawEvidenceRoles, type LedgerService } from './service.js';

export function registerLedgerRoutes(app: ZodApp, ledger: LedgerService): void {
  app.post(
    '/api/evidence',
    {
      config: { access: rawEvidenceRoles, action: 'evidence.record' },
      schema: {
        tags: ['ledger'],
        summary:
          'Record machine evidence for one or more duties (kinds the catalogue lists for each; no files: uploads go through review); it is in a signed checkpoint within a second',
        body: z.strictObject({
          obligations: z
            .array(z.string().regex(/^(csl|cii)\.[a-z0-9-]+$/))
            .min(1)
            .max(50),
          kind: z.string().min(1).max(60),
          summary: z.string().min(1).max(2000),
          occurredAt: z.iso.datetime({ offset: true }).optional(),
          fileSha256: z
            .string()
            .regex(/^[0-9a-f]{64}$/)
            .optional(),
        }),
        response: { 201: evidenceReceiptSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { occurredAt, ...rest } = request.body;
      const receipt = await ledger.recordRaw(request.actor!, {
        ...rest,
        ...(occurredAt ? { occurredAt: new Date(occurredAt) } : {}),
      });
      request.auditDetail = { evidenceId: receipt.id, obligations: rest.obligations };
      return reply.status(201).send(receipt);
    },
  );

  app.get(
    '/api/evidence/:id/proof',
    {
      config: { access: allRoles },
      schema: {
        tags: ['ledger'],
        summary: 'A record with its inclusion proof against the latest signed checkpoint',
        params: z.strictObject({ id: z.string().uuid() }),
        response: {
          200: inclusionProofSchema,
          ...errorResponses,
        },
      },
    },
    async (request) => ledger.proof(request.params.id),
  );

  app.get(
    '/api/ledger/status',
    {
      config: { access: allRoles },
      schema: {
        tags: ['ledger'],
        summary: 'Ledger size, pending records, last checkpoint and the verifier key',
        response: {
          200: ledgerStatusSchema,
          ...errorResponses,
        },
      },
    },
    async () => ledger.status(),
  );
}
