/**
 * Log vault crash test (npm run test:crash): a child process appends batches
 * as fast as it can and prints each acknowledged range; it is killed with
 * SIGKILL at a random moment, the vault is reopened (cutting a torn last
 * block, signing what was left unsigned) and every acknowledged event must be
 * there, with a tree that verifies. Ten rounds on the same vault.
 */
import crypto from 'node:crypto';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadOrCreateIdentity } from '../../src/ledger/tree-log-io.js';
import { listSegments } from '../../src/logvault/segment-io.js';
import { LogVault, vaultOriginFor } from '../../src/logvault/vault-io.js';
import { verifyVault } from '../../src/logvault/verify-io.js';
import { root, tmp } from '../cli-helpers.js';

// A digest per line keeps the lines about as compressible as real ones (about 5 to 1).
const rawLine = (round: number, batch: number, i: number) =>
  `<86>Mar  1 12:00:00 host sshd[42]: round ${round} batch ${batch} event ${i} ${crypto.hash('sha1', `${round}/${batch}/${i}`, 'hex')} `.padEnd(
    200,
    'x',
  );

interface Ack {
  first: number;
  count: number;
  batch: number;
  round: number;
}

const kill9 = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

/** Runs the appender, kills it `ms` after it is ready, and returns the ranges it acknowledged. */
function appendThenKill(dir: string, ledgerDir: string, round: number, ms: number, children: ChildProcess[]) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'test/crash/logvault-appender.ts'), dir, ledgerDir, String(round)],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise<Ack[]>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (!timer && out.startsWith('ready\n')) timer = setTimeout(() => void kill9(child), ms);
    });
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`appender exited with ${code}: ${err}`));
      // Only whole lines: the kill may cut the last one.
      const lines = out.slice(0, out.lastIndexOf('\n') + 1).split('\n');
      resolve(
        lines
          .filter((l) => l.startsWith('ack '))
          .map((l) => {
            const [, first, count, batch] = l.split(' ').map(Number) as [number, number, number, number];
            return { first, count, batch, round };
          }),
      );
    });
  });
}

describe('log vault crash test', () => {
  const children: ChildProcess[] = [];
  after(async () => {
    for (const c of children) await kill9(c);
  });

  it('keeps every acknowledged event and a verifying tree through ten SIGKILLs', async () => {
    const started = Date.now();
    const data = tmp();
    const dir = path.join(data, 'logvault');
    const ledgerDir = path.join(data, 'ledger');
    const ledger = loadOrCreateIdentity(ledgerDir);
    const identity = { origin: vaultOriginFor(ledger.origin), key: ledger.key };
    const acked: Ack[] = [];
    for (let round = 0; round < 10; round++) {
      // Each round checks what it added (the full check runs at the end): the segment last
      // written before it on, the events received since it started.
      const fromSegment = listSegments(path.join(dir, 'segments')).at(-1);
      const since = Date.now();
      const acks = await appendThenKill(
        dir,
        ledgerDir,
        round,
        150 + Math.floor(Math.random() * 600),
        children,
      );
      assert.ok(acks.length > 0, `round ${round}: nothing was acknowledged before the kill`);
      acked.push(...acks);
      // Reopening recovers: a torn last block is cut, unsigned events are signed.
      const vault = await LogVault.open(dir, { identity });
      const got = new Map<number, string>();
      const lo = Math.min(...acks.map((a) => a.first));
      for await (const e of vault.scan({ from: since, to: Date.now() + 60_000 }))
        if (e.seq >= lo) got.set(e.seq, e.raw);
      await vault.close();
      for (const a of acks)
        for (let i = 0; i < a.count; i++)
          assert.equal(
            got.get(a.first + i),
            rawLine(a.round, a.batch, i),
            `round ${round}: event ${a.first + i} lost`,
          );
      const v = await verifyVault(dir, { fromSegment });
      assert.ok(v.ok, `round ${round}: ${JSON.stringify(v)}`);
      assert.equal(v.unsignedEvents, 0, 'reopening signs every acknowledged event');
    }
    // Nothing acknowledged in an earlier round went missing later, and no range was given twice.
    const seqs = new Set<number>();
    const vault = await LogVault.open(dir, { identity });
    const total = vault.status().events;
    for await (const e of vault.scan({ from: 0, to: Date.now() + 60_000 })) seqs.add(e.seq);
    await vault.close();
    let events = 0;
    for (const a of acked) {
      events += a.count;
      for (let i = 0; i < a.count; i++) assert.ok(seqs.has(a.first + i), `event ${a.first + i} lost`);
    }
    const full = await verifyVault(dir);
    assert.ok(full.ok && full.events === total, JSON.stringify(full));
    assert.equal(new Set(acked.map((a) => `${a.round}:${a.first}`)).size, acked.length);
    assert.ok(total >= events, `${total} events stored, ${events} acknowledged`);
    assert.ok(Date.now() - started < 60_000, `took ${Date.now() - started} ms`);
  });
});
