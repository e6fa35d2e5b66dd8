import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.js';

/**
 * PGlite does not lock its folder: two processes on one folder would each
 * keep their own copy in memory and silently lose each other's writes. The
 * owner of the folder holds `wangan.lock` (created with O_EXCL) for as long as
 * it runs; a lock whose process is gone is taken over.
 */
export interface LockInfo {
  pid: number;
  startedAt: string;
  purpose: string;
  url?: string;
}

export interface DataLock {
  path: string;
  info: LockInfo;
  update(patch: Partial<LockInfo>): void;
  release(): void;
}

export const LOCK_FILE = 'wangan.lock';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLock(dataDir: string): LockInfo | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

function writeExclusive(file: string, info: LockInfo): void {
  const fd = fs.openSync(file, 'wx', 0o600);
  try {
    fs.writeSync(fd, JSON.stringify(info));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function acquireDataLock(dataDir: string, purpose: string): DataLock {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, startedAt: new Date().toISOString(), purpose };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeExclusive(file, info);
      let held = true;
      const lock: DataLock = {
        path: file,
        info,
        update(patch) {
          Object.assign(info, patch);
          const tmp = `${file}.${process.pid}.tmp`;
          fs.writeFileSync(tmp, JSON.stringify(info), { mode: 0o600 });
          fs.renameSync(tmp, file);
        },
        release() {
          if (!held) return;
          held = false;
          process.removeListener('exit', onExit);
          try {
            const current = readLock(dataDir);
            if (current?.pid === process.pid) fs.unlinkSync(file);
          } catch {
            // already gone
          }
        },
      };
      const onExit = () => lock.release();
      process.on('exit', onExit);
      return lock;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLock(dataDir);
      if (holder && processAlive(holder.pid)) {
        throw new AppError(
          'data_locked',
          `The data folder ${dataDir} is in use: lock file ${file} is held by process ${holder.pid}` +
            ` (${holder.purpose}, since ${holder.startedAt}${holder.url ? `, serving ${holder.url}` : ''}).` +
            ' Stop that process or use another folder (--data DIR / WANGAN_DATA).',
          { lockFile: file, holder },
        );
      }
      // Stale: its process is gone. Remove and try once more.
      fs.rmSync(file, { force: true });
    }
  }
  throw new AppError('data_locked', `Could not take the lock ${file}; another process raced for it.`);
}
