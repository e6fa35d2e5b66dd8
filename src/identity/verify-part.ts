import { loadIdentityCatalog } from './catalog-io.js';
import * as verify0002 from './migrations/0002-verify.js';
import type { IdentityPart } from './part.js';
import type { IdentitySettings } from './settings.js';
import { seedVerifyDemo } from './verify-demo.js';
import type { IdentityCheckProvider } from './verify-ports.js';
import { HttpIdentityCheck, SimulatedIdentityCheck } from './verify-providers-io.js';
import { registerVerifyRoutes } from './verify-routes.js';
import { VerifyService } from './verify-service.js';
import type { VerifySettings } from './verify-settings.js';
import { VerifyStore } from './verify-store.js';
import type { VerifyTables } from './verify-tables.js';

function providerFor(s: VerifySettings, now: () => Date): IdentityCheckProvider {
  if (s.checkProvider === 'http')
    return new HttpIdentityCheck(s.checkUrl!, s.checkSecret!, s.checkTimeoutMs, now);
  return new SimulatedIdentityCheck();
}

/**
 * The verification area (issue 15 items 1-2): services' requirements,
 * enrolment through the vault, the SMS one-time code (the platform's
 * intake), the identity check (simulator or an operator's HTTP bridge).
 */
export const verifyPart: IdentityPart<'verify'> = {
  key: 'verify',
  migrations: { 'identity/0002-verify': verify0002 },
  build(ctx, before) {
    const settings = ctx.settings<IdentitySettings>('identity').verify;
    return new VerifyService({
      store: new VerifyStore(ctx.tables<VerifyTables>()),
      // The vault gives the port's three calls (src/identity/verify-ports.ts).
      vault: before.vault!,
      codes: ctx.get('intake'),
      provider: providerFor(settings, () => ctx.clock.now()),
      ledger: ctx.get('ledger'),
      uow: ctx.uow,
      clock: ctx.clock,
      catalog: loadIdentityCatalog(),
    });
  },
  routes: (app, verify, all) => registerVerifyRoutes(app, verify, all),
  demo: (verify, all, ctx) => seedVerifyDemo(verify, all, ctx),
};
