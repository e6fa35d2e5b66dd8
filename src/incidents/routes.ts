import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  attachmentInputSchema,
  breachDeliveryInputSchema,
  breachInputSchema,
  closeIncidentSchema,
  computedGradeSchema,
  incidentCatalogSchema,
  incidentEditSchema,
  incidentGradeSchema,
  incidentInputSchema,
  incidentListSchema,
  incidentSchema,
  incidentSorts,
  incidentStatuses,
  ingestInputSchema,
  ingestOutcomeSchema,
  manualGradeSchema,
  planInForceSchema,
  reportKinds,
  reportSentSchema,
  taskEditSchema,
  taskInputSchema,
} from '../../contract/incidents.js';
import { allRoles } from '../platform/auth/roles.js';
import { errorResponses } from '../platform/http/common.js';
import type { ZodApp } from '../platform/http/server.js';
import { pageQuery, sortedKey } from '../platform/paging.js';
import {
  breachWriters,
  incidentWriters,
  MAX_ATTACHMENT,
  type IncidentDocument,
  type IncidentsService,
} from './service.js';

const id = z.string().max(64);
const params = z.strictObject({ id });
const format = z.enum(['html', 'pdf']).default('html');
/** A base64 attachment of MAX_ATTACHMENT bytes, with room for the JSON around it. */
const ATTACHMENT_BODY_LIMIT = Math.ceil((MAX_ATTACHMENT * 4) / 3) + 64 * 1024;

const listQuery = pageQuery(sortedKey).extend({
  q: z.string().trim().max(200).optional(),
  status: z.enum(incidentStatuses).optional(),
  grade: incidentGradeSchema.optional(),
  category: z.string().max(64).optional(),
  sort: z.enum(incidentSorts).default('discovered_desc'),
});

/** ASCII file names for Content-Disposition (the ref and the kind). */
const send = (reply: FastifyReply, doc: IncidentDocument) =>
  reply
    .type(doc.contentType)
    .header('content-disposition', `attachment; filename="${doc.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
    .send(doc.body);

export function registerIncidentRoutes(app: ZodApp, incidents: IncidentsService): void {
  const tags = ['incidents'];

  app.get(
    '/api/incidents/catalog',
    {
      config: { access: allRoles },
      schema: {
        tags,
        summary:
          'The incident rules: categories, grading facts and thresholds (uncertain ones marked), report and breach-notice contents',
        response: { 200: incidentCatalogSchema, ...errorResponses },
      },
    },
    async () => incidents.catalogView(),
  );

  app.get(
    '/api/incidents/plan',
    {
      config: { access: allRoles },
      schema: {
        tags,
        summary:
          "The emergency plan in force (the policies register's newest approved emergency_plan) and the response per grade",
        response: { 200: planInForceSchema, ...errorResponses },
      },
    },
    async () => incidents.planInForce(),
  );

  app.post(
    '/api/incidents/grade-preview',
    {
      config: { access: allRoles, action: 'incidents.grade_preview', readOnly: true },
      schema: {
        tags,
        summary: 'The grade the facts give, without recording anything',
        body: z.strictObject({ facts: incidentInputSchema.shape.facts }),
        response: { 200: computedGradeSchema, ...errorResponses },
      },
    },
    async (request) => incidents.gradePreview(request.body.facts),
  );

  app.get(
    '/api/incidents',
    {
      config: { access: allRoles },
      schema: {
        tags,
        summary:
          'Incidents, newest discovered first: words (q), status, grade, category, sort discovered_desc|discovered_asc (paged: limit, cursor -> next)',
        querystring: listQuery,
        response: { 200: incidentListSchema, ...errorResponses },
      },
    },
    async (request) => incidents.list(request.query),
  );

  app.post(
    '/api/incidents',
    {
      config: { access: incidentWriters, action: 'incidents.open' },
      schema: {
        tags,
        summary:
          'Open an incident (times without an offset are Beijing time); recorded as evidence of the response',
        body: incidentInputSchema,
        response: { 201: incidentSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await incidents.open(
            request.actor!,
            request.body,
            request.actor!.via === 'token' ? 'api' : 'console',
          ),
        ),
  );

  app.post(
    '/api/incidents/ingest',
    {
      config: { access: incidentWriters, action: 'incidents.ingest', scopes: ['incidents.ingest'] },
      schema: {
        tags,
        summary:
          'A SIEM alert (token scope incidents.ingest): opens an incident once per externalRef (201); the same externalRef again answers the incident it opened (200)',
        body: ingestInputSchema,
        response: { 200: ingestOutcomeSchema, 201: ingestOutcomeSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const outcome = await incidents.ingest(request.actor!, request.body, 'siem');
      return reply.status(outcome.created ? 201 : 200).send(outcome);
    },
  );

  app.get(
    '/api/incidents/:id',
    {
      config: { access: allRoles },
      schema: {
        tags,
        summary: 'One incident: grade, clocks, reports, tasks, attachments, timeline, breach notice',
        params,
        response: { 200: incidentSchema, ...errorResponses },
      },
    },
    async (request) => incidents.getFor(request.actor!, request.params.id),
  );

  app.patch(
    '/api/incidents/:id',
    {
      config: { access: incidentWriters, action: 'incidents.edit' },
      schema: {
        tags,
        summary:
          'Change an incident read at `version`; a stale version answers 409 conflict with the current one',
        params,
        body: incidentEditSchema,
        response: { 200: incidentSchema, ...errorResponses },
      },
    },
    async (request) => incidents.edit(request.actor!, request.params.id, request.body),
  );

  app.post(
    '/api/incidents/:id/grade',
    {
      config: { access: incidentWriters, action: 'incidents.grade' },
      schema: {
        tags,
        summary: 'Set (with a reason) or clear the manual grade, kept beside the computed one',
        params,
        body: manualGradeSchema,
        response: { 200: incidentSchema, ...errorResponses },
      },
    },
    async (request) => incidents.setGrade(request.actor!, request.params.id, request.body),
  );

  app.get(
    '/api/incidents/:id/reports/draft',
    {
      config: { access: allRoles },
      schema: {
        tags,
        summary: 'The report document as it would be sent now (HTML for Word and WPS, or PDF)',
        params,
        querystring: z.strictObject({
          kind: z.enum(reportKinds),
          rule: z.string().max(32).optional(),
          format,
        }),
      },
    },
    async (request, reply) =>
      send(
        reply,
        await incidents.draftReport(
          request.params.id,
          request.query.kind,
          request.query.format,
          request.query.rule,
        ),
      ),
  );

  app.post(
    '/api/incidents/:id/reports',
    {
      config: { access: incidentWriters, action: 'incidents.report' },
      schema: {
        tags,
        summary:
          'Record a report sent: its clock stops, the document as generated is kept and is the evidence',
        params,
        body: reportSentSchema,
        response: { 201: incidentSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await incidents.recordReport(request.actor!, request.params.id, request.body)),
  );

  app.get(
    '/api/incidents/:id/reports/:reportId/document',
    {
      config: { access: allRoles },
      schema: {
        tags,
        summary: 'A report as it was recorded (HTML, or printed to PDF)',
        params: z.strictObject({ id, reportId: id }),
        querystring: z.strictObject({ format }),
      },
    },
    async (request, reply) =>
      send(
        reply,
        await incidents.reportDocument(request.params.id, request.params.reportId, request.query.format),
      ),
  );

  app.post(
    '/api/incidents/:id/close',
    {
      config: { access: incidentWriters, action: 'incidents.close' },
      schema: {
        tags,
        summary: "End handling: the final report's 30-day clock starts",
        params,
        body: closeIncidentSchema,
        response: { 200: incidentSchema, ...errorResponses },
      },
    },
    async (request) => incidents.close(request.actor!, request.params.id, request.body),
  );

  app.post(
    '/api/incidents/:id/tasks',
    {
      config: { access: incidentWriters, action: 'incidents.task_add' },
      schema: {
        tags,
        summary: 'Add a handling task',
        params,
        body: taskInputSchema,
        response: { 201: incidentSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await incidents.addTask(request.actor!, request.params.id, request.body)),
  );

  app.patch(
    '/api/incidents/:id/tasks/:taskId',
    {
      config: { access: incidentWriters, action: 'incidents.task_edit' },
      schema: {
        tags,
        summary: 'Mark a task done (or not)',
        params: z.strictObject({ id, taskId: id }),
        body: taskEditSchema,
        response: { 200: incidentSchema, ...errorResponses },
      },
    },
    async (request) =>
      incidents.editTask(request.actor!, request.params.id, request.params.taskId, request.body),
  );

  app.post(
    '/api/incidents/:id/attachments',
    {
      bodyLimit: ATTACHMENT_BODY_LIMIT,
      config: { access: incidentWriters, action: 'incidents.attach' },
      schema: {
        tags,
        summary: `Attach a file (base64, at most ${MAX_ATTACHMENT / 1024 / 1024} MB), kept in the evidence file store`,
        params,
        body: attachmentInputSchema,
        response: { 201: incidentSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await incidents.addAttachment(request.actor!, request.params.id, request.body)),
  );

  app.get(
    '/api/incidents/:id/attachments/:attachmentId',
    {
      config: { access: allRoles },
      schema: {
        tags,
        summary: 'An attachment of the incident',
        params: z.strictObject({ id, attachmentId: id }),
      },
    },
    async (request, reply) => {
      const file = await incidents.attachment(request.params.id, request.params.attachmentId);
      return reply
        .type('application/octet-stream')
        .header(
          'content-disposition',
          `attachment; filename="${file.name.replace(/[^A-Za-z0-9._-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        )
        .send(file.bytes);
    },
  );

  app.put(
    '/api/incidents/:id/breach',
    {
      config: { access: breachWriters, action: 'incidents.breach' },
      schema: {
        tags,
        summary:
          'Write the PIPL Art 57 items of the breach notice (only for an incident involving personal information)',
        params,
        body: breachInputSchema,
        response: { 200: incidentSchema, ...errorResponses },
      },
    },
    async (request) => incidents.putBreach(request.actor!, request.params.id, request.body),
  );

  app.post(
    '/api/incidents/:id/breach/deliveries',
    {
      config: { access: breachWriters, action: 'incidents.breach_deliver' },
      schema: {
        tags,
        summary:
          'Record the notice delivered (only when no Art 57 item is empty); the notice as delivered is the evidence',
        params,
        body: breachDeliveryInputSchema,
        response: { 201: incidentSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await incidents.addDelivery(request.actor!, request.params.id, request.body)),
  );

  app.get(
    '/api/incidents/:id/breach/notice',
    {
      config: { access: allRoles },
      schema: {
        tags,
        summary: 'The breach notice to individuals or to the regulator (HTML, or PDF)',
        params,
        querystring: z.strictObject({ audience: z.enum(['individuals', 'regulator']), format }),
      },
    },
    async (request, reply) =>
      send(
        reply,
        await incidents.breachNotice(request.params.id, request.query.audience, request.query.format),
      ),
  );
}
