import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { AppError } from '../errors.js';

/**
 * PGlite does not lock its folder, and the ledger's tree file must have one
 * writer: two processes on one folder would each keep their own copy in
 * memory and silently lose each other's writes.
 *
 * The lock that counts is one the operating system releases when the process
 * dies, whatever happens to files: on Linux, a Unix socket in the abstract
 * namespace named after the folder's real path (no file to delete; the kernel
 * frees the name with the process). The holder answers on that socket with
 * its lock info, so a second process can name it even when the file is gone.
 * `wangan.lock` (pid, purpose, URL) stays as the human-readable part, and is
 * the lock itself elsewhere (created with O_EXCL; a lock whose process is
 * gone is taken over).
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
  /** How the lock is held: an abstract socket the kernel releases, or the file alone. */
  kind: 'socket' | 'file';
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

/** Abstract-namespace sockets exist on Linux only. */
export const osLockAvailable = process.platform === 'linux';

/** The socket name for a folder: its real path, hashed (names are limited to 107 bytes). */
export function lockSocketName(dataDir: string): string {
  const real = fs.realpathSync(dataDir);
  return `\0wangan-lock-${crypto.createHash('sha256').update(real).digest('hex').slice(0, 40)}`;
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

function writeReplacing(file: string, info: LockInfo): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(info), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

function lockedError(dataDir: string, file: string, holder: LockInfo | undefined): AppError {
  const who = holder
    ? `held by process ${holder.pid} (${holder.purpose}, since ${holder.startedAt}${holder.url ? `, serving ${holder.url}` : ''})`
    : 'held by another running process';
  const whoZh = holder ? `进程 ${holder.pid} 持有` : '另一正在运行的进程持有';
  return new AppError(
    'data_locked',
    {
      en:
        `The data folder ${dataDir} is in use: lock ${file} is ${who}.` +
        ' Stop that process or use another folder (--data DIR / WANGAN_DATA).',
      zh: `数据目录 ${dataDir} 正在使用中：锁文件 ${file} 由${whoZh}。请停止该进程，或改用其他目录（--data DIR / WANGAN_DATA）。`,
    },
    { lockFile: file, ...(holder ? { holder } : {}) },
  );
}

/** Asks the process holding the folder's socket who it is (undefined when nobody answers). */
export function askHolder(dataDir: string, timeoutMs = 1000): Promise<LockInfo | undefined> {
  if (!osLockAvailable || !fs.existsSync(dataDir)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let data = '';
    const socket = net.connect({ path: lockSocketName(dataDir) });
    const done = (info: LockInfo | undefined) => {
      socket.destroy();
      resolve(info);
    };
    socket.setTimeout(timeoutMs, () => done(undefined));
    socket.on('data', (chunk) => (data += chunk.toString('utf8')));
    socket.on('end', () => {
      try {
        done(JSON.parse(data) as LockInfo);
      } catch {
        done(undefined);
      }
    });
    socket.on('error', () => done(undefined));
  });
}

function listen(server: net.Server, name: string): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const onError = (err: NodeJS.ErrnoException) => resolve(err);
    server.once('error', onError);
    server.listen({ path: name }, () => {
      server.removeListener('error', onError);
      resolve(undefined);
    });
  });
}

export async function acquireDataLock(dataDir: string, purpose: string): Promise<DataLock> {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, startedAt: new Date().toISOString(), purpose };
  if (osLockAvailable) return acquireSocketLock(dataDir, file, info);
  return acquireFileLock(dataDir, file, info);
}

async function acquireSocketLock(dataDir: string, file: string, info: LockInfo): Promise<DataLock> {
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.end(JSON.stringify(info));
  });
  const err = await listen(server, lockSocketName(dataDir));
  if (err) {
    if (err.code !== 'EADDRINUSE') throw err;
    throw lockedError(dataDir, file, (await askHolder(dataDir)) ?? readLock(dataDir));
  }
  // The socket must not keep the process alive.
  server.unref();
  // We hold the kernel's lock: whatever the file says is stale (or was put back by hand).
  writeReplacing(file, info);
  return makeLock(dataDir, file, info, 'socket', () => server.close());
}

function acquireFileLock(dataDir: string, file: string, info: LockInfo): DataLock {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeExclusive(file, info);
      return makeLock(dataDir, file, info, 'file', () => {});
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLock(dataDir);
      if (holder && processAlive(holder.pid)) throw lockedError(dataDir, file, holder);
      // Stale: its process is gone. Remove and try once more.
      fs.rmSync(file, { force: true });
    }
  }
  throw new AppError('data_locked', {
    en: `Could not take the lock ${file}; another process raced for it.`,
    zh: `未能取得锁文件 ${file}：另一进程同时在争用。`,
  });
}

function makeLock(
  dataDir: string,
  file: string,
  info: LockInfo,
  kind: DataLock['kind'],
  closeOs: () => void,
): DataLock {
  let held = true;
  const lock: DataLock = {
    path: file,
    info,
    kind,
    update(patch) {
      Object.assign(info, patch);
      writeReplacing(file, info);
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
      closeOs();
    },
  };
  const onExit = () => lock.release();
  process.on('exit', onExit);
  return lock;
}
