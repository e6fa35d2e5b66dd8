import type { CapabilityModule } from '../platform/module.js';
import { beijingDateTime } from '../platform/time.js';
import { loadIncidentsCatalog } from './catalog-io.js';
import { incidentsCli } from './cli.js';
import { seedIncidentsDemo } from './demo.js';
import * as incidents0001 from './migrations/0001-incidents.js';
import { registerIncidentRoutes } from './routes.js';
import { IncidentsService } from './service.js';
import { IncidentStore } from './store.js';
import type { IncidentTables } from './tables.js';
import { thresholdSettings, type GradingRules } from './thresholds.js';

declare module '../platform/module.js' {
  interface ServiceRegistry {
    incidents: IncidentsService;
  }
}

const catalog = loadIncidentsCatalog();

const kindZh = { initial: '初始报告', supplementary: '续报', final: '总结报告' } as const;

/**
 * Incident response (CSL 2025 Art 27, 2016 Art 25; the 2025 Incident
 * Reporting Measures; PIPL Art 57): incidents graded from their facts, the
 * reporting clocks (1, 2, 4 hours; the final report 30 days after handling
 * ends) as open items the workspace escalates, the reports and breach
 * notices as evidence.
 */
export const incidentsModule: CapabilityModule<{ incidents: IncidentsService }> = {
  key: 'incidents',
  articles: 'Art 27 (25): emergency plans and reports',
  available: true,
  nav: true,
  scopes: ['incidents.ingest'],
  cli: (program, kit) => incidentsCli(program, kit),
  migrations: { 'incidents/0001-incidents': incidents0001 },
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
          printPdf: ctx.printPdf,
          dueSoonDays: ctx.config.dueSoonDays,
        },
      ),
    };
  },
  routes: (app, { incidents }) => registerIncidentRoutes(app, incidents),
  openItems: ({ incidents }) => incidents.openItems(),
  demo: ({ incidents }, ctx) => seedIncidentsDemo(incidents, ctx),
  pack: ({ incidents }, ctx) => [
    {
      // Every incident discovered in the period, with its reports, deliveries and timeline.
      file: 'incidents/incidents.json',
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
