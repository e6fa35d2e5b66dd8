import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyRoot, leafHash, rootOf } from '../ledger/merkle.js';
import { beijingDate } from '../platform/time.js';
import {
  beijingDay,
  buildBlock,
  CompactTree,
  dayDate,
  decodeBlockHeader,
  decodeRecord,
  encodeRecords,
  FormatError,
  openPayload,
  splitRecords,
  type VaultEvent,
} from './segment-format.js';

const sample: VaultEvent[] = [
  {
    receivedAt: 1_772_294_400_123,
    source: 'fw-01',
    severity: 4,
    hostname: 'FG100',
    app: null,
    raw: 'devname="FG100" action="deny"',
  },
  {
    receivedAt: 1_772_294_400_124,
    source: '防火墙',
    severity: null,
    hostname: null,
    app: 'sshd',
    raw: '登录失败 ünïcode 🙂',
  },
  { receivedAt: 1_772_294_400_124, source: '', severity: 0, hostname: 'h', app: 'a', raw: '' },
];

describe('log vault records', () => {
  it('decode what was encoded, with absent fields kept absent', () => {
    const enc = encodeRecords(sample);
    let off = 0;
    const back: VaultEvent[] = [];
    while (off < enc.bytes.length) {
      const { event, end } = decodeRecord(enc.bytes, off);
      back.push(event);
      off = end;
    }
    assert.deepEqual(back, sample);
    assert.deepEqual(
      enc.times,
      sample.map((e) => e.receivedAt),
    );
  });

  it('hash each record as an RFC 6962 leaf of its exact bytes', () => {
    const enc = encodeRecords(sample);
    const records = splitRecords(enc.bytes, sample.length);
    records.forEach((r, i) => assert.deepEqual(enc.leaves.subarray(i * 32, i * 32 + 32), leafHash(r)));
    // Leaf hashing borrows the byte before each record: the records are left intact.
    assert.deepEqual(decodeRecord(enc.bytes, 0).event, sample[0]);
  });

  it('refuse a severity outside 0-7 and a time that is not whole milliseconds', () => {
    assert.throws(() => encodeRecords([{ ...sample[0]!, severity: 8 }]), FormatError);
    assert.throws(() => encodeRecords([{ ...sample[0]!, receivedAt: 1.5 }]), FormatError);
    assert.throws(() => encodeRecords([{ ...sample[0]!, source: 'x'.repeat(70_000) }]), FormatError);
  });
});

describe('log vault blocks', () => {
  it('round-trip through compression, and a changed byte is caught by the checksum', async () => {
    for (const kind of ['brotli', 'deflateRaw'] as const) {
      const enc = encodeRecords(sample);
      const block = await buildBlock(
        enc.bytes,
        sample.length,
        7,
        sample[0]!.receivedAt,
        sample[2]!.receivedAt,
        kind,
      );
      const h = decodeBlockHeader(block.subarray(0, 48));
      assert.equal(h.count, 3);
      assert.equal(h.firstIndex, 7);
      assert.deepEqual(openPayload(h, block.subarray(48)), enc.bytes);
      const bad = Buffer.from(block);
      bad[bad.length - 1]! ^= 1;
      assert.throws(() => openPayload(h, bad.subarray(48)), /checksum/);
      const badHeader = Buffer.from(block.subarray(0, 48));
      badHeader[17]! ^= 1;
      assert.throws(() => decodeBlockHeader(badHeader), /checksum/);
    }
  });
});

describe('compact tree', () => {
  it('gives the RFC 6962 root at every size', () => {
    const tree = new CompactTree();
    const leaves: Buffer[] = [];
    assert.deepEqual(tree.root(), emptyRoot);
    for (let i = 0; i < 70; i++) {
      const leaf = leafHash(Buffer.from([i]));
      leaves.push(leaf);
      tree.append(leaf);
      assert.deepEqual(tree.root(), rootOf(leaves), `size ${i + 1}`);
    }
  });
});

describe('Beijing day numbers', () => {
  it('agree with the platform calendar around midnight', () => {
    for (const iso of [
      '2026-02-28T15:59:59.999Z',
      '2026-02-28T16:00:00Z',
      '2026-12-31T16:00:00Z',
      '1999-12-31T23:00:00Z',
    ]) {
      const ms = Date.parse(iso);
      assert.equal(dayDate(beijingDay(ms)), beijingDate(new Date(ms)), iso);
    }
  });
});
