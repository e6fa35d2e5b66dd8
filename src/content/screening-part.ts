import { loadContentCatalog } from './catalog-io.js';
import { deletionPoster } from './delete-webhook-io.js';
import { purgeDisposalsTask } from './jobs/purge-disposals.js';
import { requestDeletionsTask } from './jobs/request-deletions.js';
import * as screening0001 from './migrations/0001-screening.js';
import type { ContentPart } from './part.js';
import { seedScreeningDemo } from './screening-demo-io.js';
import { registerScreeningRoutes } from './screening-routes.js';
import { ScreeningService, screeningEngine } from './screening-service.js';
import { ScreeningStore } from './screening-store.js';
import type { ScreeningTables } from './screening-tables.js';
import type { ContentSettings } from './settings.js';

/**
 * The screening area (issue 14 items 2-3): rule-set versions, the screening
 * API answering from memory, the review queue, disposal records with the
 * platform's deletion (webhook), the reports to the authority, retention.
 */
export const screeningPart: ContentPart<'screening'> = {
  key: 'screening',
  migrations: { 'content/0001-screening': screening0001 },
  build(ctx) {
    const settings = ctx.settings<ContentSettings>('content').screening;
    return new ScreeningService({
      store: new ScreeningStore(ctx.tables<ScreeningTables>()),
      ledger: ctx.get('ledger'),
      uow: ctx.uow,
      clock: ctx.clock,
      catalog: loadContentCatalog(),
      settings,
      engine: screeningEngine,
      postDeletion:
        settings.deleteWebhook && settings.deleteSecret
          ? deletionPoster(settings.deleteWebhook, settings.deleteSecret, () => ctx.clock.now())
          : null,
      report: (err, what) => ctx.report(err, what),
      dueSoonDays: ctx.config.dueSoonDays,
    });
  },
  open: (screening) => screening.open(),
  routes: (app, screening, all) => registerScreeningRoutes(app, screening, all),
  jobs: (screening) => [requestDeletionsTask(screening), purgeDisposalsTask(screening)],
  lifecycle(screening, ctx) {
    // Held and blocked items reach the database within a second, off the screening path.
    let timer: NodeJS.Timeout | undefined;
    let tick = 0;
    return {
      start() {
        timer = setInterval(() => {
          screening.flush().catch((err: unknown) => ctx.report(err, 'held and blocked items not written'));
          // A version put in force by another process (the CLI, another server) is taken up within 10 s.
          if (++tick % 10 === 0)
            screening.refreshRules().catch((err: unknown) => ctx.report(err, 'rule set not reloaded'));
        }, 1000);
        timer.unref();
      },
      async stop() {
        clearInterval(timer);
        await screening.flush();
      },
    };
  },
  openItems: (screening) => screening.openItems(),
  pack: (screening) => [
    { file: 'content-disposals.json', contents: (period) => screening.packContents(period) },
  ],
  demo: (screening, _all, ctx) => seedScreeningDemo(screening, ctx),
};
