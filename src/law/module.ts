import type { CapabilityModule } from '../platform/module.js';
import * as law0002 from './migrations/0002-law.js';
import { registerLawRoutes } from './routes.js';
import { LawService } from './service.js';
import { LawStore } from './store.js';
import type { LawTables } from './tables.js';
import { lawCli } from './cli.js';

declare module '../platform/module.js' {
  interface ServiceRegistry {
    law: LawService;
  }
}

/** The law library: statute texts you import, versions, the 2016 <-> 2025 article map. */
export const lawModule: CapabilityModule<{ law: LawService }> = {
  key: 'law',
  cli: lawCli,
  articles: 'CSL 2016 / 2025, CII Regulation',
  available: true,
  nav: true,
  migrations: { '0002-law': law0002 },
  build: (ctx) => ({
    law: new LawService(new LawStore(ctx.tables<LawTables>()), ctx.get('obligations').catalogue(), ctx.clock),
  }),
  routes: (app, { law }) => registerLawRoutes(app, law),
};
