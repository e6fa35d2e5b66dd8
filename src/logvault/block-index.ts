import zlib from 'node:zlib';
import { FormatError, recordSource, skipRecord } from './segment-format.js';

/**
 * The search index of a segment (docs/LOGVAULT-FORMAT.md, "Search index"),
 * built and read without I/O: one entry per block with its place in the
 * file, its times, the sources of its records and a Bloom filter of the
 * case-folded trigrams of its bytes. Derived from the segment, never signed:
 * a missing, corrupt or stale index is rebuilt from the segment.
 */

export interface BlockEntry {
  /** Byte offset of the block's header in the segment file. */
  offset: number;
  payloadLength: number;
  /** The block header's own CRC-32 (its bytes 44-47): a read block is checked against it. */
  headerCrc: number;
  count: number;
  firstIndex: number;
  firstTime: number;
  lastTime: number;
  /** Blocks of its group after this one (block header bytes 6-7). */
  rest: number;
  /** The source ids of its records, each once. */
  sources: string[];
  /** Bloom filter bits (a power of two bytes, at least 64). */
  bloom: Buffer;
}

// ---------------------------------------------------------------- trigrams and the Bloom filter

/** Byte to its case-folded byte (A-Z to a-z). */
const FOLD = new Uint8Array(256).map((_, b) => (b >= 65 && b <= 90 ? b | 32 : b));

/** Latin capitals to small letters, byte by byte (the same fold as foldLatin on the text). */
export function foldBytes(src: Buffer): Buffer {
  const out = Buffer.allocUnsafe(src.length);
  const n = src.length;
  for (let i = 0; i < n; i++) out[i] = FOLD[src[i]!]!;
  return out;
}

/** Whether folding changes nothing in these bytes (no Latin letter: a needle searched in the raw bytes as they are). */
export function caseless(b: Buffer): boolean {
  for (const c of b) if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return false;
  return true;
}

const K1 = 0x9e3779b1;
const K2 = 0x85ebca77;

/** Filter size for a block of `rawBytes`: about one bit per 8 bytes, rounded up to a power of two, 512 bits at least. */
export function bloomBytesFor(rawBytes: number): number {
  let bits = 512;
  while (bits < rawBytes / 8 && bits < 1 << 23) bits *= 2;
  return bits / 8;
}

/**
 * The Bloom filter of the trigrams at the even offsets of `raw` (bytes
 * case-folded, records and all: more trigrams than the lines hold only add
 * false positives). Half the trigrams for half the cost on the hot path:
 * a needle found at any offset has all its trigrams of one parity in the
 * filter, which is what `bloomMayContain` asks. A trigram
 * t = b0 << 16 | b1 << 8 | b2 sets the bits imul(t, K1) and imul(t, K2),
 * each taken as its top log2(bits) bits.
 */
export function buildBloom(raw: Uint8Array, bytes = bloomBytesFor(raw.length)): Buffer {
  const bloom = Buffer.alloc(bytes);
  const words = new Uint32Array(bytes / 4);
  const shift = 32 - Math.log2(bytes * 8);
  const n = raw.length - 2;
  for (let i = 0; i < n; i += 2) {
    const t = (FOLD[raw[i]!]! << 16) | (FOLD[raw[i + 1]!]! << 8) | FOLD[raw[i + 2]!]!;
    const h1 = Math.imul(t, K1) >>> shift;
    const h2 = Math.imul(t, K2) >>> shift;
    words[h1 >>> 5]! |= 1 << (h1 & 31);
    words[h2 >>> 5]! |= 1 << (h2 & 31);
  }
  // Stored as little-endian 32-bit words: bit h is bit (h & 7) of byte h >> 3 on any machine once written so.
  for (let w = 0; w < words.length; w++) bloom.writeUInt32LE(words[w]! >>> 0, w * 4);
  return bloom;
}

/**
 * The trigrams of a folded needle (UTF-8 bytes), by parity of their offset
 * in the needle: [even, odd]; none when it is shorter than 4 bytes (a
 * 3-byte needle's one trigram may sit at an odd offset, so it prunes
 * nothing).
 */
export function needleTrigrams(folded: Buffer): number[][] {
  if (folded.length < 4) return [];
  const sets = [new Set<number>(), new Set<number>()];
  for (let i = 0; i + 2 < folded.length; i++)
    sets[i & 1]!.add((folded[i]! << 16) | (folded[i + 1]! << 8) | folded[i + 2]!);
  return sets.map((s) => [...s]);
}

function allSet(bloom: Buffer, shift: number, trigrams: readonly number[]): boolean {
  for (const t of trigrams) {
    const h1 = Math.imul(t, K1) >>> shift;
    const h2 = Math.imul(t, K2) >>> shift;
    if (!(bloom[h1 >>> 3]! & (1 << (h1 & 7))) || !(bloom[h2 >>> 3]! & (1 << (h2 & 7)))) return false;
  }
  return true;
}

/**
 * Whether a block may hold the needle: the filter has every trigram of the
 * needle's even offsets, or every one of its odd offsets (the needle starts
 * at an even or an odd offset of the block). No trigrams: it may.
 */
export function bloomMayContain(bloom: Buffer, trigrams: readonly (readonly number[])[]): boolean {
  if (trigrams.length < 2) return true;
  const shift = 32 - Math.log2(bloom.length * 8);
  return allSet(bloom, shift, trigrams[0]!) || allSet(bloom, shift, trigrams[1]!);
}

/** The distinct sources of a block's records, in the order first seen. */
export function blockSources(raw: Buffer, count: number): string[] {
  const seen = new Set<string>();
  let p = 0;
  for (let i = 0; i < count; i++) {
    seen.add(recordSource(raw, p));
    p = skipRecord(raw, p);
  }
  return [...seen];
}

// ---------------------------------------------------------------- the .idx file

const IDX_MAGIC = Buffer.from('WLVIDX01', 'ascii');

/** What the index was built from: the segment file's size and modification time. */
export interface IndexStamp {
  fileBytes: number;
  mtimeMs: number;
}

/**
 * `<name>.idx`: `WLVIDX01`, the stamp (file bytes u64, mtime ms f64), the
 * entry count (u32), the entries, then a CRC-32 of everything before it.
 */
export function encodeIndex(stamp: IndexStamp, entries: readonly BlockEntry[]): Buffer {
  const parts: Buffer[] = [];
  const head = Buffer.alloc(28);
  IDX_MAGIC.copy(head, 0);
  head.writeBigUInt64BE(BigInt(stamp.fileBytes), 8);
  head.writeDoubleBE(stamp.mtimeMs, 16);
  head.writeUInt32BE(entries.length, 24);
  parts.push(head);
  for (const e of entries) {
    const fixed = Buffer.alloc(46);
    fixed.writeBigUInt64BE(BigInt(e.offset), 0);
    fixed.writeUInt32BE(e.payloadLength, 8);
    fixed.writeUInt32BE(e.headerCrc, 12);
    fixed.writeUInt32BE(e.count, 16);
    fixed.writeUInt32BE(e.firstIndex, 20);
    fixed.writeBigUInt64BE(BigInt(e.firstTime), 24);
    fixed.writeBigUInt64BE(BigInt(e.lastTime), 32);
    fixed.writeUInt16BE(e.rest, 40);
    fixed.writeUInt32BE(e.sources.length, 42);
    parts.push(fixed);
    for (const s of e.sources) {
      const b = Buffer.from(s, 'utf8');
      const len = Buffer.alloc(2);
      len.writeUInt16BE(b.length);
      parts.push(len, b);
    }
    const bl = Buffer.alloc(4);
    bl.writeUInt32BE(e.bloom.length);
    parts.push(bl, e.bloom);
  }
  const body = Buffer.concat(parts);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([body, crc]);
}

/** Reads an index file; a FormatError when it is not whole or not one. */
export function decodeIndex(buf: Buffer): { stamp: IndexStamp; entries: BlockEntry[] } {
  if (buf.length < 32 || !buf.subarray(0, 8).equals(IDX_MAGIC)) throw new FormatError('not a segment index');
  const body = buf.subarray(0, buf.length - 4);
  if (zlib.crc32(body) !== buf.readUInt32BE(buf.length - 4)) throw new FormatError('index checksum');
  const stamp = { fileBytes: Number(buf.readBigUInt64BE(8)), mtimeMs: buf.readDoubleBE(16) };
  const n = buf.readUInt32BE(24);
  const entries: BlockEntry[] = [];
  let p = 28;
  const need = (k: number) => {
    if (p + k > body.length) throw new FormatError('index cut short');
  };
  for (let i = 0; i < n; i++) {
    need(46);
    const e: BlockEntry = {
      offset: Number(buf.readBigUInt64BE(p)),
      payloadLength: buf.readUInt32BE(p + 8),
      headerCrc: buf.readUInt32BE(p + 12),
      count: buf.readUInt32BE(p + 16),
      firstIndex: buf.readUInt32BE(p + 20),
      firstTime: Number(buf.readBigUInt64BE(p + 24)),
      lastTime: Number(buf.readBigUInt64BE(p + 32)),
      rest: buf.readUInt16BE(p + 40),
      sources: [],
      bloom: Buffer.alloc(0),
    };
    const ns = buf.readUInt32BE(p + 42);
    p += 46;
    for (let k = 0; k < ns; k++) {
      need(2);
      const len = buf.readUInt16BE(p);
      need(2 + len);
      e.sources.push(buf.toString('utf8', p + 2, p + 2 + len));
      p += 2 + len;
    }
    need(4);
    const bl = buf.readUInt32BE(p);
    need(4 + bl);
    if (bl < 64 || (bl & (bl - 1)) !== 0) throw new FormatError('index filter size');
    e.bloom = buf.subarray(p + 4, p + 4 + bl);
    p += 4 + bl;
    entries.push(e);
  }
  if (p !== body.length) throw new FormatError('index has bytes after its entries');
  return { stamp, entries };
}

/** The blocks a query must read: in its time range, holding its source, its needle's trigrams all possibly present. */
export function entryMatches(
  e: BlockEntry,
  q: {
    from: number;
    to: number;
    source?: string | undefined;
    trigrams?: readonly (readonly number[])[] | undefined;
  },
): boolean {
  if (e.lastTime < q.from || e.firstTime >= q.to) return false;
  if (q.source !== undefined && !e.sources.includes(q.source)) return false;
  if (q.trigrams && !bloomMayContain(e.bloom, q.trigrams)) return false;
  return true;
}
