import { z } from 'zod';
import { calendarSchema, calendarYearSchema } from '../../contract/calendar.js';
import { allRoles } from '../platform/auth/roles.js';
import { errorResponses } from '../platform/http/common.js';
import type { ZodApp } from '../platform/http/server.js';
import { calendarWriters, type CalendarService } from './calendar-service.js';

const yearOut = calendarYearSchema;

export function registerCalendarRoutes(app: ZodApp, calendar: CalendarService): void {
  app.get(
    '/api/calendar',
    {
      config: { access: allRoles },
      schema: {
        tags: ['obligations'],
        summary:
          'The PRC working-day calendar: every year known (shipped with wangan, or added from the State Council General Office notice), with its notice',
        response: { 200: calendarSchema, ...errorResponses },
      },
    },
    async () => calendar.view(),
  );

  app.post(
    '/api/calendar/years',
    {
      config: { access: calendarWriters, action: 'calendar.add_year' },
      schema: {
        tags: ['obligations'],
        summary:
          'Add a year from the State Council General Office notice: {year, reference, notice?, days_off: [[first, last] | date], working_weekends}, or {yaml: "<the same as YAML>"}. Working-day deadlines in that year stop being estimates. A year already known is refused (409).',
        body: z.record(z.string(), z.unknown()),
        response: { 201: yearOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const input = Object.keys(body).length === 1 && typeof body.yaml === 'string' ? body.yaml : body;
      const added = await calendar.addYear(request.actor!, input);
      request.auditDetail = { year: added.year, reference: added.reference };
      return reply.status(201).send(added);
    },
  );
}
