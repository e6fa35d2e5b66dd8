/**
 * Crash test (npm run test:crash; .ci/run runs it after npm test): a server
 * is killed while it acknowledges evidence, its checkpoint file is torn and
 * its lock files deleted, a second server is tried on the live folder, and
 * in the end every acknowledged record must be in an exported pack that
 * verifies.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { cliProcess, serve, tmp } from '../cli-helpers.js';

const kill9 = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

/** Posts evidence from a few parallel writers until `stopAt`; returns the ids the server acknowledged. */
async function writeUntil(url: string, token: string, stopAt: () => boolean, tag: string): Promise<string[]> {
  const acked: string[] = [];
  let n = 0;
  const writer = async () => {
    while (!stopAt() && n < 5000) {
      const i = n++;
      try {
        const res = await fetch(`${url}/api/evidence`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            obligations: ['csl.incident-emergency-plan'],
            kind: 'record',
            summary: `${tag} ${i}`,
          }),
        });
        if (res.status === 201) acked.push(((await res.json()) as { id: string }).id);
      } catch {
        return; // the server is gone
      }
    }
  };
  await Promise.all([writer(), writer(), writer(), writer()]);
  return acked;
}

function tearLastLine(file: string): void {
  const bytes = fs.readFileSync(file);
  // Cut into the last line, as a crash in the middle of its write would leave it.
  fs.writeFileSync(file, bytes.subarray(0, bytes.length - 40));
}

describe('ledger crash test', () => {
  const children: ChildProcess[] = [];
  after(async () => {
    for (const c of children) await kill9(c);
  });

  it('every acknowledged record survives SIGKILL, torn files and deleted locks, and is in a pack that verifies', async () => {
    const data = tmp();
    assert.equal(cliProcess(['init', '--data', data, '--org', '崩溃测试']).code, 0);
    const token = cliProcess([
      'token',
      'create',
      '--user',
      'admin',
      '--scopes',
      'read,write',
      '--data',
      data,
    ]).stdout.trim();
    assert.match(token, /^wgn_/);
    const lockFiles = [path.join(data, 'wangan.lock'), path.join(data, 'ledger', 'wangan.lock')];
    const cpFile = path.join(data, 'ledger', 'checkpoints.jsonl');

    // 1. Kill the first server while writers are busy.
    const first = await serve(['--data', data]);
    children.push(first.child);
    const started = Date.now();
    let killed = false;
    const writing = writeUntil(first.url, token, () => killed, 'first');
    await new Promise((r) => setTimeout(r, 1500));
    killed = true;
    await kill9(first.child);
    const acked = await writing;
    assert.ok(acked.length > 20, `the first server acknowledged ${acked.length} records`);

    // 2. The crash left a torn checkpoint line and stale lock files; delete the locks too.
    tearLastLine(cpFile);
    for (const f of lockFiles) fs.rmSync(f, { force: true });

    // 3. A second server starts on the folder, signs what was left unsigned, and takes writes.
    const second = await serve(['--data', data]);
    children.push(second.child);
    const health = (await (await fetch(`${second.url}/api/health`)).json()) as { status: string };
    assert.equal(health.status, 'ok');
    // With both lock files deleted, a third server must still be refused.
    for (const f of lockFiles) fs.rmSync(f, { force: true });
    const third = cliProcess(['serve', '--port', '0', '--data', data]);
    assert.notEqual(third.code, 0, 'a second server on a live folder must not start');
    assert.match(third.stderr, /in use/);
    let done = false;
    const more = writeUntil(second.url, token, () => done, 'second');
    await new Promise((r) => setTimeout(r, 800));
    done = true;
    acked.push(...(await more));
    // Kill it too, before its sequencer can sign the last batch.
    await kill9(second.child);
    tearLastLine(cpFile);
    for (const f of lockFiles) fs.rmSync(f, { force: true });

    // 4. Export from the command line and verify offline: every acknowledged record is there.
    const out = path.join(tmp(), 'pack');
    const exported = cliProcess(['pack', 'export', '--out', out, '--data', data]);
    assert.equal(exported.code, 0, exported.stderr);
    const verified = cliProcess(['verify', out, '--json']);
    assert.equal(verified.code, 0, verified.stdout);
    assert.equal(JSON.parse(verified.stdout).ok, true);
    const inPack = new Set(
      fs
        .readFileSync(path.join(out, 'records.tsv'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line.slice(line.indexOf('\t') + 1)) as { id: string }).id),
    );
    const lost = acked.filter((id) => !inPack.has(id));
    assert.deepEqual(lost, [], `${lost.length} of ${acked.length} acknowledged records are not in the pack`);
    assert.ok(Date.now() - started < 120_000);
  });
});
