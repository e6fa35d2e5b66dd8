import crypto from 'node:crypto';
import type { CapabilityModule, ModuleContext } from '../platform/module.js';
import { beijingDateTime } from '../platform/time.js';
import { shippedFontCss } from '../workspace/pdf-io.js';
import { PrintQueue } from '../workspace/print-queue.js';
import { loadIncidentsCatalog } from './catalog-io.js';
import { incidentsCli } from './cli.js';
import { withPrintFont } from './doc-html.js';
import { seedIncidentsDemo } from './demo.js';
import { buildDrills, drillMigrations, drillsPack, seedDrillsDemo } from './drills-module.js';
import { registerDrillRoutes } from './drills-routes.js';
import type { DrillsService } from './drills-service.js';
import * as incidents0001 from './migrations/0001-incidents.js';
import { registerIncidentRoutes } from './routes.js';
import { IncidentsService } from './service.js';
import { IncidentStore } from './store.js';
import type { IncidentTables } from './tables.js';
import { thresholdSettings, type GradingRules } from './thresholds.js';

declare module '../platform/module.js' {
  interface ServiceRegistry {
    incidents: IncidentsService;
    drills: DrillsService;
  }
}

const catalog = loadIncidentsCatalog();

const queues = new WeakMap<ModuleContext, PrintQueue>();
/** The print queue of one app (tests build many apps in one process). */
function pdfs(ctx: ModuleContext): PrintQueue {
  let q = queues.get(ctx);
  if (!q) queues.set(ctx, (q = new PrintQueue(ctx.printPdf)));
  return q;
}

const kindZh = { initial: '初始报告', supplementary: '续报', final: '总结报告' } as const;

/**
 * Incident response (CSL 2025 Art 27, 2016 Art 25; the 2025 Incident
 * Reporting Measures; PIPL Art 57): incidents graded from their facts, the
 * reporting clocks (1, 2, 4 hours; the final report 30 days after handling
 * ends) as open items the workspace escalates, the reports and breach
 * notices as evidence.
 */
export const incidentsModule: CapabilityModule<{ incidents: IncidentsService; drills: DrillsService }> = {
  key: 'incidents',
  articles: 'Art 27 (25): emergency plans and reports',
  available: true,
  nav: true,
  scopes: ['incidents.ingest'],
  cli: (program, kit) => incidentsCli(program, kit),
  migrations: { 'incidents/0001-incidents': incidents0001, ...drillMigrations },
  settings: thresholdSettings(catalog),
  build(ctx) {
    const organisation = ctx.get('organisation');
    return {
      incidents: new IncidentsService(
        new IncidentStore(ctx.tables<IncidentTables>()),
        ctx.get('ledger'),
        ctx.uow,
        ctx.clock,
        catalog,
        ctx.settings<GradingRules>('incidents'),
        {
          registers: ctx.get('registers'),
          governance: ctx.get('governance'),
          organisation: async () => {
            if (!(await organisation.exists())) return null;
            const o = await organisation.get();
            return {
              name: o.name,
              centralStateOrgan: o.profile.central_state_organ,
              ciiOperator: o.profile.cii.operator,
            };
          },
          // One print at a time through a bounded queue (each starts a Chromium; past the queue: 429),
          // the same document printed once.
          printPdf: (html) =>
            pdfs(ctx).get(crypto.createHash('sha256').update(html).digest('hex'), () =>
              withPrintFont(html, shippedFontCss()),
            ),
          dueSoonDays: ctx.config.dueSoonDays,
        },
      ),
      drills: buildDrills(ctx),
    };
  },
  routes: (app, { incidents, drills }) => {
    registerDrillRoutes(app, drills);
    registerIncidentRoutes(app, incidents);
  },
  open: ({ incidents }) => incidents.reviewSettled(),
  openItems: async ({ incidents, drills }) => [
    ...(await incidents.openItems()),
    ...(await drills.openItems()),
  ],
  // Drills first: the emergency plan they record (when the demo has none) is the one incidents activate.
  demo: async ({ incidents, drills }, ctx) =>
    (await seedDrillsDemo(drills, ctx)) + (await seedIncidentsDemo(incidents, ctx)),
  pack: ({ incidents, drills }, ctx) => [
    drillsPack(drills, ctx),
    {
      // Every incident discovered in the period, with its reports, deliveries and timeline.
      file: 'incidents.json',
      contents: async (period) =>
        JSON.stringify(
          { generatedAt: ctx.clock.now().toISOString(), incidents: await incidents.exportPeriod(period) },
          null,
          2,
        ),
    },
  ],
  report: ({ incidents }) => ({
    title: { zh: '网络安全事件', en: 'Cybersecurity incidents' },
    columns: [
      { zh: '编号', en: 'Ref' },
      { zh: '事件', en: 'Incident' },
      { zh: '级别', en: 'Grade' },
      { zh: '发现时间（北京时间）', en: 'Discovered (Beijing)' },
      { zh: '已报送的报告', en: 'Reports sent' },
      { zh: '状态', en: 'Status' },
    ],
    rows: async (period) =>
      (await incidents.exportPeriod(period)).map((i) => ({
        cells: [
          i.ref,
          i.title,
          `${i.grading.grade} ${i.grading.label.zh} / ${i.grading.label.en}`,
          beijingDateTime(new Date(i.discoveredAt)),
          i.reports.length
            ? i.reports
                .map(
                  (r) =>
                    `${kindZh[r.kind]} ${r.kind} ${beijingDateTime(new Date(r.sentAt))} ${r.late ? '逾期 late' : '按时 on time'}`,
                )
                .join('; ')
            : '—',
          i.status === 'closed' ? '处置结束 closed' : '处置中 open',
        ],
      })),
  }),
};
