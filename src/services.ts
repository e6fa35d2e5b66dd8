import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { LedgerService } from './ledger/service.js';
import { LedgerStore } from './ledger/store.js';
import type { LedgerTables } from './ledger/tables.js';
import { FileStore } from './ledger/files-io.js';
import { rawEvidencePolicy } from './ledger/raw-evidence.js';
import { loadOrCreateIdentity, TreeLog } from './ledger/tree-log-io.js';
import { acquireDataLock, type DataLock } from './platform/db/lock.js';
import { kyselyUnitOfWork } from './platform/db/unit-of-work.js';
import { WorkspaceService } from './workspace/service.js';
import { GovernanceService } from './governance/service.js';
import { GovernanceStore } from './governance/store.js';
import type { GovernanceTables } from './governance/tables.js';
import { configuredMatrix } from './governance/grading.js';
import { loadMlps } from './governance/mlps-io.js';
import { RegistersService } from './registers/service.js';
import { RegisterStore } from './registers/store.js';
import type { RegisterTables } from './registers/tables.js';
import { loadRegisters } from './registers/registers-io.js';
import { checkRegisters } from './registers/spec.js';
import { CiiService } from './cii/service.js';
import { WorkspaceStore } from './workspace/store.js';
import { printPdf, shippedFontCss } from './workspace/pdf-io.js';
import type { WorkspaceTables } from './workspace/tables.js';
import { LawService } from './law/service.js';
import { LawStore } from './law/store.js';
import type { LawTables } from './law/tables.js';
import { loadCatalog, type Catalog } from './obligations/catalog-io.js';
import { ObligationsService } from './obligations/service.js';
import { WorkCalendar } from './obligations/calendar.js';
import type { Clock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import { openDatabase, type Database } from './platform/db/database.js';
import { platformServices, type PlatformServices } from './platform/services.js';

/** Every capability's services over one database: used by the server and by the CLI. */
export interface Services extends PlatformServices {
  catalog: Catalog;
  law: LawService;
  obligations: ObligationsService;
  ledger: LedgerService;
  workspace: WorkspaceService;
  governance: GovernanceService;
  registers: RegistersService;
  cii: CiiService;
  /** Releases files the services hold (the ledger's tree file and lock). */
  close(): void;
}

/** A capability's store sees only its own tables. */
function tablesOf<T>(database: Database): Kysely<T> {
  return database.db as unknown as Kysely<T>;
}

/** The ledger's folder with its lock held: one writer per tree file, whichever database is used. */
export interface LedgerLock {
  dir: string;
  lock: DataLock;
}

/**
 * Takes every lock (the data folder's, then the ledger's), then opens the
 * database: a second process stops before it touches anything.
 */
export async function openLocked(
  config: Config,
  purpose: string,
  onProgress?: (message: string) => void,
): Promise<{ database: Database; ledgerLock: LedgerLock }> {
  const embedded = !config.databaseUrl && config.dataDir !== 'memory://';
  const dataLock = embedded ? await acquireDataLock(config.dataDir, purpose) : undefined;
  let ledgerLock: LedgerLock | undefined;
  try {
    ledgerLock = await lockLedger(config);
    const database = await openDatabase({
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
      purpose,
      lock: dataLock,
      ...(onProgress ? { onProgress } : {}),
    });
    return { database, ledgerLock };
  } catch (err) {
    ledgerLock?.lock.release();
    dataLock?.release();
    throw err;
  }
}

export async function lockLedger(config: Config): Promise<LedgerLock> {
  const dir = ledgerDirOf(config);
  return { dir, lock: await acquireDataLock(dir, 'wangan ledger') };
}

export function buildServices(
  database: Database,
  config: Config,
  clock: Clock,
  { dir, lock }: LedgerLock,
  catalog: Catalog = loadCatalog(),
  print: (html: string) => Promise<Buffer> = printPdf,
): Services {
  const platform = platformServices(database, config, clock);
  const log = TreeLog.open(dir);
  const ledger = new LedgerService(
    new LedgerStore(tablesOf<LedgerTables>(database)),
    log,
    loadOrCreateIdentity(dir, config.ledgerOrigin),
    clock,
    new FileStore(path.join(dir, 'files')),
    rawEvidencePolicy(catalog.obligations),
  );
  const mlps = loadMlps();
  const obligations = new ObligationsService(
    catalog,
    async () => (await platform.organisation.get()).profile,
  );
  const calendar = new WorkCalendar(catalog.holidays);
  const governance = new GovernanceService(
    new GovernanceStore(tablesOf<GovernanceTables>(database)),
    ledger,
    kyselyUnitOfWork(database.db),
    clock,
    mlps,
    configuredMatrix(mlps, { 'citizens.especially_serious': config.mlpsCitizensEspeciallySerious }),
    {
      filingDays: config.mlpsFilingDays,
      filingWorkingDays: config.mlpsFilingWorkingDays,
      dueSoonDays: config.dueSoonDays,
    },
    calendar,
  );
  const registerFile = loadRegisters();
  const registerProblems = checkRegisters(registerFile, new Set(catalog.obligations.map((o) => o.id)));
  if (registerProblems.length > 0)
    throw new Error(`catalog/registers.yaml does not match the catalogue: ${registerProblems.join('; ')}`);
  const registers = new RegistersService(
    new RegisterStore(tablesOf<RegisterTables>(database)),
    ledger,
    kyselyUnitOfWork(database.db),
    clock,
    obligations,
    registerFile,
    { dueSoonDays: config.dueSoonDays },
  );
  return {
    ...platform,
    catalog,
    law: new LawService(new LawStore(tablesOf<LawTables>(database)), catalog, clock),
    obligations,
    ledger,
    workspace: new WorkspaceService(
      new WorkspaceStore(tablesOf<WorkspaceTables>(database)),
      obligations,
      ledger,
      clock,
      {
        dueSoonDays: config.dueSoonDays,
        continuousReview: config.continuousReview,
      },
      { fontCss: shippedFontCss, print },
      calendar,
      kyselyUnitOfWork(database.db),
      [governance, registers],
      // Tasks and duties are given to people: an active account, not a service account.
      async (username) => {
        const actor = await platform.auth.findActor(username).catch(() => undefined);
        return actor && !actor.service ? actor.username : undefined;
      },
    ),
    governance,
    registers,
    cii: new CiiService(
      registers,
      async () => (await platform.organisation.get()).profile,
      registerFile.training_policy,
      clock,
    ),
    close() {
      ledger.close();
      lock.release();
    },
  };
}

/** <data>/ledger; an in-memory database gets a fresh temporary folder. */
export function ledgerDirOf(config: Config): string {
  if (config.ledgerDir) return config.ledgerDir;
  if (config.dataDir === 'memory://') return fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-ledger-'));
  return path.join(config.dataDir, 'ledger');
}
