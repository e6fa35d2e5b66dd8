import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MARCH_1, testIdentity, tmpDir } from '../../test/logvault-helpers.js';
import { HOUR } from '../platform/time.js';
import { bloomMayContain, buildBloom, foldBytes, needleTrigrams } from './block-index.js';
import { foldLatin } from './ingest.js';
import type { VaultEvent } from './segment-format.js';
import { idxFile, listSegments } from './segment-io.js';
import { LogVault, type ScanQuery, type StoredEvent } from './vault-io.js';
import { verifyVault } from './verify-io.js';

async function collect(it: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

const WORDS = ['Alice.Wang', 'root', 'deploy', '10.1.2.3', '登录失败', 'ok', 'GET /index', 'xY'];

/** What a scan must answer: every stored event, filtered in plain code. */
function brute(all: StoredEvent[], q: ScanQuery): StoredEvent[] {
  return all.filter(
    (e) =>
      e.receivedAt >= +q.from &&
      e.receivedAt < +q.to &&
      (q.source === undefined || e.source === q.source) &&
      (q.maxSeverity === undefined || (e.severity !== null && e.severity <= q.maxSeverity)) &&
      (!q.text || foldLatin(e.raw).includes(q.text)),
  );
}

const key = (e: StoredEvent) => `${e.seq}`;

describe('log vault search index', () => {
  it('a trigram filter never misses a substring, whatever the case of Latin letters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'grapheme' }), fc.nat(), fc.nat(), (text, a, b) => {
        const raw = Buffer.from(text, 'utf8');
        const bloom = buildBloom(raw);
        const from = Math.min(a, b) % (raw.length + 1);
        const to = Math.min(raw.length, from + (Math.max(a, b) % 20));
        const needle = foldBytes(raw.subarray(from, to));
        return bloomMayContain(bloom, needleTrigrams(needle));
      }),
    );
    const bloom = buildBloom(Buffer.from('Accepted publickey for ALICE.wang from 10.0.0.1'));
    assert.ok(bloomMayContain(bloom, needleTrigrams(foldBytes(Buffer.from('alice.WANG')))));
    assert.ok(!bloomMayContain(bloom, needleTrigrams(foldBytes(Buffer.from('zhangsan@example.cn')))));
  });

  it('answers exactly what a full scan filtered by hand answers, on random data and queries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            n: fc.integer({ min: 1, max: 120 }),
            step: fc.integer({ min: 0, max: 3000 }),
            sources: fc.integer({ min: 1, max: 6 }),
            word: fc.option(fc.constantFrom(...WORDS), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        fc.array(
          fc.record({
            a: fc.integer({ min: 0, max: 2 * HOUR }),
            b: fc.integer({ min: 0, max: 2 * HOUR }),
            source: fc.option(fc.constantFrom('s0', 's1', 's2', 's5', 'nowhere'), { nil: undefined }),
            text: fc.option(fc.constantFrom(...WORDS.map(foldLatin), 'absent text', 'a'), { nil: undefined }),
            sev: fc.option(fc.integer({ min: 0, max: 7 }), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        async (batches, queries) => {
          const dir = tmpDir();
          // Small source blocks so a write splits into several blocks; small segments so there are several.
          const id = testIdentity();
          const vault = await LogVault.open(dir, {
            identity: id,
            sourceBlockBytes: 600,
            maxSegmentBytes: 6000,
          });
          let t = MARCH_1 + HOUR / 2;
          let written = 0;
          // Half the batches at once (one group commit), the rest one by one.
          const pending: Promise<unknown>[] = [];
          for (const [k, b] of batches.entries()) {
            const evs: VaultEvent[] = [];
            for (let i = 0; i < b.n; i++) {
              t += i % 7 === 0 ? b.step : 0;
              evs.push({
                receivedAt: t,
                source: `s${(i * 7 + k) % b.sources}`,
                severity: i % 9 === 8 ? null : i % 8,
                hostname: `h${i % 3}`,
                app: 'sshd',
                raw: `<38>Mar  1 00:00:00 h${i % 3} sshd: event ${k}/${i}${b.word && i % 5 === 1 ? ` user ${b.word}` : ''}`,
              });
            }
            written += evs.length;
            const p = vault.append(evs);
            if (k % 2) pending.push(p);
            else await p;
          }
          await Promise.all(pending);
          const check = async (v: LogVault) => {
            const all = await collect(v.scan({ from: 0, to: MARCH_1 + 3 * HOUR }));
            assert.equal(all.length, written);
            for (const q of queries) {
              const query: ScanQuery = {
                from: MARCH_1 + Math.min(q.a, q.b),
                to: MARCH_1 + Math.max(q.a, q.b) + 1,
                source: q.source,
                text: q.text,
                maxSeverity: q.sev,
              };
              const got = await collect(v.scan(query));
              assert.deepEqual(got.map(key), brute(all, query).map(key), JSON.stringify(query));
            }
          };
          await check(vault); // the open segment's index in memory, the closed ones' files
          await vault.close();
          // After a restart: closed segments from their .idx files, the last one indexed at recovery.
          const again = await LogVault.open(dir, { identity: id, maxSegmentBytes: 6000 });
          await check(again);
          await again.close();
          assert.ok((await verifyVault(dir)).ok);
          fs.rmSync(dir, { recursive: true, force: true });
        },
      ),
      { numRuns: 25 },
    );
  });

  it('reads only the blocks of the source and text asked for, and rebuilds a missing, corrupt or stale index', async () => {
    const dir = tmpDir();
    const id = testIdentity();
    const vault = await LogVault.open(dir, { identity: id, maxSegmentBytes: 40_000, sourceBlockBytes: 2048 });
    for (let b = 0; b < 20; b++) {
      const evs: VaultEvent[] = [];
      for (let i = 0; i < 400; i++)
        evs.push({
          receivedAt: MARCH_1 + b * 1000 + i,
          source: `src-${i % 10}`,
          severity: 6,
          hostname: `host-${i % 10}`,
          app: 'sshd',
          raw: `<38>Mar  1 00:00:00 host-${i % 10} sshd[${i}]: Accepted publickey for ${i % 10 === 3 && i % 40 === 3 ? 'Alice.Wang' : 'deploy'} from 10.0.${b}.${i % 250} port ${40000 + i}`,
        });
      await vault.append(evs);
    }
    const all = await collect(vault.scan({ from: MARCH_1, to: MARCH_1 + HOUR }));
    const total = vault.blocksRead;
    const one = await collect(vault.scan({ from: MARCH_1, to: MARCH_1 + HOUR, source: 'src-7' }));
    const forOne = vault.blocksRead - total;
    assert.equal(one.length, 800);
    assert.ok(forOne * 5 <= total, `one source in ten read ${forOne} of ${total} blocks`);
    const before = vault.blocksRead;
    const text = await collect(vault.scan({ from: MARCH_1, to: MARCH_1 + HOUR, text: 'alice.wang' }));
    assert.equal(text.length, 200);
    // The source's 20 blocks, and the few others whose filters happen to hold every trigram.
    const forText = vault.blocksRead - before;
    assert.ok(forText >= 20 && forText <= 2 * forOne, `a text of one source read ${forText} blocks`);
    await vault.close();

    const names = listSegments(path.join(dir, 'segments'));
    assert.ok(names.length >= 3);
    for (const n of names)
      assert.ok(fs.existsSync(idxFile(path.join(dir, 'segments'), n)), `${n}.idx written`);
    const seg = path.join(dir, 'segments');
    // Missing, corrupt, and another segment's index: each rebuilt, the answers the same.
    fs.rmSync(idxFile(seg, names[0]!));
    const f1 = idxFile(seg, names[1]!);
    const bytes = fs.readFileSync(f1);
    bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff;
    fs.writeFileSync(f1, bytes);
    fs.copyFileSync(idxFile(seg, names[names.length - 1]!), idxFile(seg, names[2]!));
    const again = await LogVault.open(dir, { identity: id });
    assert.deepEqual(
      (await collect(again.scan({ from: MARCH_1, to: MARCH_1 + HOUR }))).map(key),
      all.map(key),
    );
    assert.deepEqual(
      (await collect(again.scan({ from: MARCH_1, to: MARCH_1 + HOUR, source: 'src-7' }))).map(key),
      one.map(key),
    );
    assert.equal(
      (await collect(again.scan({ from: MARCH_1, to: MARCH_1 + HOUR, text: 'ALICE.WANG'.toLowerCase() })))
        .length,
      200,
    );
    assert.ok(fs.existsSync(idxFile(seg, names[0]!)), 'a missing index is written again');
    await again.close();
    const v = await verifyVault(dir);
    assert.ok(v.ok, JSON.stringify(v));
    assert.equal(v.ok && v.events, 8000);
  });

  it('cuts a group of blocks a crash left unfinished at the end of the last segment, and only that', async () => {
    const dir = tmpDir();
    const id = testIdentity();
    const seg = path.join(dir, 'segments');
    const vault = await LogVault.open(dir, { identity: id, sourceBlockBytes: 1000 });
    const one = (n: number, t: number, sources: number): VaultEvent[] =>
      Array.from({ length: n }, (_, i) => ({
        receivedAt: t + i,
        source: `s${i % sources}`,
        severity: 6,
        hostname: null,
        app: null,
        raw: `line ${t} ${i} ${'x'.repeat(60)}`,
      }));
    await vault.append(one(50, MARCH_1 + 1000, 1)); // a group of one block
    await vault.flush(); // signed
    await vault.append(one(90, MARCH_1 + 2000, 3)); // a group of three blocks
    await vault.close();
    const [name] = listSegments(seg);
    const segPath = path.join(seg, `${name}.seg`);
    const cpPath = path.join(seg, `${name}.cp`);
    // As if the process died during the second write: its last block never reached the disk, nothing signed it.
    const cps = fs.readFileSync(cpPath, 'utf8').trimEnd().split('\n');
    assert.equal(JSON.parse(cps[0]!).size, 50);
    fs.writeFileSync(cpPath, `${cps[0]}\n`);
    const buf = fs.readFileSync(segPath);
    const blocks: number[] = [];
    for (let at = buf.indexOf('WLVB'); at >= 0; at = buf.indexOf('WLVB', at + 48)) blocks.push(at);
    fs.truncateSync(segPath, blocks[blocks.length - 1]!);
    const before = await verifyVault(dir);
    assert.ok(before.ok, 'a group cut short at the end of the last segment is a torn tail, not damage');
    const again = await LogVault.open(dir, { identity: id, sourceBlockBytes: 1000 });
    const all = await collect(again.scan({ from: MARCH_1, to: MARCH_1 + HOUR }));
    assert.equal(all.length, 50, 'the unfinished group is cut whole: none of its events was acknowledged');
    assert.equal(fs.statSync(segPath).size, blocks[1], 'cut back to the group’s first block');
    const r = await again.append(one(30, MARCH_1 + 3000, 3));
    assert.equal(r.firstIndex, 50);
    await again.close();
    const v = await verifyVault(dir);
    assert.ok(v.ok && v.events === 80, JSON.stringify(v));
  });
});
