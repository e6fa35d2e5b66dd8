import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../platform/config.js';

/** <data>/ledger (or WANGAN_LEDGER_DIR); an in-memory database gets a fresh temporary folder. */
export function ledgerDirOf(config: Config): string {
  if (config.ledgerDir) return config.ledgerDir;
  if (config.dataDir === 'memory://') return fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-ledger-'));
  return path.join(config.dataDir, 'ledger');
}
