import fs from 'node:fs';
import path from 'node:path';
import type crypto from 'node:crypto';
import { checkpointBody, signNote } from '../ledger/note.js';
import {
  blockSources,
  buildBloom,
  decodeIndex,
  encodeIndex,
  type BlockEntry,
  type IndexStamp,
} from './block-index.js';
import {
  BLOCK_HEADER,
  BLOCK_MAGIC,
  checkPayload,
  CompactTree,
  decodeBlockHeader,
  decodeSegmentHeader,
  encodeSegmentHeader,
  FormatError,
  leafHashes,
  openPayload,
  parseSegmentName,
  recordTime,
  SEGMENT_HEADER,
  segmentOrigin,
  splitRecords,
  type BlockHeader,
  type SegmentHeader,
} from './segment-format.js';

/**
 * One segment on disk: `<name>.seg` (header and blocks, fsynced per block)
 * and `<name>.cp` (its signed checkpoints, one JSON line each, fsynced).
 */
export interface StoredCheckpoint {
  size: number;
  at: string;
  note: string;
}

export interface SigningKey {
  name: string;
  privateKey: crypto.KeyObject;
  vkey: string;
}

export const segFile = (dir: string, name: string) => path.join(dir, `${name}.seg`);
export const idxFile = (dir: string, name: string) => path.join(dir, `${name}.idx`);

/** What the writer knows of a block besides its bytes: its index entry less its place in the file. */
export type BlockMeta = Omit<BlockEntry, 'offset' | 'payloadLength' | 'headerCrc'>;

/** Writes a closed segment's index beside it (stamped with the file's size and time; no fsync: it is derived). */
export function writeIndexFile(
  dir: string,
  name: string,
  entries: readonly BlockEntry[],
  /** What the entries were built from; default the file as it is now (a closed segment's writer). */
  stamp?: IndexStamp,
): void {
  let at = stamp;
  if (!at) {
    const st = fs.statSync(segFile(dir, name));
    at = { fileBytes: st.size, mtimeMs: st.mtimeMs };
  }
  const file = idxFile(dir, name);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, encodeIndex(at, entries), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/**
 * A segment's index from its file (for a segment written before indexes, or
 * whose index is missing, corrupt or stale): the whole blocks before any
 * problem.
 */
/** A block's index entry, from the segment's bytes and the block's records (decompressed). */
export function blockEntry(buf: Buffer, raw: Buffer, h: BlockHeader, offset: number): BlockEntry {
  return {
    offset,
    payloadLength: h.payloadLength,
    headerCrc: buf.readUInt32BE(offset + 44),
    count: h.count,
    firstIndex: h.firstIndex,
    firstTime: h.firstTime,
    lastTime: h.lastTime,
    rest: h.rest ?? 0,
    sources: blockSources(raw, h.count),
    bloom: buildBloom(raw),
  };
}

export function buildIndex(name: string, buf: Buffer): BlockEntry[] {
  const entries: BlockEntry[] = [];
  const read = readSegmentBytes(name, buf, {
    onBlock: (raw, h, offset) => entries.push(blockEntry(buf, raw, h, offset)),
  });
  // Damage inside the file (valid blocks after it) is told, never indexed around: a search
  // must not answer as if the blocks past it held nothing. A tail being written is not damage.
  if (read.problem && !read.problem.tail)
    throw new FormatError(
      `segment ${name} is damaged at block ${read.problem.block} (byte ${read.problem.offset}): ${read.problem.reason}`,
    );
  return entries;
}

/** A closed segment's index: the file's when it is whole and names the segment as it is now, else rebuilt and written. */
export async function loadIndex(
  dir: string,
  name: string,
): Promise<{ entries: BlockEntry[]; stamp: IndexStamp }> {
  const st = await fs.promises.stat(segFile(dir, name));
  try {
    const got = decodeIndex(await fs.promises.readFile(idxFile(dir, name)));
    if (got.stamp.fileBytes === st.size && got.stamp.mtimeMs === st.mtimeMs) return got;
  } catch {
    // missing or not whole: rebuilt below
  }
  // Stamped with the bytes the index was built from: a file that grew after the stat is
  // described as read (and found stale at the next look, when its size differs).
  const bytes = await fs.promises.readFile(segFile(dir, name));
  const stamp = { fileBytes: bytes.length, mtimeMs: st.mtimeMs };
  const entries = buildIndex(name, bytes);
  try {
    writeIndexFile(dir, name, entries, stamp);
  } catch {
    // a read-only vault is still searched, from the index in memory
  }
  return { entries, stamp };
}
export const cpFile = (dir: string, name: string) => path.join(dir, `${name}.cp`);

/** Segment names in a folder, in order (names sort by day, then part). */
export function listSegments(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.seg') && parseSegmentName(f.slice(0, -4)))
    .map((f) => f.slice(0, -4))
    .sort();
}

export function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export interface ReadProblem {
  /** Byte offset of the block that is not whole or not right. */
  offset: number;
  /** Its position among the segment's blocks. */
  block: number;
  reason: string;
  /**
   * Nothing valid follows: the tail of a write a crash interrupted (or a
   * write still under way), not damage inside the file.
   */
  tail: boolean;
}

export interface SegmentRead {
  name: string;
  header: SegmentHeader;
  blocks: { offset: number; header: BlockHeader }[];
  /** Events in the whole blocks before any problem. */
  count: number;
  /** Offset just past the last whole block. */
  goodBytes: number;
  fileBytes: number;
  lastTime: number | null;
  problem?: ReadProblem;
}

/** Whether a whole, checksummed block starts anywhere after `from` (then a bad block is damage, not a torn tail). */
function validBlockAfter(buf: Buffer, from: number): boolean {
  let at = buf.indexOf(BLOCK_MAGIC, from);
  while (at >= 0) {
    try {
      const h = decodeBlockHeader(buf.subarray(at, at + BLOCK_HEADER));
      openPayload(h, buf.subarray(at + BLOCK_HEADER, at + BLOCK_HEADER + h.payloadLength));
      return true;
    } catch {
      at = buf.indexOf(BLOCK_MAGIC, at + 1);
    }
  }
  return false;
}

export interface ReadOptions {
  /** Called with each record (the exact leaf data) and its index, in order. */
  onRecord?: (record: Buffer, index: number) => void;
  /** Called with each block's leaf hashes. */
  onLeaves?: (leaves: Buffer, firstIndex: number) => void;
  /** Called with each block's inflated records, its header and its offset in the file. */
  onBlock?: (raw: Buffer, header: BlockHeader, offset: number) => void;
  /** Check block headers and payload checksums only (no inflating). */
  headersOnly?: boolean;
}

/**
 * Reads a segment file block by block, checking each header, checksum, the
 * record count and index continuity and the receive-time order. Stops at the
 * first problem and says whether it is a torn tail.
 *
 * Blocks come in groups (the blocks of one write, `rest` counting down to 0):
 * a group's first block is no older than every block before it; the blocks of
 * a group follow each other by their first receive time. A group the file
 * ends inside is a torn tail (cut back to the group's start), and the
 * callbacks see a group only once it is whole.
 */
export function readSegmentBytes(name: string, buf: Buffer, opts: ReadOptions = {}): SegmentRead {
  const header = decodeSegmentHeader(buf.subarray(0, SEGMENT_HEADER));
  const parsed = parseSegmentName(name);
  if (!parsed || parsed.date !== header.date || parsed.part !== header.part)
    throw new FormatError(`segment header names ${header.date} part ${header.part}, not ${name}`);
  const out: SegmentRead = {
    name,
    header,
    blocks: [],
    count: 0,
    goodBytes: SEGMENT_HEADER,
    fileBytes: buf.length,
    lastTime: null,
  };
  let off = SEGMENT_HEADER;
  const fail = (reason: string, tailCapable: boolean): SegmentRead => {
    out.problem = {
      offset: off,
      block: out.blocks.length,
      reason,
      tail: tailCapable && !validBlockAfter(buf, off + 1),
    };
    return out;
  };
  // The group under way: blocks still to come, where it started, its callbacks (run once it is whole).
  let groupLeft = 0;
  let groupAt = { off, blocks: 0, count: 0, lastTime: null as number | null };
  let prevFirst = 0;
  let calls: (() => void)[] = [];
  const failGroup = (reason: string, tailCapable: boolean): SegmentRead => {
    const read = fail(reason, tailCapable);
    // A group not whole is not read: back to where it began.
    if (groupLeft > 0) {
      read.problem!.offset = groupAt.off;
      read.problem!.block = groupAt.blocks;
      out.blocks.length = groupAt.blocks;
      out.count = groupAt.count;
      out.lastTime = groupAt.lastTime;
      out.goodBytes = groupAt.off;
    }
    return read;
  };
  while (off < buf.length) {
    if (buf.length - off < BLOCK_HEADER) return failGroup('block header cut short', true);
    let h: BlockHeader;
    try {
      h = decodeBlockHeader(buf.subarray(off, off + BLOCK_HEADER));
    } catch (err) {
      return failGroup((err as Error).message, true);
    }
    const end = off + BLOCK_HEADER + h.payloadLength;
    if (end > buf.length) return failGroup('block payload cut short', true);
    if (h.firstIndex !== out.count)
      return failGroup(`block starts at event ${h.firstIndex}, the blocks before hold ${out.count}`, false);
    if (h.count === 0 || h.firstTime > h.lastTime)
      return failGroup('block header times or count are wrong', false);
    const rest = h.rest ?? 0;
    if (groupLeft > 0) {
      if (rest !== groupLeft - 1) return failGroup('block group count is wrong', false);
      if (h.firstTime < prevFirst) return failGroup('block is older than the block before it', false);
    } else {
      if (out.lastTime !== null && h.firstTime < out.lastTime)
        return failGroup('block is older than the block before it', false);
      groupAt = { off, blocks: out.blocks.length, count: out.count, lastTime: out.lastTime };
    }
    if (opts.headersOnly) {
      try {
        checkPayload(h, buf.subarray(off + BLOCK_HEADER, end));
      } catch (err) {
        return failGroup((err as Error).message, true);
      }
    } else {
      let raw: Buffer;
      try {
        raw = openPayload(h, buf.subarray(off + BLOCK_HEADER, end));
      } catch (err) {
        return failGroup((err as Error).message, true);
      }
      let records: Buffer[];
      try {
        records = splitRecords(raw, h.count);
      } catch (err) {
        return failGroup((err as Error).message, false);
      }
      let prev = h.firstTime;
      for (let i = 0; i < records.length; i++) {
        const t = recordTime(records[i]!, 0);
        if (t < prev || t > h.lastTime || (i === 0 && t !== h.firstTime))
          return failGroup(`event ${h.firstIndex + i} is out of receive-time order`, false);
        if (i === records.length - 1 && t !== h.lastTime)
          return failGroup('block header times do not match its events', false);
        prev = t;
      }
      const at = off;
      calls.push(() => {
        if (opts.onBlock) opts.onBlock(raw, h, at);
        if (opts.onRecord) records.forEach((r, i) => opts.onRecord!(r, h.firstIndex + i));
        if (opts.onLeaves) opts.onLeaves(leafHashes(records), h.firstIndex);
      });
    }
    out.blocks.push({ offset: off, header: h });
    out.count += h.count;
    out.lastTime = out.lastTime === null ? h.lastTime : Math.max(out.lastTime, h.lastTime);
    prevFirst = h.firstTime;
    groupLeft = rest;
    off = end;
    if (rest === 0) {
      out.goodBytes = off;
      for (const c of calls) c();
      calls = [];
    }
  }
  if (groupLeft > 0) return failGroup('the last group of blocks is not whole', true);
  return out;
}

/** Reads a checkpoint file: its checkpoints and the lines that are not one. */
export function readCheckpointFile(
  file: string,
  repair: boolean,
): { checkpoints: StoredCheckpoint[]; damagedLines: number[]; tornBytes: number } {
  if (!fs.existsSync(file)) return { checkpoints: [], damagedLines: [], tornBytes: 0 };
  const raw = fs.readFileSync(file);
  // A crash mid-append leaves a last line without its newline: cut it, or the next
  // checkpoint would be glued to it (the same habit as the ledger's checkpoints.jsonl).
  const end = raw.lastIndexOf(0x0a) + 1;
  const tornBytes = raw.length - end;
  if (tornBytes > 0 && repair) {
    const fd = fs.openSync(file, 'r+');
    try {
      fs.ftruncateSync(fd, end);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
  const checkpoints: StoredCheckpoint[] = [];
  const damagedLines: number[] = [];
  raw
    .subarray(0, end)
    .toString('utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line) return;
      try {
        const v = JSON.parse(line) as Partial<StoredCheckpoint>;
        if (typeof v.size === 'number' && typeof v.at === 'string' && typeof v.note === 'string') {
          checkpoints.push({ size: v.size, at: v.at, note: v.note });
          return;
        }
      } catch {
        // not JSON
      }
      damagedLines.push(i + 1);
    });
  return { checkpoints, damagedLines, tornBytes };
}

/** A segment open for appending: one writer, blocks written at the end and fsynced one at a time. */
export class SegmentWriter {
  private fh: fs.promises.FileHandle;
  private cpFd: number | undefined;
  readonly day: number;

  private constructor(
    readonly dir: string,
    readonly name: string,
    readonly base: number,
    day: number,
    fh: fs.promises.FileHandle,
    /** Durable length of the file: every byte before it is fsynced. */
    public bytes: number,
    public count: number,
    public lastTime: number | null,
    readonly tree: CompactTree,
    public checkpointed: number,
    /** The search index of the blocks written so far (kept in memory while the segment is open). */
    public index: BlockEntry[] | undefined = [],
  ) {
    this.day = day;
    this.fh = fh;
  }

  /** Creates a new segment file, its header fsynced and its directory entry too. */
  static async create(dir: string, name: string, header: SegmentHeader, day: number): Promise<SegmentWriter> {
    const file = segFile(dir, name);
    const fh = await fs.promises.open(file, 'wx', 0o600);
    await fh.write(encodeSegmentHeader(header), 0, SEGMENT_HEADER, 0);
    await fh.sync();
    fsyncDir(dir);
    return new SegmentWriter(dir, name, header.base, day, fh, SEGMENT_HEADER, 0, null, new CompactTree(), 0);
  }

  /** Reopens a segment read at start (after any torn tail was cut). */
  static async reopen(
    dir: string,
    read: SegmentRead,
    tree: CompactTree,
    checkpointed: number,
    day: number,
    index?: BlockEntry[],
  ): Promise<SegmentWriter> {
    const fh = await fs.promises.open(segFile(dir, read.name), 'r+');
    return new SegmentWriter(
      dir,
      read.name,
      read.header.base,
      day,
      fh,
      read.goodBytes,
      read.count,
      read.lastTime,
      tree,
      checkpointed,
      index,
    );
  }

  /**
   * Writes one block at the durable end and fsyncs. On failure (a full disk)
   * the file is cut back to what was durable before, so nothing stored is
   * damaged, and the error is rethrown.
   */
  async appendBlock(block: Buffer, leaves: Buffer, count: number, lastTime: number): Promise<void> {
    await this.appendBlocks([block], leaves, count, lastTime);
  }

  /**
   * Writes a group of blocks in one write and one fsync (the blocks of one
   * group commit), and adds their index entries (`meta`, one per block, when
   * given) to the segment's index in memory.
   */
  async appendBlocks(
    blocks: readonly Buffer[],
    leaves: Buffer,
    count: number,
    lastTime: number,
    meta?: readonly BlockMeta[],
  ): Promise<void> {
    const block = blocks.length === 1 ? blocks[0]! : Buffer.concat(blocks);
    try {
      const { bytesWritten } = await this.fh.write(block, 0, block.length, this.bytes);
      if (bytesWritten !== block.length) throw new Error(`short write: ${bytesWritten} of ${block.length}`);
      await this.fh.sync();
    } catch (err) {
      try {
        await this.fh.truncate(this.bytes);
        await this.fh.sync();
      } catch {
        // the tail will be cut as torn at the next start
      }
      throw err;
    }
    if (meta && this.index) {
      let at = this.bytes;
      blocks.forEach((b, i) => {
        this.index!.push({
          ...meta[i]!,
          offset: at,
          payloadLength: b.length - BLOCK_HEADER,
          headerCrc: b.readUInt32BE(44),
        });
        at += b.length;
      });
    } else this.index = undefined; // written without its entries: rebuilt from the file when searched
    this.bytes += block.length;
    this.count += count;
    this.lastTime = this.lastTime === null ? lastTime : Math.max(this.lastTime, lastTime);
    this.tree.appendAll(leaves);
  }

  /** Signs the tree as it stands and appends the checkpoint, fsynced. */
  checkpoint(vaultOrigin: string, key: SigningKey, at: Date): StoredCheckpoint | undefined {
    if (this.count === this.checkpointed) return undefined;
    const body = checkpointBody({
      origin: segmentOrigin(vaultOrigin, this.name),
      size: this.count,
      root: this.tree.root(),
    });
    const cp: StoredCheckpoint = {
      size: this.count,
      at: at.toISOString(),
      note: signNote(body, key.name, key.privateKey),
    };
    if (this.cpFd === undefined) {
      const file = cpFile(this.dir, this.name);
      const existed = fs.existsSync(file);
      this.cpFd = fs.openSync(file, 'a', 0o600);
      if (!existed) fsyncDir(this.dir);
    }
    fs.writeSync(this.cpFd, `${JSON.stringify(cp)}\n`);
    fs.fsyncSync(this.cpFd);
    this.checkpointed = this.count;
    return cp;
  }

  async close(): Promise<void> {
    await this.fh.close();
    if (this.cpFd !== undefined) fs.closeSync(this.cpFd);
    this.cpFd = undefined;
    // The search index, derived from the file: written once the file no longer changes.
    if (this.index) {
      try {
        writeIndexFile(this.dir, this.name, this.index);
      } catch {
        // derived: rebuilt from the segment by the next search that needs it
      }
    }
  }
}
