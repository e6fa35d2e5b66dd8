import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../platform/config.js';

/** <data>/logvault; an in-memory database gets a fresh temporary folder. */
export function logvaultDirOf(config: Config): string {
  if (config.dataDir === 'memory://') return fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-logvault-'));
  return path.join(config.dataDir, 'logvault');
}
