import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { events, MARCH_1, testIdentity, tmpDir } from '../../test/logvault-helpers.js';
import { DAY, HOUR } from '../platform/time.js';
import { VaultError } from './vault-errors.js';
import { LogVault, readExpired } from './vault-io.js';
import { verifyVault } from './verify-io.js';

const POLICY = 185;

/** Three sealed days (1-3 March 2026), 100 events each, source src-a on the first day only; the clock settable. */
async function threeDays() {
  const dir = tmpDir();
  let now = MARCH_1 + 3 * DAY + HOUR;
  const identity = testIdentity();
  const vault = await LogVault.open(dir, { identity, clock: () => new Date(now) });
  await vault.append(events(100, MARCH_1 + HOUR, { source: 'src-a' }));
  await vault.append(events(100, MARCH_1 + DAY + HOUR, { source: 'src-b' }));
  await vault.append(events(100, MARCH_1 + 2 * DAY + HOUR, { source: 'src-b' }));
  for (const d of ['2026-03-01', '2026-03-02', '2026-03-03']) await vault.sealDay(d);
  const files = () =>
    fs
      .readdirSync(path.join(dir, 'segments'))
      .filter((f) => f.endsWith('.seg'))
      .sort();
  return {
    dir,
    vault,
    files,
    reopen: () => LogVault.open(dir, { identity, clock: () => new Date(now) }),
    setNow: (iso: string) => void (now = Date.parse(iso)),
  };
}

async function refused(p: Promise<unknown>, re: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof VaultError);
    assert.equal(err.code, 'retention_locked');
    assert.match(err.messages.en, re);
    assert.match(err.messages.zh, /不得删除/);
    return true;
  });
}

describe('log vault expiry: the retention lock in the storage layer', () => {
  it('a day past the policy goes, a day one day inside it stays, whatever the caller passes', async () => {
    const v = await threeDays();
    // 1 March expires on 2 September 2026 by law, 3 September by a 185-day policy.
    v.setNow('2026-09-02T16:00:00Z'); // 3 September 00:00 Beijing
    assert.deepEqual([...(await v.vault.sourcesOfDay('2026-03-01'))], ['src-a']);
    // A file derived from the segment (its search index) goes with it.
    fs.writeFileSync(path.join(v.dir, 'segments', '2026-03-01.0001.idx'), 'index');
    const gone = await v.vault.expireDay('2026-03-01', { policyDays: POLICY, held: false });
    assert.deepEqual(
      gone.segments.map((s) => [s.name, s.size]),
      [['2026-03-01.0001', 100]],
    );
    assert.deepEqual(v.files(), ['2026-03-02.0001.seg', '2026-03-03.0001.seg']);
    assert.deepEqual(
      fs.readdirSync(path.join(v.dir, 'segments')).filter((f) => f.startsWith('2026-03-01.')),
      [],
      'its .cp and .idx too',
    );
    // 2 March is one day inside its policy: refused.
    await refused(
      v.vault.expireDay('2026-03-02', { policyDays: POLICY, held: false }),
      /within their retention period \(removable from 2026-09-04\)/,
    );
    // A policy below the longest six months is no way around it, nor is a day not over.
    await refused(v.vault.expireDay('2026-03-02', { policyDays: 1, held: false }), /retention period/);
    await refused(v.vault.expireDay('2026-09-01', { policyDays: POLICY, held: false }), /retention/);
    assert.deepEqual(v.files(), ['2026-03-02.0001.seg', '2026-03-03.0001.seg']);
    // The seal stays (the proof the day was kept), and the removal is listed.
    assert.ok(v.vault.seals().some((s) => s.date === '2026-03-01'));
    assert.deepEqual(
      v.vault.expiredDays().map((e) => e.date),
      ['2026-03-01'],
    );
    const r = await verifyVault(v.dir);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.expired, 1);
    assert.equal(r.seals, 2);
    assert.equal(r.events, 200);
    await v.vault.close();
  });

  it('a held day stays; once the hold is lifted it goes, and verify still follows the numbering', async () => {
    const v = await threeDays();
    v.setNow('2026-09-05T16:00:00Z');
    await refused(v.vault.expireDay('2026-03-01', { policyDays: POLICY, held: true }), /legal hold/);
    // 2 March goes while 1 March is held: a gap in the sequence numbers that expired.jsonl explains.
    await v.vault.expireDay('2026-03-02', { policyDays: POLICY, held: false });
    assert.deepEqual(v.files(), ['2026-03-01.0001.seg', '2026-03-03.0001.seg']);
    const mid = await verifyVault(v.dir);
    assert.ok(mid.ok, JSON.stringify(mid));
    assert.equal(mid.expired, 1);
    // Lifted: it goes at the next run.
    await v.vault.expireDay('2026-03-01', { policyDays: POLICY, held: false });
    assert.deepEqual(v.files(), ['2026-03-03.0001.seg']);
    const after = await verifyVault(v.dir);
    assert.ok(after.ok, JSON.stringify(after));
    assert.equal(after.expired, 2);
    await v.vault.close();
  });

  it('a crash between expired.jsonl and the unlink is finished at the next run', async () => {
    const v = await threeDays();
    v.setNow('2026-09-03T16:00:00Z');
    const seg = path.join(v.dir, 'segments');
    const saved = ['2026-03-01.0001.seg', '2026-03-01.0001.cp'].map(
      (f) => [f, fs.readFileSync(path.join(seg, f))] as const,
    );
    await v.vault.expireDay('2026-03-01', { policyDays: POLICY, held: false });
    await v.vault.close();
    // As the crash left it: the day listed as expired, its files still there.
    for (const [f, b] of saved) fs.writeFileSync(path.join(seg, f), b);
    assert.equal(fs.readdirSync(seg).filter((f) => f.startsWith('2026-03-01.')).length, 2);
    const before = await verifyVault(v.dir);
    assert.ok(before.ok, 'the files left by the crash are still those sealed');
    // A torn half line after the last one (a second crash mid-write) is cut, not read.
    fs.appendFileSync(path.join(v.dir, 'expired.jsonl'), '{"date":"2026-03-0');
    assert.equal(readExpired(path.join(v.dir, 'expired.jsonl'), false).length, 1);
    const reopened = await v.reopen();
    assert.deepEqual(await reopened.finishExpiry(), ['2026-03-01']);
    assert.deepEqual(await reopened.finishExpiry(), [], 'finished once');
    assert.equal(fs.readdirSync(seg).filter((f) => f.startsWith('2026-03-01.')).length, 0);
    const r = await verifyVault(v.dir);
    assert.ok(r.ok, JSON.stringify(r));
    await reopened.close();
  });

  it('verify names a day removed without expiry, or an expiry before the legal minimum', async () => {
    const v = await threeDays();
    await v.vault.close();
    const seg = path.join(v.dir, 'segments');
    // Removed by hand: missing, not expired.
    fs.renameSync(path.join(seg, '2026-03-01.0001.seg'), path.join(v.dir, 'aside.seg'));
    const missing = await verifyVault(v.dir);
    assert.equal(missing.ok, false);
    if (!missing.ok) assert.equal(missing.code, 'segment_missing');
    // A forged expiry line dated inside the six months: refused.
    const seal = v.vault.seals()[0]!;
    fs.writeFileSync(
      path.join(v.dir, 'expired.jsonl'),
      `${JSON.stringify({
        date: seal.date,
        segments: seal.segments.map((s) => ({ name: s.name, sha256: s.sha256, size: s.size })),
        at: '2026-08-31T00:00:00Z',
      })}\n`,
    );
    const early = await verifyVault(v.dir);
    assert.equal(early.ok, false);
    if (!early.ok) {
      assert.equal(early.code, 'expired_early');
      assert.match(early.messages.en, /removable from 2026-09-02/);
    }
  });
});
