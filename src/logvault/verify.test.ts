import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { events, MARCH_1, testIdentity, tmpDir } from '../../test/logvault-helpers.js';
import { checkpointBody, openCheckpoint, signNote, verifierKey } from '../ledger/note.js';
import { DAY, HOUR } from '../platform/time.js';
import {
  BLOCK_HEADER,
  buildBlock,
  decodeBlockHeader,
  openPayload,
  recordTime,
  SEGMENT_HEADER,
  splitRecords,
} from './segment-format.js';
import { readCheckpointFile } from './segment-io.js';
import { LogVault } from './vault-io.js';
import { verifyVault, type VerifyResult } from './verify-io.js';

const DAY1 = '2026-03-01.0001';
const DAY2 = '2026-03-02.0001';

/** Two days of 300 events each (blocks of 100), the first sealed; the vault closed. */
async function vaultOfTwoDays() {
  const dir = tmpDir();
  const id = testIdentity();
  const vault = await LogVault.open(dir, { identity: id, clock: () => new Date(MARCH_1 + 2 * DAY + HOUR) });
  // The first batch's events share one receive time (as a burst does), so two can swap places.
  await vault.append(events(100, MARCH_1 + HOUR, { step: 0 }));
  await vault.append(events(100, MARCH_1 + 2 * HOUR));
  await vault.append(events(100, MARCH_1 + 3 * HOUR));
  for (let k = 0; k < 3; k++) await vault.append(events(100, MARCH_1 + DAY + HOUR + k * 1000));
  const seal = await vault.sealDay('2026-03-01');
  await vault.close();
  const file = (name: string) => path.join(dir, 'segments', `${name}.seg`);
  return {
    dir,
    id,
    seal,
    file,
    forge: (name: string, change: (rs: Buffer[]) => Buffer[]) => forge(file(name), change),
  };
}

/**
 * Rewrites a segment as a careful forger would: every block re-encoded with
 * right counts, indexes, times and checksums around the changed records.
 */
async function forge(file: string, change: (records: Buffer[]) => Buffer[]): Promise<void> {
  const buf = fs.readFileSync(file);
  let records: Buffer[] = [];
  for (let off = SEGMENT_HEADER; off < buf.length;) {
    const h = decodeBlockHeader(buf.subarray(off, off + BLOCK_HEADER));
    const end = off + BLOCK_HEADER + h.payloadLength;
    records.push(...splitRecords(openPayload(h, buf.subarray(off + BLOCK_HEADER, end)), h.count));
    off = end;
  }
  records = change(records.map((r) => Buffer.from(r)));
  const parts: Buffer[] = [buf.subarray(0, SEGMENT_HEADER)];
  for (let i = 0; i < records.length; i += 100) {
    const chunk = records.slice(i, i + 100);
    const times = chunk.map((r) => recordTime(r, 0));
    parts.push(
      await buildBlock(Buffer.concat(chunk), chunk.length, i, times[0]!, times[times.length - 1]!, 'brotli'),
    );
  }
  fs.writeFileSync(file, Buffer.concat(parts));
}

function fails(r: VerifyResult, segment: string | null, codes: string[]): void {
  assert.equal(r.ok, false, 'verify must fail');
  if (r.ok) return;
  assert.equal(r.segment, segment, r.messages.en);
  assert.ok(codes.includes(r.code), `${r.code}: ${r.messages.en}`);
  assert.match(r.messages.zh, /[\u4e00-\u9fff]/);
}

describe('log vault verify', () => {
  it('passes an untouched vault, counting its segments, events, checkpoints and seals', async () => {
    const v = await vaultOfTwoDays();
    const r = await verifyVault(v.dir);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.segments, 2);
    assert.equal(r.events, 600);
    assert.equal(r.seals, 1);
    assert.ok(r.checkpoints >= 2);
    assert.equal(r.unsignedEvents, 0);
  });

  it('fails on one changed byte of one event, in a sealed day and in the last segment, naming the segment', async () => {
    for (const name of [DAY1, DAY2]) {
      const v = await vaultOfTwoDays();
      await v.forge(name, (rs) => {
        const r = rs[150]!;
        r[r.length - 1]! ^= 0x01;
        return rs;
      });
      fails(await verifyVault(v.dir), name, ['checkpoint_root_mismatch']);
    }
  });

  it('fails when an event is removed', async () => {
    const v = await vaultOfTwoDays();
    await v.forge(DAY1, (rs) => rs.filter((_, i) => i !== 42));
    fails(await verifyVault(v.dir), DAY1, ['events_missing', 'checkpoint_root_mismatch']);
  });

  it('fails when two events are reordered, with the same receive time or not', async () => {
    const same = await vaultOfTwoDays();
    await same.forge(DAY1, (rs) => {
      [rs[5], rs[6]] = [rs[6]!, rs[5]!];
      return rs;
    });
    fails(await verifyVault(same.dir), DAY1, ['checkpoint_root_mismatch']);
    const apart = await vaultOfTwoDays();
    await apart.forge(DAY2, (rs) => {
      [rs[205], rs[206]] = [rs[206]!, rs[205]!];
      return rs;
    });
    fails(await verifyVault(apart.dir), DAY2, ['segment_damaged']);
  });

  it('fails when a segment is truncated, at a block boundary or inside a block', async () => {
    for (const [name, cut] of [
      [DAY1, 'boundary'],
      [DAY1, 'inside'],
      [DAY2, 'boundary'],
    ] as const) {
      const v = await vaultOfTwoDays();
      const file = v.file(name);
      const buf = fs.readFileSync(file);
      const lastBlock = buf.lastIndexOf(Buffer.from('WLVB'));
      fs.truncateSync(file, cut === 'boundary' ? lastBlock : lastBlock + 30);
      fails(await verifyVault(v.dir), name, ['events_missing', 'segment_damaged']);
    }
  });

  it('fails on a flipped byte in the file, a segment removed, or checkpoints signed by another key', async () => {
    const flipped = await vaultOfTwoDays();
    const bytes = fs.readFileSync(flipped.file(DAY1));
    bytes[SEGMENT_HEADER + BLOCK_HEADER + 10]! ^= 0x20;
    fs.writeFileSync(flipped.file(DAY1), bytes);
    fails(await verifyVault(flipped.dir), DAY1, ['segment_damaged']);

    const removed = await vaultOfTwoDays();
    fs.rmSync(removed.file(DAY1));
    fails(await verifyVault(removed.dir), DAY1, ['segment_missing']);

    const resigned = await vaultOfTwoDays();
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
    const cpPath = path.join(resigned.dir, 'segments', `${DAY2}.cp`);
    const lines = readCheckpointFile(cpPath, false).checkpoints.map((c) => {
      const cp = openCheckpoint(c.note, resigned.id.key.vkey);
      return JSON.stringify({ ...c, note: signNote(checkpointBody(cp), resigned.id.key.name, privateKey) });
    });
    fs.writeFileSync(cpPath, `${lines.join('\n')}\n`);
    fails(await verifyVault(resigned.dir), DAY2, ['checkpoint_signature']);
    // Pinning a key the vault was not signed with fails on the first segment.
    const other = verifierKey(resigned.id.key.name, publicKey);
    fails(await verifyVault(resigned.dir, { vkey: other }), DAY1, ['checkpoint_signature']);
  });

  it('checks the day seals it is given (as the ledger holds them) and only the range asked for', async () => {
    const v = await vaultOfTwoDays();
    const wrong = { ...v.seal, segments: v.seal.segments.map((s) => ({ ...s, sha256: '0'.repeat(64) })) };
    fails(await verifyVault(v.dir, { seals: [wrong] }), DAY1, ['seal_mismatch']);
    await v.forge(DAY1, (rs) => rs.slice(0, 10));
    fails(await verifyVault(v.dir, { from: '2026-03-01', to: '2026-03-02' }), DAY1, ['events_missing']);
    const later = await verifyVault(v.dir, { from: '2026-03-02', to: '2026-03-03' });
    assert.ok(later.ok && later.segments === 1 && later.seals === 0);
  });
});
