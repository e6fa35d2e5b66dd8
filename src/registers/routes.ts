import { z } from 'zod';
import {
  entrySchema,
  entrySorts,
  entryStatuses,
  importOutcomeSchema,
  importPreviewSchema,
  registerDeadlinesSchema,
  registerDetailSchema,
  registerListSchema,
} from '../../contract/registers.js';
import { allRoles } from '../platform/auth/roles.js';
import { errorResponses } from '../platform/http/common.js';
import { grantedActions } from '../platform/http/guard.js';
import type { ZodApp } from '../platform/http/server.js';
import { pageQuery, sortedKey } from '../platform/paging.js';
import {
  registerApprovers,
  registerWriterRoles,
  type ImportInput,
  type RegistersService,
} from './service.js';

const registerId = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/);
const params = z.strictObject({ id: registerId });
const entryParams = z.strictObject({ id: registerId, entryId: z.string().uuid() });
const value = z.union([
  z.string().max(5000),
  z.number(),
  z.boolean(),
  z.null(),
  z.strictObject({ name: z.string().min(1).max(200), contentBase64: z.string().max(1_000_000) }),
]);
const entryBody = z.strictObject({ data: z.record(z.string().max(64), value) });
const entryOut = entrySchema;
/** An import file of at most 3 MiB, base64 in JSON (or CSV text of as much). */
const MAX_IMPORT_FILE = 3 * 1024 * 1024;
const IMPORT_BODY_LIMIT = Math.ceil((MAX_IMPORT_FILE * 4) / 3) + 64 * 1024;
const importBody = z.union([
  z.strictObject({
    file: z
      .string()
      .min(1)
      .max(Math.ceil((MAX_IMPORT_FILE * 4) / 3) + 4)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64'),
    /** The file's name, for the record (the content tells CSV from .xlsx). */
    name: z.string().max(200).optional(),
  }),
  z.strictObject({ csv: z.string().min(1).max(MAX_IMPORT_FILE) }),
]);
function importInput(body: z.infer<typeof importBody>): ImportInput {
  return 'file' in body ? { file: new Uint8Array(Buffer.from(body.file, 'base64')) } : { csv: body.csv };
}
/** The entries list: words, status, recorder, dates (its date field), a whitelisted order; paged. */
const entryQuery = pageQuery(sortedKey).extend({
  q: z.string().trim().max(200).optional(),
  status: z.enum(entryStatuses).optional(),
  recordedBy: z.string().max(64).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  sort: z.enum(entrySorts).default('occurred_desc'),
});

export function registerRegisterRoutes(app: ZodApp, registers: RegistersService): void {
  app.get(
    '/api/registers',
    {
      config: { access: allRoles },
      schema: {
        tags: ['registers'],
        summary: 'Governance and CII registers, with whether each applies to the organisation',
        response: { 200: registerListSchema, ...errorResponses },
      },
    },
    async () => ({ registers: await registers.list() }),
  );

  app.get(
    '/api/registers/deadlines',
    {
      config: { access: allRoles },
      schema: {
        tags: ['registers'],
        summary: 'Open items the register entries leave (rectifications, renewals, reports)',
        response: { 200: registerDeadlinesSchema, ...errorResponses },
      },
    },
    async () => ({ deadlines: await registers.deadlines() }),
  );

  app.get(
    '/api/registers/:id',
    {
      config: { access: allRoles },
      schema: {
        tags: ['registers'],
        summary:
          'One register: its fields, open items, what you may do in it (`can`), and its entries newest first; words (q), status, recordedBy, from/to (its date), sort occurred_desc|occurred_asc|recorded_desc|recorded_asc (paged: limit, cursor -> next)',
        params,
        querystring: entryQuery,
        response: { 200: registerDetailSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { limit, cursor, sort, ...filter } = request.query;
      return registers.get(
        request.params.id,
        request.actor!,
        { limit, cursor, sort, filter },
        grantedActions(request),
      );
    },
  );

  app.post(
    '/api/registers/:id/entries',
    {
      config: { access: registerWriterRoles, action: 'registers.record' },
      schema: {
        tags: ['registers'],
        summary:
          'Record an entry; evidence in the ledger at once, or after approval where the register asks for it',
        params,
        body: entryBody,
        response: { 201: entryOut, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await registers.record(request.actor!, request.params.id, request.body.data)),
  );

  app.post(
    '/api/registers/:id/import',
    {
      config: { access: registerWriterRoles, action: 'registers.import' },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['registers'],
        summary:
          "Import entries from a file: `file` (base64 of a CSV in UTF-8 or GB18030, or of an .xlsx workbook such as template.xlsx) or `csv` (text). Headers: field names or their Chinese or English labels; all rows or none; rows identical to an entry already there are skipped and reported by line; the template's example row is skipped",
        params,
        body: importBody,
        response: { 201: importOutcomeSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await registers.importFile(request.actor!, request.params.id, importInput(request.body))),
  );

  app.post(
    '/api/registers/:id/import/preview',
    {
      config: { access: registerWriterRoles, action: 'registers.import' },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['registers'],
        summary:
          'Read and check an import file as the import would, storing nothing: the rows as they would be stored and the line errors (line, field, messages in zh and en)',
        params,
        body: importBody,
        response: { 200: importPreviewSchema, ...errorResponses },
      },
    },
    async (request) => registers.previewImport(request.actor!, request.params.id, importInput(request.body)),
  );

  app.get(
    '/api/registers/:id/template.xlsx',
    {
      config: { access: allRoles },
      schema: {
        tags: ['registers'],
        summary:
          'The Excel import template of a register: Chinese headers (English label and field name in each header note), an example row marked 示例 that an import skips, dropdowns for choices',
        params,
      },
    },
    async (request, reply) => {
      const t = await registers.xlsxTemplate(request.params.id);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${t.name}"`)
        .send(t.xlsx);
    },
  );

  app.get(
    '/api/registers/:id/template.csv',
    {
      config: { access: allRoles },
      schema: { tags: ['registers'], summary: 'The CSV import template of a register', params },
    },
    async (request, reply) => {
      const t = await registers.template(request.params.id);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${t.name}"`)
        .send(t.csv);
    },
  );

  app.get(
    '/api/registers/:id/entries.csv',
    {
      config: { access: allRoles },
      schema: { tags: ['registers'], summary: "A register's entries as CSV", params },
    },
    async (request, reply) => {
      const t = await registers.exportCsv(request.params.id);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${t.name}"`)
        .send(t.csv);
    },
  );

  app.post(
    '/api/registers/:id/entries/:entryId/review',
    {
      config: { access: registerApprovers, action: 'registers.review' },
      schema: {
        tags: ['registers'],
        summary: 'Approve or reject a pending entry (not by its author)',
        params: entryParams,
        body: z.strictObject({ approve: z.boolean(), note: z.string().max(2000).optional() }),
        response: { 200: entryOut, ...errorResponses },
      },
    },
    async (request) =>
      registers.review(request.actor!, request.params.id, request.params.entryId, request.body),
  );

  app.post(
    '/api/registers/:id/entries/:entryId/complete',
    {
      config: { access: registerWriterRoles, action: 'registers.complete' },
      schema: {
        tags: ['registers'],
        summary: 'Fill in a field left for later (report date, completion date)',
        params: entryParams,
        body: entryBody,
        response: { 200: entryOut, ...errorResponses },
      },
    },
    async (request) =>
      registers.complete(request.actor!, request.params.id, request.params.entryId, request.body.data),
  );
}
