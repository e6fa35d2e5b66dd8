import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openCheckpoint } from '../ledger/note.js';
import { events, MARCH_1, testIdentity, tmpDir } from '../../test/logvault-helpers.js';
import { HOUR } from '../platform/time.js';
import { listSegments, readCheckpointFile } from './segment-io.js';
import { type VaultError } from './vault-errors.js';
import { LogVault, vaultOriginFor, type StoredEvent } from './vault-io.js';
import { verifyVault } from './verify-io.js';

async function collect(it: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

/** Receive order, ties by number, and every number from 0 once. */
function assertReceiveOrder(all: StoredEvent[]): void {
  for (let i = 1; i < all.length; i++) {
    const a = all[i - 1]!;
    const b = all[i]!;
    assert.ok(a.receivedAt < b.receivedAt || (a.receivedAt === b.receivedAt && a.seq < b.seq), `event ${i}`);
  }
  assert.deepEqual(
    all.map((e) => e.seq).sort((x, y) => x - y),
    all.map((_, i) => i),
  );
}

const clockAt = (ms: number) => {
  const c = { now: ms, fn: () => new Date(c.now) };
  return c;
};

describe('log vault identity', () => {
  it('takes an origin of its own beside the ledger’s', () => {
    assert.equal(
      vaultOriginFor('wangan.local/ledger/3f9c0e1b2a4d5e6f'),
      'wangan.local/logvault/3f9c0e1b2a4d5e6f',
    );
    assert.equal(vaultOriginFor('wangan.local/ledger'), 'wangan.local/logvault');
    assert.equal(vaultOriginFor('corp.example/audit'), 'corp.example/audit/logvault');
  });

  it('refuses to append under another key than the one the vault was made with', async () => {
    const dir = tmpDir();
    await (await LogVault.open(dir, { identity: testIdentity() })).close();
    await assert.rejects(
      LogVault.open(dir, { identity: testIdentity() }),
      (e: VaultError) => e.code === 'key_changed',
    );
  });
});

describe('log vault append and scan', () => {
  it('acknowledges each batch with its range, and reads back exactly what was stored, by time and source', async () => {
    const dir = tmpDir();
    const id = testIdentity();
    const vault = await LogVault.open(dir, { identity: id });
    const a = await vault.append(events(1000, MARCH_1 + HOUR));
    const b = await vault.append(events(500, MARCH_1 + 2 * HOUR));
    assert.deepEqual(a, { firstIndex: 0, count: 1000 });
    assert.deepEqual(b, { firstIndex: 1000, count: 500 });
    const all = await collect(vault.scan({ from: MARCH_1, to: MARCH_1 + 86_400_000 }));
    assert.equal(all.length, 1500);
    // Each large source of a write in a block of its own: numbers follow the blocks, the scan gives receive order.
    assertReceiveOrder(all);
    const { seq: _s, segment: _g, index: _i, ...first } = all[0]!;
    assert.deepEqual(first, events(1, MARCH_1 + HOUR)[0]);
    // A time range inside one batch, and one source.
    const slice = await collect(
      vault.scan({ from: MARCH_1 + HOUR + 100, to: MARCH_1 + HOUR + 200, source: 'src-1' }),
    );
    assert.equal(slice.length, 34);
    assert.ok(slice.every((e) => e.source === 'src-1' && e.receivedAt >= MARCH_1 + HOUR + 100));
    assert.deepEqual(await collect(vault.scan({ from: MARCH_1 + 3 * HOUR, to: MARCH_1 + 4 * HOUR })), []);
    await vault.close();
    // And again after a restart.
    const again = await LogVault.open(dir, { identity: id });
    assert.equal((await collect(again.scan({ from: MARCH_1, to: MARCH_1 + 86_400_000 }))).length, 1500);
    assert.deepEqual(await again.append(events(1, MARCH_1 + 3 * HOUR)), { firstIndex: 1500, count: 1 });
    await again.close();
    assert.equal((await verifyVault(dir)).ok, true);
  });

  it('writes appends that queue while a block is on its way in one block, each with its own range', async () => {
    const dir = tmpDir();
    const vault = await LogVault.open(dir, { identity: testIdentity() });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, k) =>
        vault.append(events(50, MARCH_1 + k * 1000, { source: `src-${k % 3}` })),
      ),
    );
    // A batch of one source is numbered in one run; the runs tile the numbers given out.
    const ranges = results.map((r) => [r.firstIndex, r.count]).sort((x, y) => x[0]! - y[0]!);
    assert.deepEqual(
      ranges,
      ranges.map((_, k) => [k * 50, 50]),
    );
    await vault.close();
    const r = await verifyVault(dir);
    assert.equal(r.ok && r.events, 1000);
  });

  it('keeps receive times in order: a clock stepped back is held at the last time', async () => {
    const vault = await LogVault.open(tmpDir(), { identity: testIdentity() });
    await vault.append(events(3, MARCH_1 + HOUR));
    await vault.append(events(2, MARCH_1 + 10));
    const all = await collect(vault.scan({ from: MARCH_1, to: MARCH_1 + 2 * HOUR }));
    assert.deepEqual(
      all.map((e) => e.receivedAt - MARCH_1 - HOUR),
      [0, 1, 2, 2, 2],
    );
    await vault.close();
  });

  it('refuses events with a bad severity, and new events while the disk is nearly full, without harming what is stored', async () => {
    const dir = tmpDir();
    const id = testIdentity();
    const vault = await LogVault.open(dir, { identity: id });
    await vault.append(events(10, MARCH_1));
    await assert.rejects(
      vault.append([{ ...events(1, MARCH_1)[0]!, severity: 9 }]),
      (e: VaultError) => e.code === 'bad_event',
    );
    await vault.close();
    const full = await LogVault.open(dir, { identity: id, minFreeBytes: Number.MAX_SAFE_INTEGER });
    await assert.rejects(full.append(events(10, MARCH_1 + 100)), (e: VaultError) => {
      assert.equal(e.code, 'disk_full');
      assert.match(e.messages.zh, /磁盘/);
      return true;
    });
    await full.close();
    const r = await verifyVault(dir);
    assert.equal(r.ok && r.events, 10);
  });
});

describe('log vault checkpoints', () => {
  it('signs the segment’s tree repeatedly while events arrive, each checkpoint by the key and the segment’s origin', async () => {
    const dir = tmpDir();
    const id = testIdentity();
    const vault = await LogVault.open(dir, { identity: id, checkpointMs: 40 });
    const until = performance.now() + 300;
    let t = MARCH_1;
    while (performance.now() < until) {
      await vault.append(events(20, t));
      t += 20;
      await new Promise((r) => setTimeout(r, 5));
    }
    const name = vault.status().active!;
    await new Promise((r) => setTimeout(r, 80));
    const cps = readCheckpointFile(path.join(dir, 'segments', `${name}.cp`), false).checkpoints;
    assert.ok(cps.length >= 4, `${cps.length} checkpoints in 300 ms at one per 40 ms`);
    // The timer signs the tail once events stop, without a close.
    assert.equal(cps[cps.length - 1]!.size, t - MARCH_1);
    const cp = openCheckpoint(cps[0]!.note, id.key.vkey);
    assert.equal(cp.origin, `${id.origin}/${name}`);
    await vault.close();
  });

  it('signs at start what a stopped process acknowledged but had not signed yet', async () => {
    const dir = tmpDir();
    const id = testIdentity();
    const first = await LogVault.open(dir, { identity: id, checkpointMs: 60_000 });
    await first.append(events(10, MARCH_1));
    await first.flush(); // signed: 10
    await first.append(events(10, MARCH_1 + 100)); // acknowledged; its checkpoint is a minute away
    const name = first.status().active!;
    const cpPath = path.join(dir, 'segments', `${name}.cp`);
    assert.equal(readCheckpointFile(cpPath, false).checkpoints.at(-1)!.size, 10);
    // The process is gone without closing (its timer is what a SIGKILL would also stop).
    const second = await LogVault.open(dir, { identity: id });
    assert.equal(readCheckpointFile(cpPath, false).checkpoints.at(-1)!.size, 20);
    await second.close();
    assert.equal((await verifyVault(dir)).ok, true);
    await first.close();
  });
});

describe('log vault recovery', () => {
  it('cuts a torn last block (never acknowledged) and keeps every acknowledged event', async () => {
    const dir = tmpDir();
    const id = testIdentity();
    const vault = await LogVault.open(dir, { identity: id });
    await vault.append(events(100, MARCH_1));
    await vault.append(events(100, MARCH_1 + 1000));
    await vault.close();
    const [name] = listSegments(path.join(dir, 'segments'));
    const file = path.join(dir, 'segments', `${name}.seg`);
    const whole = fs.readFileSync(file);
    // A third block whose write the crash interrupted: a copy of the last block, cut short.
    const lastBlock = whole.subarray(whole.length - 600);
    fs.appendFileSync(file, lastBlock.subarray(0, 300));
    const before = await verifyVault(dir);
    assert.equal(before.ok, true, 'verify tolerates a torn tail in the last segment');
    assert.ok(before.ok && before.tailBytes === 300);
    const again = await LogVault.open(dir, { identity: id });
    assert.equal(fs.statSync(file).size, whole.length);
    assert.deepEqual(await again.append(events(1, MARCH_1 + 5000)), { firstIndex: 200, count: 1 });
    await again.close();
    const r = await verifyVault(dir);
    assert.ok(r.ok && r.events === 201 && r.tailBytes === 0);
  });

  it('leaves a segment damaged inside alone and continues in a new part', async () => {
    const dir = tmpDir();
    const id = testIdentity();
    const vault = await LogVault.open(dir, { identity: id, checkpointMs: 60_000 });
    await vault.append(events(100, MARCH_1));
    await vault.append(events(100, MARCH_1 + 1000));
    await vault.close();
    const file = path.join(dir, 'segments', '2026-03-01.0001.seg');
    const bytes = fs.readFileSync(file);
    bytes[100]! ^= 0xff; // inside the first block: damage, not a torn tail
    fs.writeFileSync(file, bytes);
    const again = await LogVault.open(dir, { identity: id });
    assert.deepEqual(again.status().damaged, ['2026-03-01.0001']);
    assert.equal(fs.statSync(file).size, bytes.length, 'nothing is cut from a damaged segment');
    assert.deepEqual(await again.append(events(5, MARCH_1 + 5000)), { firstIndex: 200, count: 5 });
    assert.equal(again.status().active, '2026-03-01.0002');
    await again.close();
    const r = await verifyVault(dir);
    assert.ok(!r.ok && r.segment === '2026-03-01.0001' && r.code === 'segment_damaged');
  });
});

describe('log vault segments and day seals', () => {
  it('rolls over by size and at Beijing midnight, and seals a day that is over', async () => {
    const dir = tmpDir();
    const clock = clockAt(MARCH_1 + 23 * HOUR);
    const id = testIdentity();
    const vault = await LogVault.open(dir, { identity: id, clock: clock.fn, maxSegmentBytes: 20_000 });
    // 2026-03-01 23:59:59.500 Beijing to 00:00:00.499 the next day, in one batch.
    const r = await vault.append(events(1000, MARCH_1 + 86_400_000 - 500));
    assert.deepEqual(r, { firstIndex: 0, count: 1000 });
    for (let k = 0; k < 10; k++)
      await vault.append(events(200, MARCH_1 + 86_400_000 + 1000 + k * 200, { tag: 'x'.repeat(k) }));
    const names = listSegments(path.join(dir, 'segments'));
    assert.equal(names[0], '2026-03-01.0001');
    assert.ok(
      names.filter((n) => n.startsWith('2026-03-02.')).length >= 2,
      `size rollover: ${names.join(' ')}`,
    );
    await assert.rejects(vault.sealDay('2026-03-01'), (e: VaultError) => e.code === 'day_not_over');
    clock.now = MARCH_1 + 86_400_000 + HOUR;
    const seal = await vault.sealDay('2026-03-01');
    assert.equal(seal.date, '2026-03-01');
    assert.deepEqual(
      seal.segments.map((s) => [s.name, s.size]),
      [['2026-03-01.0001', 500]],
    );
    assert.match(seal.segments[0]!.sha256, /^[0-9a-f]{64}$/);
    assert.equal(await vault.sealDay('2026-03-01'), seal, 'sealing twice gives the first seal');
    assert.deepEqual((await vault.sealDay('2026-02-27')).segments, [], 'a day without events seals empty');
    await vault.close();
    const v = await verifyVault(dir);
    assert.ok(v.ok, JSON.stringify(v));
    assert.equal(v.events, 3000);
    assert.equal(v.seals, 2);
    // Events are found across the day and part boundaries.
    const reopened = await LogVault.open(dir, { identity: id, clock: clock.fn });
    const all = await collect(reopened.scan({ from: MARCH_1, to: MARCH_1 + 2 * 86_400_000 }));
    assert.equal(all.length, 3000);
    assertReceiveOrder(all);
    await reopened.close();
  });

  it('puts an event that arrives for a sealed day into the next day', async () => {
    const dir = tmpDir();
    const clock = clockAt(MARCH_1 + 86_400_000 + HOUR);
    const vault = await LogVault.open(dir, { identity: testIdentity(), clock: clock.fn });
    await vault.append(events(5, MARCH_1 + HOUR));
    await vault.sealDay('2026-03-01');
    await vault.append(events(1, MARCH_1 + 2 * HOUR)); // a late (or wrongly stamped) event of the sealed day
    await vault.close();
    const names = listSegments(path.join(dir, 'segments'));
    assert.deepEqual(names, ['2026-03-01.0001', '2026-03-02.0001']);
    const v = await verifyVault(dir);
    assert.ok(v.ok && v.seals === 1);
  });
});
