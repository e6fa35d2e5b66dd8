import type { CapabilityModule } from '../platform/module.js';
import { seedGovernanceDemo } from './demo.js';
import { configuredMatrix } from './grading.js';
import * as governance0007 from './migrations/0007-governance.js';
import * as governance0002 from './migrations/0002-declared-systems.js';
import { loadMlps } from './mlps-io.js';
import { registerGovernanceRoutes } from './routes.js';
import { GovernanceService } from './service.js';
import { governanceSettings, type MlpsSettings } from './settings.js';
import { GovernanceStore } from './store.js';
import type { GovernanceTables } from './tables.js';

declare module '../platform/module.js' {
  interface ServiceRegistry {
    governance: GovernanceService;
  }
}

const mlps = loadMlps();

/** Classified protection (MLPS): grading, filing, assessments; every step is ledger evidence. */
export const governanceModule: CapabilityModule<{ governance: GovernanceService }> = {
  key: 'governance',
  articles: 'Arts 23 (21), 51, 56, 58: MLPS, appointments, policies, regulators',
  available: true,
  nav: true,
  migrations: { '0007-governance': governance0007, 'governance/0002-declared-systems': governance0002 },
  settings: governanceSettings(mlps),
  build(ctx) {
    const s = ctx.settings<MlpsSettings>('governance');
    return {
      governance: new GovernanceService(
        new GovernanceStore(ctx.tables<GovernanceTables>()),
        ctx.get('ledger'),
        ctx.uow,
        ctx.clock,
        mlps,
        configuredMatrix(mlps, { 'citizens.especially_serious': s.citizensEspeciallySerious }),
        {
          filingDays: s.filingDays,
          filingWorkingDays: s.filingWorkingDays,
          dueSoonDays: ctx.config.dueSoonDays,
        },
        ctx.get('calendar'),
      ),
    };
  },
  routes: (app, { governance }) => registerGovernanceRoutes(app, governance),
  openItems: ({ governance }) => governance.deadlines(),
  demo: ({ governance }, ctx) => seedGovernanceDemo(governance, ctx.clock),
};
