import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it, describe } from 'node:test';
import { AppError } from '../errors.js';
import { acquireDataLock, askHolder, LOCK_FILE, osLockAvailable, readLock } from './lock.js';

const lockModule = path.join(import.meta.dirname, 'lock.ts');

/** A child process that takes the lock, says so, and waits to be killed. */
function holderProcess(dir: string): Promise<{ pid: number; kill(): Promise<void> }> {
  const code = `
    const { acquireDataLock } = await import(${JSON.stringify(lockModule)});
    await acquireDataLock(${JSON.stringify(dir)}, 'child holder');
    process.stdout.write('locked\\n');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (c) => reject(new Error(`holder exited early (${c})`)));
    child.stdout.on('data', (b: Buffer) => {
      if (!b.toString().includes('locked')) return;
      child.removeAllListeners('exit');
      resolve({
        pid: child.pid!,
        kill: () =>
          new Promise((done) => {
            child.on('exit', () => done());
            child.kill('SIGKILL');
          }),
      });
    });
  });
}

const isLocked = (err: unknown) => err instanceof AppError && err.code === 'data_locked';

describe('data folder lock', () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-lock-'));

  it('a second holder is refused with an error naming the lock file and its holder', async () => {
    const d = dir();
    const lock = await acquireDataLock(d, 'first');
    await assert.rejects(
      () => acquireDataLock(d, 'second'),
      (err: unknown) =>
        isLocked(err) &&
        (err as AppError).message.includes(path.join(d, LOCK_FILE)) &&
        (err as AppError).message.includes(String(process.pid)),
    );
    lock.release();
    const again = await acquireDataLock(d, 'third');
    assert.equal(readLock(d)?.purpose, 'third');
    again.release();
    assert.equal(fs.existsSync(path.join(d, LOCK_FILE)), false);
  });

  it('a lock left by a dead process is taken over', async () => {
    const d = dir();
    // PID far above pid_max on Linux: never alive.
    fs.writeFileSync(
      path.join(d, LOCK_FILE),
      JSON.stringify({ pid: 2 ** 30, startedAt: 'long ago', purpose: 'crashed' }),
    );
    const lock = await acquireDataLock(d, 'after crash');
    assert.equal(readLock(d)?.pid, process.pid);
    lock.release();
  });

  it(
    'deleting the lock file does not let a second process in; the holder still answers who it is',
    { skip: osLockAvailable ? false : 'skipped: abstract sockets are Linux only (the file lock is used)' },
    async () => {
      const d = dir();
      const holder = await holderProcess(d);
      try {
        fs.rmSync(path.join(d, LOCK_FILE));
        await assert.rejects(
          () => acquireDataLock(d, 'intruder'),
          (err: unknown) => isLocked(err) && (err as AppError).message.includes(String(holder.pid)),
        );
        assert.equal((await askHolder(d))?.pid, holder.pid);
        // The same folder by another path (a symlink) is the same lock.
        const link = `${d}-link`;
        fs.symlinkSync(d, link);
        await assert.rejects(() => acquireDataLock(link, 'by symlink'), isLocked);
      } finally {
        await holder.kill();
      }
      // The kernel released the lock with the process: no file cleanup needed.
      const lock = await acquireDataLock(d, 'after SIGKILL');
      assert.equal(readLock(d)?.purpose, 'after SIGKILL');
      lock.release();
    },
  );
});
