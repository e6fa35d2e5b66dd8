import type { CapabilityModule } from '../platform/module.js';
import { demoProfile } from './demo.js';
import { registerOrganisationRoutes } from './routes.js';
import { OrganisationService } from './service.js';
import { OrganisationStore } from './store.js';
import type { OrganisationTables } from './tables.js';

declare module '../platform/module.js' {
  interface ServiceRegistry {
    organisation: OrganisationService;
  }
}

/** The operator this installation serves and its profile (which decides its duties). */
export const organisationModule: CapabilityModule<{ organisation: OrganisationService }> = {
  key: 'organisation',
  articles: 'the operator and its profile',
  available: true,
  // Its table came with the platform's first migration (0001-platform).
  build: (ctx) => ({
    organisation: new OrganisationService(new OrganisationStore(ctx.tables<OrganisationTables>()), ctx.clock),
  }),
  routes: (app, { organisation }) => registerOrganisationRoutes(app, organisation),
  async demo({ organisation }) {
    await organisation.create(demoProfile, true);
    return 0;
  },
};
