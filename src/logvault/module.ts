import fs from 'node:fs';
import type { Config } from '../platform/config.js';
import { AppError } from '../platform/errors.js';
import { acquireDataLock, type DataLock } from '../platform/db/lock.js';
import type { CapabilityModule } from '../platform/module.js';
import type { LedgerLock } from '../ledger/module.js';
import { loadOrCreateIdentity } from '../ledger/tree-log-io.js';
import { loadLogvaultCatalog } from './catalog-io.js';
import { logvaultCommands } from './cli.js';
import { seedLogvaultDemo } from './demo.js';
import { logvaultDirOf } from './dir-io.js';
import { expireSegmentsTask } from './jobs/expire-segments.js';
import { sealDaysTask } from './jobs/seal-days.js';
import { logvaultPack, logvaultReport } from './pack-io.js';
import { verifyVaultTask } from './jobs/verify-vault.js';
import { VaultListeners } from './listeners-io.js';
import * as logvault0001 from './migrations/0001-logvault.js';
import * as logvault0002 from './migrations/0002-sources.js';
import * as logvault0003 from './migrations/0003-retention.js';
import { registerLogvaultRoutes } from './routes.js';
import { LogvaultService, type LogvaultSettings } from './service.js';
import { logvaultSettings } from './settings.js';
import { LogvaultStore } from './store.js';
import type { LogvaultTables } from './tables.js';
import { LogVault, readVaultFile, vaultOriginFor } from './vault-io.js';

declare module '../platform/module.js' {
  interface ServiceRegistry {
    logvault: LogvaultService;
  }
}

const catalog = loadLogvaultCatalog();

/** The vault's folder with its lock held: one writer per vault. */
export interface LogvaultLock {
  dir: string;
  lock: DataLock;
  release(): void;
}

export async function lockLogvault(config: Config): Promise<LogvaultLock> {
  const dir = logvaultDirOf(config);
  const lock = await acquireDataLock(dir, 'wangan logvault');
  return {
    dir,
    lock,
    release: () => {
      lock.release();
      // A test's in-memory data leaves no folder behind.
      if (config.dataDir === 'memory://') fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The network-log vault (CSL 2025 Art 23(3), 2016 Art 21(3); issue 13):
 * events in append-only, signed segment files under `<data>/logvault`
 * (docs/LOGVAULT-FORMAT.md), sources and day seals in the database, each
 * finished Beijing day sealed and recorded in the ledger.
 */
export const logvaultModule: CapabilityModule<{ logvault: LogvaultService }> = {
  key: 'logvault',
  articles: 'Art 23(3) (21(3)): logs kept six months',
  available: true,
  nav: true,
  scopes: ['logvault.ingest'],
  migrations: {
    'logvault/0001-logvault': logvault0001,
    'logvault/0002-sources': logvault0002,
    'logvault/0003-retention': logvault0003,
  },
  settings: logvaultSettings(catalog.retention),
  acquire: lockLogvault,
  build(ctx) {
    const { dir } = ctx.held<LogvaultLock>('logvault');
    const ledgerDir = ctx.held<LedgerLock>('ledger').dir;
    const settings = ctx.settings<LogvaultSettings>('logvault');
    const logvault = new LogvaultService(
      new LogvaultStore(ctx.tables<LogvaultTables>()),
      async () => {
        // Signed with the installation's key (the ledger's), under an origin of its own.
        const identity = loadOrCreateIdentity(ledgerDir, ctx.config.ledgerOrigin);
        const vault = await LogVault.open(dir, {
          identity: { origin: vaultOriginFor(identity.origin), key: identity.key },
          clock: () => ctx.clock.now(),
          minFreeBytes: settings.minFreeBytes,
        });
        return { vault, createdAt: readVaultFile(dir)!.createdAt };
      },
      ctx.get('ledger'),
      ctx.get('audit'),
      ctx.uow,
      ctx.clock,
      catalog.retention,
      settings,
      ctx.config.dueSoonDays,
      (err, what) => ctx.report(err, what),
      // An incident from a search result goes through the incident capability's service.
      (actor, input) => ctx.get('incidents').ingest(actor, input, 'logvault'),
    );
    // A source's MLPS system is one the governance register knows.
    const governance = ctx.get('governance');
    logvault.connect({
      systemExists: async (id) => (await governance.overview()).some((s) => s.id === id),
    });
    // The CLI starts no lifecycle: the vault is closed (its open segment signed) as the services close.
    ctx.onClose(
      () => void logvault.close().catch((err: unknown) => ctx.report(err, 'log vault close failed')),
    );
    return { logvault };
  },
  open: async ({ logvault }) => {
    await logvault.open();
    await logvault.closeInterruptedVerify();
  },
  routes: (app, { logvault }) => registerLogvaultRoutes(app, logvault),
  jobs: ({ logvault }) => [sealDaysTask(logvault), expireSegmentsTask(logvault), verifyVaultTask(logvault)],
  lifecycle({ logvault }, ctx) {
    // New sources and hour counts reach the database within a second, in one transaction, off the ingest path.
    let timer: NodeJS.Timeout | undefined;
    const settings = ctx.settings<LogvaultSettings>('logvault');
    // The syslog listeners (each off unless its variable is set): a batch of lines is stored by ingestLines.
    const listeners = new VaultListeners(
      settings.listen ?? { udp: null, tcp: null, tls: null },
      (lines) => logvault.ingestLines(lines),
      () => ctx.clock.now(),
      (err) => {
        // A vault refusing events is reported by the service (once a minute while it lasts).
        if (!(err instanceof AppError && err.code === 'storage_unavailable'))
          ctx.report(err, 'syslog lines not stored');
      },
    );
    return {
      async start() {
        await listeners.start();
        logvault.connect({ listeners: () => listeners.status() });
        timer = setInterval(() => {
          logvault.flushSources().catch((err: unknown) => ctx.report(err, 'log sources not written'));
        }, 1000);
        timer.unref();
      },
      async stop() {
        clearInterval(timer);
        // Listeners first: what open connections still send is stored before the vault closes.
        await listeners.stop();
        await logvault.close();
      },
    };
  },
  openItems: ({ logvault }) => logvault.openItems(),
  // The day seals of the period with their signed checkpoints (the seals' ledger records carry the proofs).
  pack: ({ logvault }, ctx) => [logvaultPack(logvault, catalog.retention, () => ctx.clock.now())],
  report: ({ logvault }) => logvaultReport(logvault, catalog.retention),
  cli: (program, kit) => logvaultCommands(program, kit),
  demo: ({ logvault }, ctx) => seedLogvaultDemo(logvault, ctx),
};
