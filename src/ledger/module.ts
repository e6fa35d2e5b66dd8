import path from 'node:path';
import type { CapabilityModule } from '../platform/module.js';
import { acquireDataLock, type DataLock } from '../platform/db/lock.js';
import type { Config } from '../platform/config.js';
import { FileStore } from './files-io.js';
import { selfVerifyTask } from './jobs/self-verify.js';
import * as ledger0003 from './migrations/0003-ledger.js';
import * as ledger0002 from './migrations/0002-evidence-latest.js';
import { rawEvidencePolicy } from './raw-evidence.js';
import { registerLedgerRoutes } from './routes.js';
import { LedgerService } from './service.js';
import { LedgerStore } from './store.js';
import type { LedgerTables } from './tables.js';
import { ledgerDirOf } from './dir-io.js';
import { loadOrCreateIdentity, TreeLog } from './tree-log-io.js';
import { verifyCli } from './cli.js';

declare module '../platform/module.js' {
  interface ServiceRegistry {
    ledger: LedgerService;
  }
}

/** The ledger's folder with its lock held: one writer per tree file, whichever database is used. */
export interface LedgerLock {
  dir: string;
  lock: DataLock;
  release(): void;
}

export async function lockLedger(config: Config): Promise<LedgerLock> {
  const dir = ledgerDirOf(config);
  const lock = await acquireDataLock(dir, 'wangan ledger');
  return { dir, lock, release: () => lock.release() };
}

/** The evidence ledger: every capability's evidence, a Merkle tree, signed checkpoints. */
export const ledgerModule: CapabilityModule<{ ledger: LedgerService }> = {
  key: 'ledger',
  cli: verifyCli,
  articles: 'evidence for every duty',
  available: true,
  nav: true,
  migrations: { '0003-ledger': ledger0003, 'ledger/0002-evidence-latest': ledger0002 },
  acquire: lockLedger,
  build(ctx) {
    const { dir } = ctx.held<LedgerLock>('ledger');
    const log = TreeLog.open(dir);
    const ledger = new LedgerService(
      new LedgerStore(ctx.tables<LedgerTables>()),
      log,
      loadOrCreateIdentity(dir, ctx.config.ledgerOrigin),
      ctx.clock,
      new FileStore(path.join(dir, 'files')),
      rawEvidencePolicy(ctx.get('obligations').catalogue().obligations),
      (search) => {
        const needle = search.toLowerCase();
        return ctx
          .get('obligations')
          .catalogue()
          .obligations.filter((o) => o.title.zh.includes(search) || o.title.en.toLowerCase().includes(needle))
          .map((o) => o.id);
      },
    );
    ctx.onClose(() => ledger.close());
    return { ledger };
  },
  async open({ ledger }) {
    await ledger.recover();
    await ledger.sequence();
  },
  routes: (app, { ledger }) => registerLedgerRoutes(app, ledger),
  jobs: ({ ledger }, ctx) => [selfVerifyTask(ledger, ctx.get('audit'))],
  lifecycle({ ledger }, ctx) {
    // The sequencer: pending evidence is in a signed checkpoint within a second.
    let timer: NodeJS.Timeout | undefined;
    return {
      async start() {
        // What was recorded before the server started (the demo, a CLI import) is signed now.
        await ledger.sequence();
        await ledger.selfVerify();
        timer = setInterval(() => {
          ledger.sequence().catch((err: unknown) => ctx.report(err, 'ledger sequencer failed'));
        }, 1000);
        timer.unref();
      },
      async stop() {
        clearInterval(timer);
        await ledger.sequence().catch(() => 0);
      },
    };
  },
};
