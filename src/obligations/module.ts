import type { CapabilityModule } from '../platform/module.js';
import { registerCalendarRoutes } from './calendar-routes.js';
import { CalendarService } from './calendar-service.js';
import { CalendarStore } from './calendar-store.js';
import type { CalendarTables } from './calendar-tables.js';
import * as calendarYears0001 from './migrations/0001-calendar-years.js';
import { loadCatalog } from './catalog-io.js';
import { registerObligationRoutes } from './routes.js';
import { ObligationsService } from './service.js';
import { assessCli, calendarCli } from './cli.js';

declare module '../platform/module.js' {
  interface ServiceRegistry {
    obligations: ObligationsService;
    /** PRC working days: catalog/holidays.yaml and the years admins added. */
    calendar: CalendarService;
  }
}

/** The obligations engine: which duties apply to the organisation, with citations, deadlines and fines. */
export const obligationsModule: CapabilityModule<{
  obligations: ObligationsService;
  calendar: CalendarService;
}> = {
  key: 'obligations',
  cli(program, kit) {
    assessCli(program, kit);
    calendarCli(program, kit);
  },
  articles: 'all duty-bearing articles',
  available: true,
  nav: true,
  migrations: { 'obligations/0001-calendar-years': calendarYears0001 },
  build(ctx) {
    const catalog = loadCatalog();
    const organisation = ctx.get('organisation');
    return {
      obligations: new ObligationsService(catalog, async () => (await organisation.get()).profile),
      calendar: new CalendarService(
        new CalendarStore(ctx.tables<CalendarTables>()),
        catalog.holidays,
        ctx.clock,
      ),
    };
  },
  routes: (app, { obligations, calendar }) => {
    registerObligationRoutes(app, obligations);
    registerCalendarRoutes(app, calendar);
  },
  // The working-day calendar the pack's deadlines were counted on, each year with its notice.
  pack: ({ calendar }, ctx) => [
    {
      file: 'calendar.json',
      contents: async () =>
        JSON.stringify({ generatedAt: ctx.clock.now().toISOString(), ...(await calendar.view()) }, null, 2),
    },
  ],
};
