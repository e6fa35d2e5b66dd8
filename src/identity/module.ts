import type { CapabilityModule } from '../platform/module.js';
import { identityCommands } from './cli.js';
import { loadIdentityCatalog } from './catalog-io.js';
import { gatePart } from './gate-part.js';
import type { IdentityServices } from './part.js';
import { identityReport } from './report.js';
import { identitySettings } from './settings.js';
import { validateRoutes } from './validate-routes.js';
import { vaultPart } from './vault-part.js';
import { verifyPart } from './verify-part.js';

declare module '../platform/module.js' {
  interface ServiceRegistry {
    identity: IdentityServices;
  }
}

/** The areas, in build order (the vault first: verification stores people in it; the gate reads both). */
const parts = [vaultPart, verifyPart, gatePart] as const;

/**
 * The real-name gate and identity vault (CSL 2025 Art 26 para 1, 2016 Art 24
 * para 1; Art 30, 2016 Art 28; issue 15): identifier validation, enrolment
 * and verification, the gate services call from memory, the encrypted vault
 * with pseudonymous handles, two-person reveals, the law-enforcement request
 * register's link, and the daily evidence per service.
 */
export const identityModule: CapabilityModule<{ identity: IdentityServices }> = {
  key: 'identity',
  articles: 'Art 26 (24), Art 30 (28): real-name verification, law-enforcement support',
  available: true,
  nav: true,
  scopes: ['identity.gate'],
  migrations: Object.assign({}, ...parts.map((p) => p.migrations)) as CapabilityModule['migrations'],
  settings: identitySettings(loadIdentityCatalog()),
  build(ctx) {
    const before: Partial<IdentityServices> = {};
    for (const p of parts) (before as Record<string, unknown>)[p.key] = p.build(ctx, before);
    return { identity: before as IdentityServices };
  },
  open: async ({ identity }, ctx) => {
    for (const p of parts) await p.open?.(identity[p.key] as never, ctx);
  },
  routes: (app, { identity }, ctx) => {
    validateRoutes(app, ctx);
    for (const p of parts) p.routes?.(app, identity[p.key] as never, identity, ctx);
  },
  jobs: ({ identity }, ctx) => parts.flatMap((p) => p.jobs?.(identity[p.key] as never, ctx) ?? []),
  lifecycle({ identity }, ctx) {
    const running = parts.flatMap((p) => (p.lifecycle ? [p.lifecycle(identity[p.key] as never, ctx)] : []));
    return {
      async start() {
        for (const l of running) await l.start();
      },
      async stop() {
        for (const l of [...running].reverse()) await l.stop();
      },
    };
  },
  openItems: async ({ identity }, ctx) =>
    (await Promise.all(parts.map((p) => p.openItems?.(identity[p.key] as never, ctx) ?? []))).flat(),
  pack: ({ identity }, ctx) => parts.flatMap((p) => p.pack?.(identity[p.key] as never, ctx) ?? []),
  report: ({ identity }) => identityReport(identity),
  cli: (program, kit) => identityCommands(program, kit),
  demo: async ({ identity }, ctx) => {
    let n = 0;
    for (const p of parts) n += (await p.demo?.(identity[p.key] as never, identity, ctx)) ?? 0;
    return n;
  },
};
