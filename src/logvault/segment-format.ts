import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { emptyRoot, leafHash, nodeHash, type Hash } from '../ledger/merkle.js';
import { DAY, HOUR } from '../platform/time.js';

/**
 * The log vault's on-disk format, encoded and decoded without I/O
 * (docs/LOGVAULT-FORMAT.md is the reference a verifier can be written from):
 * - a record is one event's canonical bytes, the leaf data of its segment's
 *   RFC 6962 tree;
 * - a block is a compressed run of records with a 48-byte header;
 * - a segment file is a 32-byte header and blocks, one Beijing day's events
 *   (or part of them) in receive order.
 */

/** One stored event. `receivedAt` is milliseconds since the epoch (UTC). */
export interface VaultEvent {
  receivedAt: number;
  /** The registered source's id. */
  source: string;
  /** Syslog severity 0-7, or null when the line had none. */
  severity: number | null;
  hostname: string | null;
  app: string | null;
  /** The line as received. */
  raw: string;
}

const RECORD_VERSION = 1;
const RECORD_FIXED = 20;
const NO_SEVERITY = 0xff;
const MAX_SHORT = 0xffff;

export class FormatError extends Error {}

// ---------------------------------------------------------------- records

/** Records of a batch, concatenated, with each record's end offset and its leaf hash. */
export interface EncodedRecords {
  /** The records, back to back (a block's raw bytes are runs of these). */
  bytes: Buffer;
  /** ends[i] = offset just past record i in `bytes`. */
  ends: number[];
  /** 32-byte RFC 6962 leaf hashes, back to back. */
  leaves: Buffer;
  times: number[];
}

function shortLength(s: string | null, what: string): number {
  if (s === null) return 0;
  const n = Buffer.byteLength(s, 'utf8');
  if (n > MAX_SHORT) throw new FormatError(`${what} longer than ${MAX_SHORT} bytes`);
  return n;
}

/**
 * Encodes events as records (layout in docs/LOGVAULT-FORMAT.md) and hashes
 * each as a leaf. Times (`times`, else each event's `receivedAt`) must be
 * whole milliseconds.
 */
export function encodeRecords(events: readonly VaultEvent[], times?: readonly number[]): EncodedRecords {
  const n = events.length;
  const lengths = new Array<number>(n * 4);
  let total = 1; // one spare byte before the first record: see the leaf hashing below
  for (let i = 0; i < n; i++) {
    const e = events[i]!;
    const s = shortLength(e.source, 'source');
    const h = shortLength(e.hostname, 'hostname');
    const a = shortLength(e.app, 'app');
    const r = Buffer.byteLength(e.raw, 'utf8');
    lengths[i * 4] = s;
    lengths[i * 4 + 1] = h;
    lengths[i * 4 + 2] = a;
    lengths[i * 4 + 3] = r;
    total += RECORD_FIXED + s + h + a + r;
  }
  const buf = Buffer.allocUnsafe(total);
  const ends = new Array<number>(n);
  const stamped = new Array<number>(n);
  let off = 1;
  for (let i = 0; i < n; i++) {
    const e = events[i]!;
    const sev = e.severity;
    if (sev !== null && !(Number.isInteger(sev) && sev >= 0 && sev <= 7))
      throw new FormatError(`severity must be 0-7 or null, got ${sev}`);
    const t = times ? times[i]! : e.receivedAt;
    if (!Number.isSafeInteger(t) || t < 0) throw new FormatError('receivedAt must be whole milliseconds');
    buf[off] = RECORD_VERSION;
    writeTime(buf, t, off + 1);
    buf[off + 9] = sev === null ? NO_SEVERITY : sev;
    off += 10;
    off = buf.writeUInt16BE(lengths[i * 4]!, off);
    off += buf.write(e.source, off, 'utf8');
    off = buf.writeUInt16BE(lengths[i * 4 + 1]!, off);
    if (e.hostname) off += buf.write(e.hostname, off, 'utf8');
    off = buf.writeUInt16BE(lengths[i * 4 + 2]!, off);
    if (e.app) off += buf.write(e.app, off, 'utf8');
    off = buf.writeUInt32BE(lengths[i * 4 + 3]!, off);
    off += buf.write(e.raw, off, 'utf8');
    ends[i] = off - 1;
    stamped[i] = t;
  }
  // leaf = SHA-256(0x00 || record): lend the byte before each record (the spare one, or the
  // previous record's last byte) as the 0x00 prefix, so no buffer is built per event.
  const leaves = Buffer.allocUnsafe(n * 32);
  let start = 1;
  for (let i = 0; i < n; i++) {
    const end = ends[i]! + 1;
    const saved = buf[start - 1]!;
    buf[start - 1] = 0;
    leaves.set(crypto.hash('sha256', buf.subarray(start - 1, end), 'buffer'), i * 32);
    buf[start - 1] = saved;
    start = end;
  }
  return { bytes: buf.subarray(1), ends, leaves, times: stamped };
}

/** Decodes one record at `off`; returns the event and the offset past it. */
export function decodeRecord(buf: Buffer, off: number): { event: VaultEvent; end: number } {
  if (off + RECORD_FIXED > buf.length) throw new FormatError('record cut short');
  if (buf[off] !== RECORD_VERSION) throw new FormatError(`unknown record version ${buf[off]}`);
  const receivedAt = readTime(buf, off + 1);
  const sevByte = buf[off + 9]!;
  if (sevByte !== NO_SEVERITY && sevByte > 7) throw new FormatError(`bad severity ${sevByte}`);
  let p = off + 10;
  const str = (lenBytes: 2 | 4): string => {
    if (p + lenBytes > buf.length) throw new FormatError('record cut short');
    const len = lenBytes === 2 ? buf.readUInt16BE(p) : buf.readUInt32BE(p);
    p += lenBytes;
    if (p + len > buf.length) throw new FormatError('record cut short');
    const s = buf.toString('utf8', p, p + len);
    p += len;
    return s;
  };
  const source = str(2);
  const hostname = str(2);
  const app = str(2);
  const raw = str(4);
  return {
    event: {
      receivedAt,
      source,
      severity: sevByte === NO_SEVERITY ? null : sevByte,
      hostname: hostname || null,
      app: app || null,
      raw,
    },
    end: p,
  };
}

/** The source id of the record at `off`, read without decoding the rest (for filtering). */
export function recordSource(buf: Buffer, off: number): string {
  const len = buf.readUInt16BE(off + 10);
  return buf.toString('utf8', off + 12, off + 12 + len);
}

/** The receive time of the record at `off`. */
export function recordTime(buf: Buffer, off: number): number {
  return readTime(buf, off + 1);
}

// Times are 8-byte big-endian integers; as two 32-bit halves, without a BigInt per event.
// (Times before 1970 are refused, so the sign bit is never set.)
const TWO_32 = 2 ** 32;
function writeTime(buf: Buffer, t: number, at: number): void {
  buf.writeUInt32BE(Math.floor(t / TWO_32), at);
  buf.writeUInt32BE(t >>> 0, at + 4);
}
function readTime(buf: Buffer, at: number): number {
  return buf.readUInt32BE(at) * TWO_32 + buf.readUInt32BE(at + 4);
}

/** Offset past the record at `off`, checking only its lengths. */
export function skipRecord(buf: Buffer, off: number): number {
  if (off + RECORD_FIXED > buf.length) throw new FormatError('record cut short');
  let p = off + 10;
  for (let k = 0; k < 3; k++) {
    if (p + 2 > buf.length) throw new FormatError('record cut short');
    p += 2 + buf.readUInt16BE(p);
  }
  if (p + 4 > buf.length) throw new FormatError('record cut short');
  p += 4 + buf.readUInt32BE(p);
  if (p > buf.length) throw new FormatError('record cut short');
  return p;
}

// ---------------------------------------------------------------- blocks

export const BLOCK_MAGIC = Buffer.from('WLVB', 'ascii');
export const BLOCK_HEADER = 48;
const BLOCK_VERSION = 1;
export const Compression = { deflateRaw: 1, brotli: 2 } as const;
export type CompressionName = keyof typeof Compression;
/** A block's records may inflate to at most this (a request is at most 8 MiB). */
export const MAX_BLOCK_RAW = 64 * 1024 * 1024;

export interface BlockHeader {
  compression: number;
  payloadLength: number;
  rawLength: number;
  count: number;
  /** Index in the segment of the block's first record. */
  firstIndex: number;
  firstTime: number;
  lastTime: number;
  payloadCrc: number;
  /**
   * Blocks of its group after this one (bytes 6-7): the blocks one write
   * stores (one per source of a group commit) form a group; 0 for the last
   * block of a group and for a block alone.
   */
  rest?: number;
}

export function encodeBlockHeader(h: BlockHeader): Buffer {
  const b = Buffer.alloc(BLOCK_HEADER);
  BLOCK_MAGIC.copy(b, 0);
  b[4] = BLOCK_VERSION;
  b[5] = h.compression;
  b.writeUInt16BE(h.rest ?? 0, 6);
  b.writeUInt32BE(h.payloadLength, 8);
  b.writeUInt32BE(h.rawLength, 12);
  b.writeUInt32BE(h.count, 16);
  b.writeUInt32BE(h.firstIndex, 20);
  b.writeBigInt64BE(BigInt(h.firstTime), 24);
  b.writeBigInt64BE(BigInt(h.lastTime), 32);
  b.writeUInt32BE(h.payloadCrc, 40);
  b.writeUInt32BE(zlib.crc32(b.subarray(0, 44)), 44);
  return b;
}

/** Parses a block header; a FormatError says why it is not one. */
export function decodeBlockHeader(b: Buffer): BlockHeader {
  if (b.length < BLOCK_HEADER) throw new FormatError('block header cut short');
  if (!b.subarray(0, 4).equals(BLOCK_MAGIC)) throw new FormatError('no block starts here');
  if (zlib.crc32(b.subarray(0, 44)) !== b.readUInt32BE(44)) throw new FormatError('block header checksum');
  if (b[4] !== BLOCK_VERSION) throw new FormatError(`unknown block version ${b[4]}`);
  const h: BlockHeader = {
    compression: b[5]!,
    payloadLength: b.readUInt32BE(8),
    rawLength: b.readUInt32BE(12),
    count: b.readUInt32BE(16),
    firstIndex: b.readUInt32BE(20),
    firstTime: Number(b.readBigInt64BE(24)),
    lastTime: Number(b.readBigInt64BE(32)),
    payloadCrc: b.readUInt32BE(40),
    rest: b.readUInt16BE(6),
  };
  if (h.compression !== Compression.deflateRaw && h.compression !== Compression.brotli)
    throw new FormatError(`unknown compression ${h.compression}`);
  if (h.rawLength > MAX_BLOCK_RAW) throw new FormatError('block larger than allowed');
  return h;
}

const brotliParams = (size: number) => ({
  params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 1,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size,
  },
});

/** Compresses a block's records off the main thread (zlib's thread pool). */
export function compress(raw: Buffer, kind: CompressionName): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, out: Buffer) => (err ? reject(err) : resolve(out));
    if (kind === 'brotli') zlib.brotliCompress(raw, brotliParams(raw.length), done);
    else zlib.deflateRaw(raw, { level: 1 }, done);
  });
}

export function compressSync(raw: Buffer, kind: CompressionName): Buffer {
  return kind === 'brotli'
    ? zlib.brotliCompressSync(raw, brotliParams(raw.length))
    : zlib.deflateRawSync(raw, { level: 1 });
}

/** Checks a block's payload length and checksum against its header. */
export function checkPayload(h: BlockHeader, payload: Buffer): void {
  if (payload.length !== h.payloadLength) throw new FormatError('block payload cut short');
  if (zlib.crc32(payload) !== h.payloadCrc) throw new FormatError('block payload checksum');
}

/** Checks a block's payload against its header and inflates it. */
export function openPayload(h: BlockHeader, payload: Buffer): Buffer {
  checkPayload(h, payload);
  let raw: Buffer;
  try {
    const opts = { maxOutputLength: Math.max(h.rawLength, 1) };
    raw =
      h.compression === Compression.brotli
        ? zlib.brotliDecompressSync(payload, opts)
        : zlib.inflateRawSync(payload, opts);
  } catch {
    throw new FormatError('block payload does not inflate');
  }
  if (raw.length !== h.rawLength)
    throw new FormatError('block inflates to another length than its header says');
  return raw;
}

/** A whole block (header and payload) for records already encoded. */
export async function buildBlock(
  records: Buffer,
  count: number,
  firstIndex: number,
  firstTime: number,
  lastTime: number,
  kind: CompressionName,
  rest = 0,
): Promise<Buffer> {
  const payload = await compress(records, kind);
  const header = encodeBlockHeader({
    compression: Compression[kind],
    payloadLength: payload.length,
    rawLength: records.length,
    count,
    firstIndex,
    firstTime,
    lastTime,
    payloadCrc: zlib.crc32(payload),
    rest,
  });
  return Buffer.concat([header, payload]);
}

/** RFC 6962 leaf hashes of records, back to back. */
export function leafHashes(records: readonly Buffer[]): Buffer {
  const out = Buffer.allocUnsafe(records.length * 32);
  records.forEach((r, i) => out.set(leafHash(r), i * 32));
  return out;
}

/** Splits a block's inflated bytes into its records (each the exact leaf data). */
export function splitRecords(raw: Buffer, count: number): Buffer[] {
  const out: Buffer[] = [];
  let off = 0;
  while (off < raw.length) {
    const end = skipRecord(raw, off);
    out.push(raw.subarray(off, end));
    off = end;
  }
  if (out.length !== count)
    throw new FormatError(`block holds ${out.length} records, its header says ${count}`);
  return out;
}

// ---------------------------------------------------------------- segments

export const SEGMENT_MAGIC = Buffer.from('WLVSEG01', 'ascii');
export const SEGMENT_HEADER = 32;

export interface SegmentHeader {
  /** Vault-wide sequence number of the segment's first event. */
  base: number;
  date: string;
  part: number;
}

export function encodeSegmentHeader(h: SegmentHeader): Buffer {
  const b = Buffer.alloc(SEGMENT_HEADER);
  SEGMENT_MAGIC.copy(b, 0);
  b.writeBigUInt64BE(BigInt(h.base), 8);
  b.write(h.date, 16, 10, 'ascii');
  b.writeUInt16BE(h.part, 26);
  b.writeUInt32BE(zlib.crc32(b.subarray(0, 28)), 28);
  return b;
}

export function decodeSegmentHeader(b: Buffer): SegmentHeader {
  if (b.length < SEGMENT_HEADER) throw new FormatError('segment header cut short');
  if (!b.subarray(0, 8).equals(SEGMENT_MAGIC)) throw new FormatError('not a log vault segment');
  if (zlib.crc32(b.subarray(0, 28)) !== b.readUInt32BE(28)) throw new FormatError('segment header checksum');
  return {
    base: Number(b.readBigUInt64BE(8)),
    date: b.toString('ascii', 16, 26),
    part: b.readUInt16BE(26),
  };
}

/** `2026-03-01.0001`: the day (Beijing, by receive time) and the part of that day. */
export function segmentName(date: string, part: number): string {
  return `${date}.${String(part).padStart(4, '0')}`;
}

export function parseSegmentName(name: string): { date: string; part: number } | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})\.(\d{4})$/.exec(name);
  return m ? { date: m[1]!, part: Number(m[2]) } : undefined;
}

/** The origin of a segment's checkpoints: each segment is a log of its own. */
export function segmentOrigin(vaultOrigin: string, name: string): string {
  return `${vaultOrigin}/${name}`;
}

/** Beijing day number of an instant (days since 1970-01-01 in UTC+8): cheaper than a date string per event. */
export function beijingDay(ms: number): number {
  return Math.floor((ms + 8 * HOUR) / DAY);
}

export function dayDate(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

export function dateDay(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY;
}

// ---------------------------------------------------------------- trees

/**
 * An RFC 6962 tree kept as its frontier (the roots of its complete subtrees,
 * largest first): O(log n) memory, the root of the current size in O(log n)
 * hashes. What a writer and a streaming verifier need; proofs need the full
 * MerkleTree of src/ledger/merkle.ts.
 */
export class CompactTree {
  private stack: Uint8Array[] = [];
  private heights: number[] = [];
  size = 0;

  /** Appends a leaf hash; the tree keeps a view of it, so the caller must not change it afterwards. */
  append(leaf: Uint8Array): void {
    let h: Uint8Array = leaf;
    let height = 0;
    while (this.heights.length > 0 && this.heights[this.heights.length - 1] === height) {
      h = nodeHash(this.stack.pop()!, h);
      this.heights.pop();
      height++;
    }
    this.stack.push(h);
    this.heights.push(height);
    this.size++;
  }

  appendAll(leaves: Buffer): void {
    for (let i = 0; i < leaves.length; i += 32) this.append(leaves.subarray(i, i + 32));
  }

  root(): Hash {
    if (this.stack.length === 0) return emptyRoot;
    let r = this.stack[this.stack.length - 1]!;
    for (let i = this.stack.length - 2; i >= 0; i--) r = nodeHash(this.stack[i]!, r);
    return Buffer.from(r);
  }
}

/** The root of a sealed day: the RFC 6962 tree whose leaves are its segments' roots, in name order. */
export function dayRoot(segmentRoots: readonly Uint8Array[]): Hash {
  const t = new CompactTree();
  for (const r of segmentRoots) t.append(leafHash(r));
  return t.root();
}

/** A sealed Beijing day: what the caller records in the evidence ledger. */
export interface DaySeal {
  date: string;
  segments: { name: string; size: number; root: string; sha256: string }[];
  /** base64 root over the segments' roots (dayRoot). */
  root: string;
}
