import fs from 'node:fs';
import path from 'node:path';
import { modules as allModules } from './modules.js';
import { registerAuditRoutes } from './platform/audit/routes.js';
import { registerAuthRoutes } from './platform/auth/routes.js';
import { systemClock, type Clock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import type { Database } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrate.js';
import type { DeclaredRoute } from './platform/http/guard.js';
import { createHttpServer, serveWebConsole, type ZodApp } from './platform/http/server.js';
import { registerSystemRoutes } from './platform/http/system-routes.js';
import { startJobs, type Jobs, type Task } from './platform/jobs.js';
import { sessionCleanupTask } from './platform/auth/session-cleanup-job.js';
import { DEMO_LOGIN_FILE, seedDemoLogin, type DemoLogin } from './platform/demo-login.js';

export { DEMO_LOGIN_FILE };
import type { CapabilityModule, Lifecycle } from './platform/module.js';
import { registerNotificationRoutes } from './platform/notifications/routes.js';
import { registerPublicIntakeRoutes } from './platform/public-intake/routes.js';
import { version } from './platform/version.js';
import {
  acquireAll,
  composeModules,
  migrationsOf,
  openLocked,
  openModules,
  type Services,
} from './services.js';

/**
 * Composition root: takes the locks, opens the database, runs the
 * migrations, builds every module of the list (src/modules.ts) and registers
 * its routes, jobs and listeners. Nothing imports this file but the CLI and
 * tests.
 */
export interface AppOptions {
  config: Config;
  clock?: Clock;
  /** pino options, or false for no request logs. */
  logger?: boolean | Record<string, unknown>;
  /** Start pg-boss workers and schedules (default true). */
  jobs?: boolean;
  onProgress?: (message: string) => void;
  /** An already open database (tests share one across app instances). */
  database?: Database;
  /** Prints the report's HTML to PDF (default: Chromium; tests pass a fake). */
  printPdf?: (html: string) => Promise<Buffer>;
  /** The module list (default: src/modules.ts; a test adds a toy capability). */
  modules?: readonly CapabilityModule<object>[];
  /** Where settings sections read their overrides (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface WanganApp {
  config: Config;
  database: Database;
  http: ZodApp;
  routes: DeclaredRoute[];
  services: Services;
  jobs: Jobs | undefined;
  /** The background tasks of every module (started when `jobs` is on). */
  tasks: string[];
  /** Set when this start seeded the demo organisation. */
  demoLogin: DemoLogin | undefined;
  webBuilt: boolean;
  listen(): Promise<string>;
  close(): Promise<void>;
}

export async function buildApp(opts: AppOptions): Promise<WanganApp> {
  const { config } = opts;
  const clock = opts.clock ?? systemClock;
  const mods = opts.modules ?? allModules;
  const progress = opts.onProgress ?? (() => {});
  const ownsDatabase = !opts.database;
  const { database, held } = opts.database
    ? { database: opts.database, held: await acquireAll(config, mods) }
    : await openLocked(config, 'wangan serve', progress, mods);
  let jobs: Jobs | undefined;
  let closeServices: (() => void) | undefined;
  const started: Lifecycle[] = [];
  let log: ((err: unknown, what: string) => void) | undefined;
  try {
    await migrateToLatest(database, migrationsOf(mods), progress);
    const composition = composeModules(database, config, clock, held, {
      modules: mods,
      ...(opts.env ? { env: opts.env } : {}),
      ...(opts.printPdf ? { printPdf: opts.printPdf } : {}),
      report: (err, what) => (log ? log(err, what) : undefined),
    });
    const { services, ctx, parts } = composition;
    closeServices = () => services.close();
    await openModules(composition);

    let demoLogin: DemoLogin | undefined;
    if (config.demo && !(await services.organisation.exists()) && !(await services.auth.hasUsers())) {
      progress('seeding the demo organisation');
      for (const { module, provided } of parts) await module.demo?.(provided, ctx);
      demoLogin = await seedDemoLogin(services.auth);
      if (database.kind === 'pglite' && config.dataDir !== 'memory://')
        writeDemoLogin(config.dataDir, demoLogin);
    }

    const { app, routes } = await createHttpServer({
      config,
      auth: services.auth,
      audit: services.audit,
      logger: opts.logger ?? false,
      version,
    });
    log = (err, what) => app.log.error({ err }, what);
    registerSystemRoutes(
      app,
      database,
      version,
      () => {
        const v = services.ledger.lastSelfCheck();
        return v && !v.ok ? [`evidence ledger self-check failed at ${v.at}: ${v.detail}`] : [];
      },
      mods.map((m) => ({ key: m.key, articles: m.articles, available: m.available, nav: m.nav ?? false })),
    );
    registerAuthRoutes(app, services.auth, config);
    registerAuditRoutes(app, services.audit, clock);
    registerNotificationRoutes(app, services.notifications);
    registerPublicIntakeRoutes(app, services.intake);
    for (const { module, provided } of parts) module.routes?.(app, provided, ctx);
    const webBuilt = await serveWebConsole(app, config.webDist);
    await app.ready();

    for (const { module, provided } of parts) {
      const lc = module.lifecycle?.(provided, ctx);
      if (!lc) continue;
      await lc.start();
      started.push(lc);
    }

    const tasks: Task[] = [
      sessionCleanupTask(services.auth),
      ...parts.flatMap(({ module, provided }) => module.jobs?.(provided, ctx) ?? []),
    ];
    if (opts.jobs !== false)
      jobs = await startJobs(database, tasks, (err) => app.log.error({ err }, 'job error'));

    return {
      config,
      database,
      http: app,
      routes,
      services,
      jobs,
      tasks: tasks.map((task) => task.name),
      demoLogin,
      webBuilt,
      async listen() {
        const address = await app.listen({ host: config.host, port: config.port });
        const url = address.replace('[::1]', 'localhost');
        database.lock?.update({ url });
        return url;
      },
      async close() {
        await app.close();
        await services.audit.flushNoise().catch(() => {});
        await jobs?.stop();
        for (const lc of started.reverse()) await lc.stop();
        services.close();
        if (ownsDatabase) await database.close();
      },
    };
  } catch (err) {
    for (const lc of started.reverse()) await Promise.resolve(lc.stop()).catch(() => {});
    if (closeServices) closeServices();
    else for (const h of held.values()) h.release();
    await jobs?.stop().catch(() => {});
    if (ownsDatabase) await database.close().catch(() => {});
    throw err;
  }
}

/** The demo login, kept (owner-only) so a newcomer who missed the banner can find it. */
function writeDemoLogin(dataDir: string, login: DemoLogin): void {
  const file = path.join(dataDir, DEMO_LOGIN_FILE);
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, `username: ${login.username}\npassword: ${login.password}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}
