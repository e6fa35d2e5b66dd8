import { GateService } from './gate-service.js';
import { GateStore } from './gate-store.js';
import type { GateTables } from './gate-tables.js';
import { registerGateRoutes } from './gate-routes.js';
import { gateSealDaysTask } from './jobs/gate-seal-days.js';
import * as gate0003 from './migrations/0003-gate.js';
import type { IdentityPart } from './part.js';
import type { IdentitySettings } from './settings.js';

/**
 * The gate area (issue 15 items 3-4): `check(service, user)` from memory,
 * its counts per service and Beijing day, the daily seals (csl.real-name).
 */
export const gatePart: IdentityPart<'gate'> = {
  key: 'gate',
  migrations: { 'identity/0003-gate': gate0003 },
  build: (ctx, before) =>
    new GateService({
      store: new GateStore(ctx.tables<GateTables>()),
      verify: before.verify!,
      ledger: ctx.get('ledger'),
      uow: ctx.uow,
      clock: ctx.clock,
    }),
  open: (gate) => gate.open(),
  routes: (app, gate) => registerGateRoutes(app, gate),
  jobs: (gate) => [gateSealDaysTask(gate)],
  openItems: (gate, ctx) => gate.openItems(ctx.config.dueSoonDays),
  pack: (gate) => [{ file: 'identity-gate.json', contents: (period) => gate.packContents(period) }],
  // The demo's finished days, sealed (the services were configured five days ago).
  demo: async (gate) => (await gate.sealDays()).length,
  lifecycle(gate, ctx) {
    const s = ctx.settings<IdentitySettings>('identity').gate;
    let poll: NodeJS.Timeout | undefined;
    let flush: NodeJS.Timeout | undefined;
    let sealing: Promise<unknown> = Promise.resolve();
    return {
      start() {
        // Changes made by other processes (the CLI, another server) reach this gate within pollSeconds.
        poll = setInterval(() => {
          gate.poll().catch((err: unknown) => ctx.report(err, 'real-name gate not refreshed'));
        }, s.pollSeconds * 1000);
        poll.unref();
        flush = setInterval(() => {
          gate.flush().catch((err: unknown) => ctx.report(err, 'real-name gate counts not written'));
        }, s.flushSeconds * 1000);
        flush.unref();
        // A day missed while the server was down is sealed now, not at the next run of the job.
        sealing = gate.sealDays().catch((err: unknown) => ctx.report(err, 'real-name days not sealed'));
      },
      async stop() {
        clearInterval(poll);
        clearInterval(flush);
        await sealing;
        await gate.flush();
      },
    };
  },
};
