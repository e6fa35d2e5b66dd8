import type { CapabilityModule } from '../platform/module.js';
import { loadRegisters } from '../registers/registers-io.js';
import { registerCiiRoutes } from './routes.js';
import { CiiService } from './service.js';

declare module '../platform/module.js' {
  interface ServiceRegistry {
    cii: CiiService;
  }
}

/** Where the organisation stands as a CII operator, and the 2017 draft's training-hours policy. */
export const ciiModule: CapabilityModule<{ cii: CiiService }> = {
  key: 'cii',
  articles: 'Arts 35-40 (33-38), CII Regulation',
  available: true,
  nav: true,
  build(ctx) {
    const organisation = ctx.get('organisation');
    return {
      cii: new CiiService(
        ctx.get('registers'),
        async () => (await organisation.get()).profile,
        loadRegisters().training_policy,
        ctx.clock,
      ),
    };
  },
  routes: (app, { cii }) => registerCiiRoutes(app, cii),
};
