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
  // The profile's MLPS systems are the Governance register's (one list). Governance is built
  // after this module, so its service is looked up when the profile is read or saved.
  build: (ctx) => ({
    organisation: new OrganisationService(
      new OrganisationStore(ctx.tables<OrganisationTables>()),
      ctx.clock,
      ctx.uow,
      () => ctx.get('governance'),
    ),
  }),
  routes: (app, { organisation }) => registerOrganisationRoutes(app, organisation),
  async demo({ organisation }) {
    await organisation.create(demoProfile, true);
    return 0;
  },
};
