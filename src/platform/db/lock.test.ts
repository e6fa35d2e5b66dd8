import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it, describe } from 'node:test';
import { AppError } from '../errors.js';
import { acquireDataLock, LOCK_FILE, readLock } from './lock.js';

describe('data folder lock', () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-lock-'));

  it('a second holder is refused with an error naming the lock file and its holder', () => {
    const d = dir();
    const lock = acquireDataLock(d, 'first');
    assert.throws(
      () => acquireDataLock(d, 'second'),
      (err: unknown) =>
        err instanceof AppError &&
        err.code === 'data_locked' &&
        err.message.includes(path.join(d, LOCK_FILE)) &&
        err.message.includes(String(process.pid)),
    );
    lock.release();
    const again = acquireDataLock(d, 'third');
    assert.equal(readLock(d)?.purpose, 'third');
    again.release();
    assert.equal(fs.existsSync(path.join(d, LOCK_FILE)), false);
  });

  it('a lock left by a dead process is taken over', () => {
    const d = dir();
    // PID far above pid_max on Linux: never alive.
    fs.writeFileSync(
      path.join(d, LOCK_FILE),
      JSON.stringify({ pid: 2 ** 30, startedAt: 'long ago', purpose: 'crashed' }),
    );
    const lock = acquireDataLock(d, 'after crash');
    assert.equal(readLock(d)?.pid, process.pid);
    lock.release();
  });
});
