import type { CapabilityModule } from '../platform/module.js';
import { AuditPack } from './export-io.js';
import { registerAuditPackRoutes } from './routes.js';
import { packCli } from './cli.js';

declare module '../platform/module.js' {
  interface ServiceRegistry {
    pack: AuditPack;
  }
}

/** The audit pack of a period: report, evidence, proofs and every capability's pack sections. */
export const packModule: CapabilityModule<{ pack: AuditPack }> = {
  key: 'pack',
  cli: packCli,
  articles: 'the audit pack an inspector receives',
  available: true,
  build: (ctx) => ({
    pack: new AuditPack({
      ledger: ctx.get('ledger'),
      organisation: ctx.get('organisation'),
      workspace: ctx.get('workspace'),
      sections: () => ctx.packSections(),
    }),
  }),
  routes: (app, { pack }, ctx) => registerAuditPackRoutes(app, pack, ctx.get('audit'), ctx.clock),
};
