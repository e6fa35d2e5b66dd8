import type { CapabilityModule } from '../platform/module.js';
import { seedRegistersDemo } from './demo.js';
import * as registers0008 from './migrations/0008-registers.js';
import { loadRegisters } from './registers-io.js';
import { registerRegisterRoutes } from './routes.js';
import { RegistersService } from './service.js';
import { checkRegisters } from './spec.js';
import { RegisterStore } from './store.js';
import type { RegisterTables } from './tables.js';
import { registersCli } from './cli.js';

declare module '../platform/module.js' {
  interface ServiceRegistry {
    registers: RegistersService;
  }
}

/** The governance and CII registers of catalog/registers.yaml; entries are ledger evidence. */
export const registersModule: CapabilityModule<{ registers: RegistersService }> = {
  key: 'registers',
  cli: registersCli,
  articles: 'Arts 23 (21), 35-40 (33-38), CII Regulation: the registers',
  available: true,
  migrations: { '0008-registers': registers0008 },
  build(ctx) {
    const obligations = ctx.get('obligations');
    const file = loadRegisters();
    const problems = checkRegisters(file, new Set(obligations.catalogue().obligations.map((o) => o.id)));
    if (problems.length > 0)
      throw new Error(`catalog/registers.yaml does not match the catalogue: ${problems.join('; ')}`);
    return {
      registers: new RegistersService(
        new RegisterStore(ctx.tables<RegisterTables>()),
        ctx.get('ledger'),
        ctx.uow,
        ctx.clock,
        obligations,
        file,
        { dueSoonDays: ctx.config.dueSoonDays },
      ),
    };
  },
  routes: (app, { registers }) => registerRegisterRoutes(app, registers),
  openItems: ({ registers }) => registers.deadlines(),
  demo: ({ registers }, ctx) => seedRegistersDemo(registers, ctx.clock),
  pack: ({ registers }, ctx) => [
    {
      // The registers as they stand: MLPS systems and every governance and CII register.
      file: 'registers.json',
      contents: async () =>
        JSON.stringify(
          {
            generatedAt: ctx.clock.now().toISOString(),
            mlps: await ctx.get('governance').overview(),
            registers: await registers.exportAll(),
          },
          null,
          2,
        ),
    },
  ],
};
