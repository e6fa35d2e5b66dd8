import fs from 'node:fs';
import path from 'node:path';
import { registerAuditRoutes } from './platform/audit/routes.js';
import { registerAuthRoutes } from './platform/auth/routes.js';
import { systemClock, type Clock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import type { Database } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { seedDemo, type DemoLogin } from './platform/demo.js';
import type { DeclaredRoute } from './platform/http/guard.js';
import { createHttpServer, serveWebConsole, type ZodApp } from './platform/http/server.js';
import { registerSystemRoutes } from './platform/http/system-routes.js';
import { startJobs, type Jobs, type Task } from './platform/jobs.js';
import { registerOrganisationRoutes } from './platform/organisation/routes.js';
import { registerLawRoutes } from './law/routes.js';
import { registerObligationRoutes } from './obligations/routes.js';
import { registerLedgerRoutes } from './ledger/routes.js';
import { registerWorkspaceRoutes } from './workspace/routes.js';
import { seedDemoHistory } from './demo-history.js';
import { registerAuditPackRoutes } from './audit-pack.js';
import { registerGovernanceRoutes } from './governance/routes.js';
import { registerRegisterRoutes } from './registers/routes.js';
import { registerCiiRoutes } from './cii/routes.js';
import { registerNotificationRoutes } from './platform/notifications/routes.js';
import { buildReminder } from './workspace/reminders.js';
import { systemActor } from './platform/auth/roles.js';
import { buildServices, lockLedger, openLocked, type Services } from './services.js';
import { version } from './platform/version.js';
import { migrations } from './migrations.js';

/**
 * Composition root: opens the database, runs migrations, wires every
 * capability's services, routes and jobs. Nothing imports this file but the
 * CLI and tests.
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
}

export interface WanganApp {
  config: Config;
  database: Database;
  http: ZodApp;
  routes: DeclaredRoute[];
  services: Services;
  jobs: Jobs | undefined;
  /** Set when this start seeded the demo organisation. */
  demoLogin: DemoLogin | undefined;
  webBuilt: boolean;
  listen(): Promise<string>;
  close(): Promise<void>;
}

export const DEMO_LOGIN_FILE = 'demo-login.txt';

function platformTasks(services: Services, config: Config): Task[] {
  return [
    {
      name: 'ledger.self-verify',
      cron: '23 * * * *',
      handler: async () => {
        const v = await services.ledger.selfVerify();
        if (!v.ok)
          await services.audit.record({
            actor: systemActor,
            action: 'ledger.verification_failed',
            detail: { ...v },
          });
      },
    },
    {
      // 09:00 Beijing time, every day.
      name: 'workspace.reminders',
      cron: '0 1 * * *',
      handler: async () => {
        await sendReminders(services, config);
      },
    },
    {
      name: 'platform.session-cleanup',
      cron: '17 * * * *',
      handler: async () => {
        await services.auth.cleanupSessions();
      },
    },
  ];
}

export async function buildApp(opts: AppOptions): Promise<WanganApp> {
  const { config } = opts;
  const clock = opts.clock ?? systemClock;
  const progress = opts.onProgress ?? (() => {});
  const ownsDatabase = !opts.database;
  const opened = opts.database
    ? { database: opts.database, ledgerLock: await lockLedger(config) }
    : await openLocked(config, 'wangan serve', progress);
  const { database, ledgerLock } = opened;
  let jobs: Jobs | undefined;
  let closeServices: (() => void) | undefined;
  let sequencer: NodeJS.Timeout | undefined;
  try {
    await migrateToLatest(database, migrations, progress);
    const services = buildServices(database, config, clock, ledgerLock, undefined, opts.printPdf);
    closeServices = () => services.close();
    await services.ledger.recover();
    await services.ledger.sequence();
    await services.ledger.selfVerify();

    let demoLogin: DemoLogin | undefined;
    if (config.demo && !(await services.organisation.exists()) && !(await services.auth.hasUsers())) {
      progress('seeding the demo organisation');
      demoLogin = await seedDemo(services.organisation, services.auth);
      progress('recording a year of demo evidence');
      await seedDemoHistory(services, clock);
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
    registerSystemRoutes(app, database, version, () => {
      const v = services.ledger.lastSelfCheck();
      return v && !v.ok ? [`evidence ledger self-check failed at ${v.at}: ${v.detail}`] : [];
    });
    registerAuthRoutes(app, services.auth, config);
    registerAuditRoutes(app, services.audit);
    registerOrganisationRoutes(app, services.organisation);
    registerLawRoutes(app, services.law);
    registerObligationRoutes(app, services.obligations);
    registerLedgerRoutes(app, services.ledger);
    registerNotificationRoutes(app, services.notifications);
    registerAuditPackRoutes(app, services);
    registerGovernanceRoutes(app, services.governance);
    registerRegisterRoutes(app, services.registers);
    registerCiiRoutes(app, services.cii);
    registerWorkspaceRoutes(app, services.workspace, async () => (await services.organisation.get()).name);
    const webBuilt = await serveWebConsole(app, config.webDist);
    await app.ready();
    // The ledger's sequencer: pending evidence is in a signed checkpoint within a second.
    sequencer = setInterval(() => {
      services.ledger.sequence().catch((err: unknown) => app.log.error({ err }, 'ledger sequencer failed'));
    }, 1000);
    sequencer.unref();

    if (opts.jobs !== false) {
      jobs = await startJobs(database, platformTasks(services, config), (err) =>
        app.log.error({ err }, 'job error'),
      );
    }

    return {
      config,
      database,
      http: app,
      routes,
      services,
      jobs,
      demoLogin,
      webBuilt,
      async listen() {
        const address = await app.listen({ host: config.host, port: config.port });
        const url = address.replace('[::1]', 'localhost');
        database.lock?.update({ url });
        return url;
      },
      async close() {
        clearInterval(sequencer);
        await app.close();
        await jobs?.stop();
        await services.ledger.sequence().catch(() => 0);
        services.close();
        if (ownsDatabase) await database.close();
      },
    };
  } catch (err) {
    clearInterval(sequencer);
    if (closeServices) closeServices();
    else ledgerLock.lock.release();
    await jobs?.stop().catch(() => {});
    if (ownsDatabase) await database.close().catch(() => {});
    throw err;
  }
}

/** Sends the daily reminder to every channel and records the outcome in the audit trail. */
export async function sendReminders(services: Services, config: Config): Promise<number> {
  const message = buildReminder(await services.workspace.overview(), config.publicUrl);
  if (!message) return 0;
  const deliveries = await services.notifications.send(message);
  await services.audit.record({ actor: systemActor, action: 'reminders.sent', detail: { deliveries } });
  return deliveries.filter((d) => d.ok).length;
}

/** The demo login, kept (owner-only) so a newcomer who missed the banner can find it. */
function writeDemoLogin(dataDir: string, login: DemoLogin): void {
  const file = path.join(dataDir, DEMO_LOGIN_FILE);
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, `username: ${login.username}\npassword: ${login.password}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}
