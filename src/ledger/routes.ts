import { z } from 'zod';
import {
  checkpointPageSchema,
  evidenceReceiptSchema,
  inclusionProofSchema,
  ledgerRecordPageSchema,
  verificationSchema,
} from '../../contract/ledger.js';
import { ledgerStatusSchema } from '../../contract/workspace.js';
import { allRoles } from '../platform/auth/roles.js';
import { errorResponses } from '../platform/http/common.js';
import type { ZodApp } from '../platform/http/server.js';
import { idKey, pageQuery, pageRequest } from '../platform/paging.js';
import { addDays, beijingMidnight } from '../platform/time.js';
import type { FastifyRequest } from 'fastify';
import { rawEvidenceRoles, verifierRoles, type LedgerService } from './service.js';

/** The self-check reads every record: a few per person and minute. */
const verifyRateLimit = {
  max: 6,
  timeWindow: '1 minute',
  keyGenerator: (request: FastifyRequest) =>
    request.actor ? `verify:${request.actor.userId}` : `verify:${request.ip}`,
};

const dutyId = z.string().regex(/^(csl|cii)\.[a-z0-9-]+$/);

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
        querystring: z.strictObject({ download: z.literal('1').optional() }),
        response: {
          200: inclusionProofSchema,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const proof = await ledger.proof(request.params.id);
      // ?download=1: the same JSON as a file to keep or hand to a verifier.
      if (request.query.download)
        void reply.header(
          'content-disposition',
          `attachment; filename="wangan-proof-${proof.index}-${proof.size}.json"`,
        );
      return proof;
    },
  );

  app.get(
    '/api/ledger/records',
    {
      config: { access: allRoles },
      schema: {
        tags: ['ledger'],
        summary:
          'Records in the tree, newest first: search (summary, kind, actor, duty id or title), filters by duty, kind and when the work happened (Beijing dates; paged: limit, cursor -> next)',
        querystring: pageQuery(idKey).extend({
          q: z.string().max(200).optional(),
          duty: dutyId.optional(),
          kind: z.string().min(1).max(60).optional(),
          from: z.iso.date().optional(),
          to: z.iso.date().optional(),
        }),
        response: { 200: ledgerRecordPageSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { q, duty, kind, from, to } = request.query;
      return ledger.recordPage(
        {
          search: q,
          duty,
          kind,
          from: from ? beijingMidnight(from) : undefined,
          // `to` is the last day included.
          to: to ? beijingMidnight(addDays(to, 1)) : undefined,
        },
        pageRequest(request.query),
      );
    },
  );

  app.get(
    '/api/ledger/checkpoints',
    {
      config: { access: allRoles },
      schema: {
        tags: ['ledger'],
        summary: 'The signed checkpoints, newest first (paged: limit, cursor -> next)',
        querystring: pageQuery(idKey),
        response: { 200: checkpointPageSchema, ...errorResponses },
      },
    },
    async (request) => ledger.checkpointPage(pageRequest(request.query)),
  );

  app.post(
    '/api/ledger/verify',
    {
      config: { access: verifierRoles, action: 'ledger.verify', readOnly: true, rateLimit: verifyRateLimit },
      schema: {
        tags: ['ledger'],
        summary:
          'Run the self-check now: every record against its leaf, every checkpoint against the tree (the result is also the status)',
        body: z.strictObject({}).optional(),
        response: { 200: verificationSchema, ...errorResponses },
      },
    },
    async (request) => {
      const v = await ledger.verifyOnDemand(request.actor!);
      request.auditDetail = { ok: v.ok, records: v.records };
      return v;
    },
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
