import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openCheckpoint } from '../ledger/note.js';
import { addDays, beijingDate, beijingMidnight, isCivilDate } from '../platform/time.js';
import { loadLogvaultCatalog } from './catalog-io.js';
import { deletable, expiresOn } from './retention.js';
import {
  beijingDay,
  BLOCK_HEADER,
  buildBlock,
  CompactTree,
  dateDay,
  dayDate,
  dayRoot,
  decodeBlockHeader,
  decodeSegmentHeader,
  encodeRecords,
  FormatError,
  openPayload,
  parseSegmentName,
  recordSource,
  recordTime,
  SEGMENT_HEADER,
  segmentName,
  segmentOrigin,
  skipRecord,
  type CompressionName,
  type DaySeal,
  type EncodedRecords,
  type VaultEvent,
} from './segment-format.js';
import {
  blockEntry,
  cpFile,
  fsyncDir,
  listSegments,
  readCheckpointFile,
  buildIndex,
  idxFile,
  loadIndex,
  readSegmentBytes,
  segFile,
  SegmentWriter,
  type BlockMeta,
  type SigningKey,
  type StoredCheckpoint,
} from './segment-io.js';
import {
  buildBloom,
  caseless,
  entryMatches,
  foldBytes,
  needleTrigrams,
  type BlockEntry,
  type IndexStamp,
} from './block-index.js';
import { VaultError } from './vault-errors.js';

/**
 * The network-log vault's storage (docs/LOGVAULT-FORMAT.md): append-only
 * segment files in `<dir>/segments/`, one RFC 6962 tree and one checkpoint
 * file per segment, day seals in `<dir>/seals.jsonl`, its identity in
 * `<dir>/vault.json`. One process writes a vault at a time (the server's
 * data-folder lock); appends are serialised in one writer.
 */

/** Who signs: the installation's key (the ledger's) and the vault's own origin. */
export interface VaultIdentity {
  origin: string;
  key: SigningKey;
}

/**
 * The vault's origin from the ledger's: `wangan.local/ledger/3f9c...` gives
 * `wangan.local/logvault/3f9c...` (each installation its own), any other
 * origin gets `/logvault` appended.
 */
export function vaultOriginFor(ledgerOrigin: string): string {
  const m = /^(.*)\/ledger(\/[^/]*)?$/.exec(ledgerOrigin);
  return m ? `${m[1]}/logvault${m[2] ?? ''}` : `${ledgerOrigin}/logvault`;
}

export interface VaultOptions {
  identity: VaultIdentity;
  /** Stamps checkpoints and tells when a day is over (the injected Clock). */
  clock?: () => Date;
  /** A segment rolls over once it is this large (bytes on disk). */
  maxSegmentBytes?: number;
  /** Appends that queue while a block is written go in one block, up to this many record bytes. */
  maxBlockBytes?: number;
  /** A checkpoint at least this often (ms) while events arrive. */
  checkpointMs?: number;
  compression?: CompressionName;
  /** Refuse new events while the vault's file system has less free space than this. */
  minFreeBytes?: number;
  /**
   * In a group commit, a source with at least this many record bytes gets a
   * block of its own (the others share one), so a search for one source
   * reads its blocks only.
   */
  sourceBlockBytes?: number;
}

/** What a scan reads: receive times [from, to), and optionally one source, a text and a severity. */
export interface ScanQuery {
  from: number | Date;
  to: number | Date;
  source?: string | undefined;
  /** A substring of the raw line, already case-folded for Latin letters (foldLatin). */
  text?: string | undefined;
  /** This severity or more severe (a smaller number); events without a severity are left out. */
  maxSeverity?: number | undefined;
}

export interface AppendResult {
  /** Vault-wide sequence number of the batch's first event. */
  firstIndex: number;
  count: number;
}

export interface StoredEvent extends VaultEvent {
  /** Vault-wide sequence number. */
  seq: number;
  segment: string;
  /** Position in its segment's tree. */
  index: number;
}

export interface VaultStatus {
  origin: string;
  vkey: string;
  segments: number;
  /** Events ever stored (the next sequence number). */
  events: number;
  active: string | null;
  /** Segments found damaged at start; never appended to again. */
  damaged: string[];
  lastCheckpointAt: string | null;
  sealedDays: number;
}

interface Pending {
  enc: EncodedRecords;
  /** Each event's source id. */
  src: string[];
  /** Start indexes of each Beijing-day run in the batch, then its length. */
  cuts: number[];
  days: number[];
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
  firstSeq?: number;
}

const DEFAULTS = {
  maxSegmentBytes: 64 * 1024 * 1024,
  maxBlockBytes: 4 * 1024 * 1024,
  checkpointMs: 1000,
  compression: 'brotli' as CompressionName,
  minFreeBytes: 256 * 1024 * 1024,
  sourceBlockBytes: 16 * 1024,
};

interface VaultFile {
  format: 1;
  origin: string;
  keyName: string;
  vkey: string;
  createdAt: string;
}

function writeDurably(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  fsyncDir(path.dirname(file));
}

/**
 * The whole lines of an append-only JSON-lines file (seals.jsonl,
 * expired.jsonl): a torn last line, never fsynced so never acted on, is left
 * out, and cut from the file when `repair`.
 */
function readJsonLines<T>(file: string, repair: boolean): T[] {
  if (!fs.existsSync(file)) return [];
  const raw = fs.readFileSync(file);
  const end = raw.lastIndexOf(0x0a) + 1;
  if (end < raw.length && repair) {
    const fd = fs.openSync(file, 'r+');
    fs.ftruncateSync(fd, end);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  }
  const out: T[] = [];
  for (const line of raw.subarray(0, end).toString('utf8').split('\n'))
    if (line) out.push(JSON.parse(line) as T);
  return out;
}

/** Reads seals.jsonl (cutting a torn last line when `repair`). */
export function readSeals(file: string, repair: boolean): DaySeal[] {
  return readJsonLines<DaySeal>(file, repair).map((v) => ({
    date: v.date,
    segments: v.segments,
    root: v.root,
  }));
}

export function readVaultFile(dir: string): VaultFile | undefined {
  const file = path.join(dir, 'vault.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as VaultFile) : undefined;
}

const damaged = (name: string, why: string) =>
  new VaultError(
    'segment_damaged',
    {
      zh: `日志段 ${name} 已损坏（${why}），不能封存或续写。`,
      en: `Log segment ${name} is damaged (${why}); it cannot be sealed or appended to.`,
    },
    name,
  );

export class LogVault {
  readonly segDir: string;
  private readonly clock: () => Date;
  private readonly opts: typeof DEFAULTS;
  private pending: Pending[] = [];
  private draining = false;
  private chain: Promise<unknown> = Promise.resolve();
  private active: SegmentWriter | undefined;
  /** The last segment found at start, appended to again if the next events are of its day. */
  private resumable: SegmentWriter | undefined;
  private damagedSegments = new Set<string>();
  private sealed = new Map<string, DaySeal>();
  /** No event is stored with a receive time before this (times never go back, and sealed days stay shut). */
  private floor = 0;
  private nextSeq = 0;
  private lastCpMono = -Infinity;
  private lastCpAt: string | null = null;
  private cpTimer: NodeJS.Timeout | undefined;
  private diskCheckedAt = -Infinity;
  private diskFull = false;
  private closed = false;
  /** The last error of a background checkpoint, kept for status and retried by the next one. */
  lastCheckpointError: unknown;

  private constructor(
    readonly dir: string,
    readonly origin: string,
    private readonly key: SigningKey,
    options: VaultOptions,
  ) {
    this.segDir = path.join(dir, 'segments');
    this.clock = options.clock ?? (() => new Date());
    this.opts = {
      maxSegmentBytes: options.maxSegmentBytes ?? DEFAULTS.maxSegmentBytes,
      maxBlockBytes: options.maxBlockBytes ?? DEFAULTS.maxBlockBytes,
      checkpointMs: options.checkpointMs ?? DEFAULTS.checkpointMs,
      compression: options.compression ?? DEFAULTS.compression,
      minFreeBytes: options.minFreeBytes ?? DEFAULTS.minFreeBytes,
      sourceBlockBytes: options.sourceBlockBytes ?? DEFAULTS.sourceBlockBytes,
    };
  }

  /**
   * Opens (or creates) a vault and recovers it: a torn last block, left by a
   * crash mid-write and never acknowledged, is cut; the last segment's tree
   * is rebuilt from its file and signed if it is ahead of its checkpoints.
   */
  static async open(dir: string, options: VaultOptions): Promise<LogVault> {
    fs.mkdirSync(path.join(dir, 'segments'), { recursive: true, mode: 0o700 });
    const { key } = options.identity;
    let id = readVaultFile(dir);
    if (!id) {
      id = {
        format: 1,
        origin: options.identity.origin,
        keyName: key.name,
        vkey: key.vkey,
        createdAt: (options.clock ?? (() => new Date()))().toISOString(),
      };
      writeDurably(path.join(dir, 'vault.json'), `${JSON.stringify(id)}\n`);
    } else if (id.vkey !== key.vkey) {
      throw new VaultError('key_changed', {
        zh: `日志库由另一把密钥（${id.vkey}）签名，与本系统的密钥不符，不能续写。`,
        en: `The log vault is signed by another key (${id.vkey}) than this installation's; it cannot be appended to.`,
      });
    }
    const vault = new LogVault(dir, id.origin, key, options);
    await vault.recover();
    return vault;
  }

  private async recover(): Promise<void> {
    for (const s of readSeals(path.join(this.dir, 'seals.jsonl'), true)) this.sealed.set(s.date, s);
    for (const date of this.sealed.keys())
      this.floor = Math.max(this.floor, beijingMidnight(addDays(date, 1)).getTime());
    let names = listSegments(this.segDir);
    // A crash while a segment was being created leaves a file shorter than its header:
    // nothing in it was ever acknowledged.
    while (names.length) {
      const last = names[names.length - 1]!;
      const file = segFile(this.segDir, last);
      if (fs.statSync(file).size >= SEGMENT_HEADER) break;
      fs.rmSync(file);
      fs.rmSync(cpFile(this.segDir, last), { force: true });
      fsyncDir(this.segDir);
      names = listSegments(this.segDir);
    }
    const lastName = names[names.length - 1];
    if (!lastName) return;
    const file = segFile(this.segDir, lastName);
    const buf = fs.readFileSync(file);
    const { checkpoints } = readCheckpointFile(cpFile(this.segDir, lastName), true);
    const signed = checkpoints.reduce<StoredCheckpoint | undefined>(
      (a, c) => (!a || c.size >= a.size ? c : a),
      undefined,
    );
    let signedRoot: Buffer | undefined;
    if (signed) {
      try {
        const cp = openCheckpoint(signed.note, this.key.vkey);
        if (cp.origin === segmentOrigin(this.origin, lastName) && cp.size === signed.size)
          signedRoot = cp.root;
      } catch {
        // checked below: a checkpoint we cannot read is damage
      }
    }
    const tree = new CompactTree();
    let rootMatches = !signed;
    let read;
    const index: BlockEntry[] = [];
    try {
      read = readSegmentBytes(lastName, buf, {
        onBlock: (raw, h, offset) => index.push(blockEntry(buf, raw, h, offset)),
        onLeaves: (leaves) => {
          for (let i = 0; i < leaves.length; i += 32) {
            tree.append(leaves.subarray(i, i + 32));
            if (signed && tree.size === signed.size)
              rootMatches = !!signedRoot && tree.root().equals(signedRoot);
          }
        },
      });
    } catch (err) {
      if (!(err instanceof FormatError)) throw err;
      // An unreadable header: leave the file to verify, continue in a new part, numbering
      // on from the segment before.
      this.damagedSegments.add(lastName);
      const before = names[names.length - 2];
      if (before) {
        try {
          const prev = readSegmentBytes(before, fs.readFileSync(segFile(this.segDir, before)), {
            headersOnly: true,
          });
          this.nextSeq = prev.header.base + prev.count;
        } catch {
          // both unreadable: verify names them
        }
      }
      return;
    }
    const hdr = read.header;
    const signedSize = signed?.size ?? 0;
    this.nextSeq = hdr.base + Math.max(read.count, signedSize);
    if (read.lastTime !== null) this.floor = Math.max(this.floor, read.lastTime);
    if (read.problem && !(read.problem.tail && read.count >= signedSize)) {
      this.damagedSegments.add(lastName);
      return;
    }
    if (!rootMatches || read.count < signedSize) {
      this.damagedSegments.add(lastName);
      return;
    }
    if (read.problem) {
      // The torn tail of a write a crash interrupted: never fsynced, never acknowledged.
      const fd = fs.openSync(file, 'r+');
      try {
        fs.ftruncateSync(fd, read.goodBytes);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
    const day = dateDay(hdr.date);
    const writer = await SegmentWriter.reopen(this.segDir, read, tree, signedSize, day, index);
    // Events fsynced (so acknowledged) but not yet signed when the process stopped.
    const cp = writer.checkpoint(this.origin, this.key, this.clock());
    if (cp) this.lastCpAt = cp.at;
    this.resumable = writer;
  }

  private exclusive<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.chain.then(fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** The segments on disk, in order (names sort by day, then part). */
  segmentNames(): string[] {
    return listSegments(this.segDir);
  }

  /** Free bytes on the vault's file system (null when it cannot be read). */
  freeBytes(): number | null {
    try {
      const s = fs.statfsSync(this.dir);
      return s.bavail * s.bsize;
    } catch {
      return null;
    }
  }

  private checkDisk(): void {
    const now = performance.now();
    if (now - this.diskCheckedAt < 1000) return;
    this.diskCheckedAt = now;
    try {
      const s = fs.statfsSync(this.dir);
      this.diskFull = s.bavail * s.bsize < this.opts.minFreeBytes;
    } catch {
      this.diskFull = false;
    }
  }

  /**
   * Stores a batch. Resolves only once every event of it is written and
   * fsynced (the acknowledgement ingest gives); the next checkpoint, within
   * `checkpointMs`, signs it. A receive time earlier than the vault's last
   * one (a clock stepped back) or inside a sealed day is raised to it, so
   * segments stay in receive order and sealed days stay whole.
   */
  append(events: readonly VaultEvent[]): Promise<AppendResult> {
    if (this.closed)
      return Promise.reject(
        new VaultError('closed', { zh: '日志库已关闭。', en: 'The log vault is closed.' }),
      );
    this.checkDisk();
    if (this.diskFull)
      return Promise.reject(
        new VaultError('disk_full', {
          zh: '日志库所在磁盘空间将满，暂停接收新日志；已存日志不受影响。',
          en: 'The log vault’s disk is nearly full: new events are refused; stored events are unharmed.',
        }),
      );
    if (events.length === 0) return Promise.resolve({ firstIndex: this.nextSeq, count: 0 });
    const times = new Array<number>(events.length);
    const cuts = [0];
    const days: number[] = [];
    const src = new Array<string>(events.length);
    let floor = this.floor;
    for (let i = 0; i < events.length; i++) {
      src[i] = events[i]!.source;
      const t = Math.max(Math.trunc(events[i]!.receivedAt), floor);
      if (!Number.isSafeInteger(t)) return Promise.reject(badEvent(i, 'receivedAt'));
      times[i] = floor = t;
      const day = beijingDay(t);
      if (days.length === 0) days.push(day);
      else if (day !== days[days.length - 1]) {
        cuts.push(i);
        days.push(day);
      }
    }
    let enc: EncodedRecords;
    try {
      enc = encodeRecords(events, times);
    } catch (err) {
      return Promise.reject(badEvent(-1, (err as Error).message));
    }
    this.floor = floor;
    cuts.push(events.length);
    return new Promise((resolve, reject) => {
      this.pending.push({ enc, src, cuts, days, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.draining) return;
    this.draining = true;
    void this.exclusive(async () => {
      try {
        await this.drain();
      } finally {
        this.draining = false;
      }
      this.maybeCheckpoint();
      // An append queued after the drain's last look (while `draining` was still set) is written now.
      if (this.pending.length) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length) {
      // Appends that queued while the last block was written share one block and one fsync.
      const group = [this.pending.shift()!];
      let bytes = group[0]!.enc.bytes.length;
      while (this.pending.length && bytes + this.pending[0]!.enc.bytes.length <= this.opts.maxBlockBytes) {
        bytes += this.pending[0]!.enc.bytes.length;
        group.push(this.pending.shift()!);
      }
      await this.writeGroup(group);
    }
  }

  private async writeGroup(group: Pending[]): Promise<void> {
    // Runs of one Beijing day, in order; consecutive runs of the same day make one write.
    const units: { day: number; pieces: Piece[] }[] = [];
    for (const p of group) {
      for (let r = 0; r < p.days.length; r++) {
        const piece = { p, from: p.cuts[r]!, to: p.cuts[r + 1]! };
        const last = units[units.length - 1];
        if (last && last.day === p.days[r]) last.pieces.push(piece);
        else units.push({ day: p.days[r]!, pieces: [piece] });
      }
    }
    try {
      for (const unit of units) {
        const seg = await this.segmentFor(unit.day);
        const blocks = planBlocks(unit.pieces, this.opts.sourceBlockBytes);
        // Blocks compress in the thread pool while their filters are built here.
        let firstIndex = seg.count;
        const built = blocks.map((b, k) => {
          const at = firstIndex;
          firstIndex += b.count;
          return buildBlock(
            b.raw,
            b.count,
            at,
            b.firstTime,
            b.lastTime,
            this.opts.compression,
            blocks.length - 1 - k,
          );
        });
        const meta: BlockMeta[] = [];
        let at = seg.count;
        for (const [k, b] of blocks.entries()) {
          meta.push({
            count: b.count,
            firstIndex: at,
            firstTime: b.firstTime,
            lastTime: b.lastTime,
            rest: blocks.length - 1 - k,
            sources: b.sources,
            bloom: buildBloom(b.raw),
          });
          at += b.count;
        }
        const bytes = await Promise.all(built);
        const leaves = blocks.length === 1 ? blocks[0]!.leaves : Buffer.concat(blocks.map((b) => b.leaves));
        let seq = seg.base + seg.count;
        await seg.appendBlocks(
          bytes,
          leaves,
          firstIndex - seg.count,
          Math.max(...blocks.map((b) => b.lastTime)),
          meta,
        );
        this.nextSeq = seg.base + seg.count;
        for (const b of blocks) {
          for (const f of b.firsts) if (f.p.firstSeq === undefined) f.p.firstSeq = seq + f.at;
          seq += b.count;
        }
      }
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const refused =
        err instanceof VaultError
          ? err
          : e.code === 'ENOSPC' || e.code === 'EDQUOT'
            ? new VaultError('disk_full', {
                zh: '日志库所在磁盘已满，本批日志未保存；已存日志不受影响。',
                en: 'The log vault’s disk is full: this batch was not stored; stored events are unharmed.',
              })
            : new VaultError('write_failed', {
                zh: `日志写入失败（${e.code ?? e.message}），本批日志未确认。`,
                en: `Writing the log vault failed (${e.code ?? e.message}); this batch was not acknowledged.`,
              });
      if (refused.code === 'disk_full') this.diskFull = true;
      for (const p of group) p.reject(refused);
      return;
    }
    for (const p of group) p.resolve({ firstIndex: p.firstSeq!, count: p.enc.ends.length });
  }

  private async segmentFor(day: number): Promise<SegmentWriter> {
    const a = this.active;
    if (a && a.day === day && a.bytes < this.opts.maxSegmentBytes) return a;
    if (a) await this.closeActive();
    const date = dayDate(day);
    if (this.sealed.has(date)) throw new Error(`day ${date} is sealed`); // the floor keeps this from happening
    const r = this.resumable;
    this.resumable = undefined;
    if (r && r.day === day && r.bytes < this.opts.maxSegmentBytes) return (this.active = r);
    if (r) await this.closeWriter(r);
    const parts = listSegments(this.segDir)
      .map((n) => parseSegmentName(n)!)
      .filter((n) => n.date === date)
      .map((n) => n.part);
    const part = parts.length ? Math.max(...parts) + 1 : 1;
    this.active = await SegmentWriter.create(
      this.segDir,
      segmentName(date, part),
      { base: this.nextSeq, date, part },
      day,
    );
    return this.active;
  }

  private async closeWriter(w: SegmentWriter): Promise<void> {
    const cp = w.checkpoint(this.origin, this.key, this.clock());
    if (cp) this.lastCpAt = cp.at;
    await w.close();
  }

  private async closeActive(): Promise<void> {
    const a = this.active;
    this.active = undefined;
    if (a) await this.closeWriter(a);
  }

  /** Signs the active segment if it has unsigned events and the last checkpoint is old enough; else schedules it. */
  private maybeCheckpoint(): void {
    const seg = this.active ?? this.resumable;
    if (!seg || seg.count === seg.checkpointed || this.closed) return;
    const now = performance.now();
    const wait = this.lastCpMono + this.opts.checkpointMs - now;
    if (wait <= 0) {
      try {
        const cp = seg.checkpoint(this.origin, this.key, this.clock());
        this.lastCpMono = now;
        if (cp) this.lastCpAt = cp.at;
        this.lastCheckpointError = undefined;
      } catch (err) {
        this.lastCheckpointError = err;
        this.schedule(this.opts.checkpointMs);
      }
    } else this.schedule(wait);
  }

  private schedule(ms: number): void {
    if (this.cpTimer) return;
    this.cpTimer = setTimeout(() => {
      this.cpTimer = undefined;
      void this.exclusive(() => this.maybeCheckpoint());
    }, ms);
    this.cpTimer.unref();
  }

  /** Waits for every queued append and signs the active segment now. */
  flush(): Promise<void> {
    return this.exclusive(async () => {
      await this.drain();
      const seg = this.active ?? this.resumable;
      if (seg) {
        const cp = seg.checkpoint(this.origin, this.key, this.clock());
        if (cp) this.lastCpAt = cp.at;
        this.lastCpMono = performance.now();
      }
    });
  }

  /**
   * Seals a Beijing day that is over: its segments are closed (and signed to
   * their last event), later events can no longer fall in it, and its seal
   * (each segment's name, size, root and file SHA-256, and a root over the
   * segment roots) is kept in seals.jsonl and returned for the ledger.
   * Sealing a day twice returns the first seal.
   */
  async sealDay(date: string): Promise<DaySeal> {
    if (!isCivilDate(date))
      throw new VaultError('bad_date', {
        zh: `日期 ${date} 无效。`,
        en: `${date} is not a date (YYYY-MM-DD).`,
      });
    const done = this.sealed.get(date);
    if (done) return done;
    const end = beijingMidnight(addDays(date, 1)).getTime();
    if (this.clock().getTime() < end)
      throw new VaultError('day_not_over', {
        zh: `${date}（北京时间）尚未结束，不能封存。`,
        en: `${date} (Beijing time) is not over yet; it cannot be sealed.`,
      });
    // From now on no new event can fall in the day; those already queued are written first.
    this.floor = Math.max(this.floor, end);
    return this.exclusive(async () => {
      await this.drain();
      const again = this.sealed.get(date);
      if (again) return again;
      const day = dateDay(date);
      if (this.active && this.active.day <= day) await this.closeActive();
      if (this.resumable && this.resumable.day <= day) {
        await this.closeWriter(this.resumable);
        this.resumable = undefined;
      }
      const segments: DaySeal['segments'] = [];
      const roots: Buffer[] = [];
      for (const name of listSegments(this.segDir).filter((n) => n.startsWith(`${date}.`))) {
        if (this.damagedSegments.has(name)) throw damaged(name, 'found at start');
        const buf = await fs.promises.readFile(segFile(this.segDir, name));
        const read = readSegmentBytes(name, buf, { headersOnly: true });
        if (read.problem) throw damaged(name, read.problem.reason);
        const cps = readCheckpointFile(cpFile(this.segDir, name), false).checkpoints;
        const last = cps[cps.length - 1];
        if (!last || last.size !== read.count)
          throw damaged(name, 'its last checkpoint does not sign all its events');
        const cp = openCheckpoint(last.note, this.key.vkey);
        if (cp.origin !== segmentOrigin(this.origin, name))
          throw damaged(name, 'checkpoint of another segment');
        segments.push({
          name,
          size: read.count,
          root: cp.root.toString('base64'),
          sha256: crypto.createHash('sha256').update(buf).digest('hex'),
        });
        roots.push(cp.root);
      }
      const seal: DaySeal = { date, segments, root: dayRoot(roots).toString('base64') };
      const file = path.join(this.dir, 'seals.jsonl');
      const existed = fs.existsSync(file);
      const fd = fs.openSync(file, 'a', 0o600);
      try {
        fs.writeSync(fd, `${JSON.stringify({ ...seal, at: this.clock().toISOString() })}\n`);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      if (!existed) fsyncDir(this.dir);
      this.sealed.set(date, seal);
      return seal;
    });
  }

  seals(): DaySeal[] {
    return [...this.sealed.values()].sort((a, b) => a.date.localeCompare(b.date));
  }

  /**
   * Streams the events received in [from, to) in receive order (ties in
   * sequence order), optionally of one source, holding a text (`text`, a
   * substring of the raw line, case-folded) and of a severity or more
   * severe. Each segment's index (in memory for the open one, its `.idx`
   * file for the others, rebuilt when missing or stale) picks the blocks to
   * read: those of the time range holding the source and every trigram of
   * the text; the others are not read. Only what was fsynced when the scan
   * reaches a segment is read.
   */
  async *scan(q: ScanQuery): AsyncGenerator<StoredEvent> {
    for await (const batch of this.scanBatches(q)) yield* batch;
  }

  /** `scan` a group of blocks at a time (one array per write read): what a search that counts or pages wants. */
  async *scanBatches(q: ScanQuery): AsyncGenerator<StoredEvent[]> {
    const from = +q.from;
    const to = +q.to;
    if (!(to > from)) return;
    const folded = q.text ? foldBytes(Buffer.from(q.text, 'utf8')) : undefined;
    const needle = folded ? needleOf(folded) : undefined;
    const want = { from, to, source: q.source, trigrams: folded ? needleTrigrams(folded) : undefined };
    const firstDay = beijingDay(from);
    const lastDay = beijingDay(to - 1);
    const names = listSegments(this.segDir).filter((n) => {
      const d = dateDay(parseSegmentName(n)!.date);
      return d >= firstDay && d <= lastDay;
    });
    for (const name of names) {
      const open = [this.active, this.resumable].find((w) => w?.name === name);
      const fh = await fs.promises.open(segFile(this.segDir, name), 'r');
      try {
        let entries: BlockEntry[];
        let limit: number;
        if (open) {
          limit = open.bytes;
          entries = open.index ? open.index.slice() : await this.indexFromFile(fh, name, limit);
        } else {
          const idx = await this.indexOf(name);
          entries = idx.entries;
          limit = idx.stamp.fileBytes;
        }
        const head = Buffer.alloc(SEGMENT_HEADER);
        await fh.read(head, 0, SEGMENT_HEADER, 0);
        const { base } = decodeSegmentHeader(head);
        let rebuilt = !!open;
        let lastPause = performance.now();
        let k = 0;
        for (;;) {
          const { groups, last } = planScan(entries, k, want);
          let staleAt: number | undefined;
          for (const group of groups) {
            const found: StoredEvent[] = [];
            for (const e of group) {
              // Read in place (the page cache answers in microseconds; a round trip to the thread pool per
              // block cost more than the block under load), giving way to the event loop now and then.
              if (performance.now() - lastPause > SCAN_SLICE_MS) {
                await new Promise((r) => setImmediate(r));
                lastPause = performance.now();
              }
              const raw = readBlock(fh.fd, e, limit);
              if (raw === 'stale') {
                if (rebuilt) throw new FormatError(`block at ${e.offset} is not the one the index names`);
                staleAt = group[0]!.offset;
                break;
              }
              this.blocksRead++;
              const only = e.sources.length === 1 && e.sources[0] === q.source;
              filterBlock(raw, e, base, name, q, only, from, to, needle, found);
            }
            if (staleAt !== undefined) break;
            if (group.length > 1) found.sort((a, b) => a.receivedAt - b.receivedAt || a.seq - b.seq);
            if (found.length) yield found;
          }
          if (staleAt === undefined) {
            if (last) return; // every later block is later still
            break;
          }
          // The index does not describe the file as it is: rebuilt from the file, the scan goes on
          // from the group it stopped at (nothing of it was given out yet).
          this.dropIndex(name);
          fs.rmSync(idxFile(this.segDir, name), { force: true });
          const fresh = await this.indexOf(name);
          entries = fresh.entries;
          limit = fresh.stamp.fileBytes;
          rebuilt = true;
          const at = staleAt;
          k = entries.findIndex((e) => e.offset >= at);
          if (k < 0) break;
        }
      } finally {
        await fh.close();
      }
    }
  }

  /** Blocks read (inflated) by scans so far: what the index saves shows here. */
  blocksRead = 0;

  /** Closed segments' indexes, kept while their files do not change. */
  private indexCache = new Map<string, { entries: BlockEntry[]; stamp: IndexStamp }>();
  private indexBytes = 0;

  private async indexOf(name: string): Promise<{ entries: BlockEntry[]; stamp: IndexStamp }> {
    const st = await fs.promises.stat(segFile(this.segDir, name));
    const got = this.indexCache.get(name);
    if (got && got.stamp.fileBytes === st.size && got.stamp.mtimeMs === st.mtimeMs) return got;
    const idx = await loadIndex(this.segDir, name);
    this.dropIndex(name);
    this.indexCache.set(name, idx);
    this.indexBytes += indexSize(idx);
    // At most 256 MiB of indexes in memory (a segment's is about 3% of its raw events), the least recently loaded out first.
    while (this.indexBytes > INDEX_CACHE_BYTES && this.indexCache.size > 1)
      this.dropIndex(this.indexCache.keys().next().value!);
    return idx;
  }

  private dropIndex(name: string): void {
    const got = this.indexCache.get(name);
    if (!got) return;
    this.indexCache.delete(name);
    this.indexBytes -= indexSize(got);
  }

  /** The index of an open segment whose writer has none (written before it was kept), from its file. */
  private async indexFromFile(
    fh: fs.promises.FileHandle,
    name: string,
    limit: number,
  ): Promise<BlockEntry[]> {
    const buf = Buffer.alloc(limit);
    await fh.read(buf, 0, limit, 0);
    return buildIndex(name, buf);
  }

  status(): VaultStatus {
    return {
      origin: this.origin,
      vkey: this.key.vkey,
      segments: listSegments(this.segDir).length,
      events: this.nextSeq,
      active: (this.active ?? this.resumable)?.name ?? null,
      damaged: [...this.damagedSegments],
      lastCheckpointAt: this.lastCpAt,
      sealedDays: this.sealed.size,
    };
  }

  /** Writes what is queued, signs the active segment and closes the files. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.exclusive(async () => {
      await this.drain();
      this.closed = true;
      if (this.cpTimer) clearTimeout(this.cpTimer);
      await this.closeActive();
      if (this.resumable) await this.closeWriter(this.resumable);
      this.resumable = undefined;
    });
  }

  // --- retention (session 6)

  /**
   * Why the vault refuses new events right now (its disk below the free-space
   * floor, or closed), or null while it takes them. Looks at the disk at most
   * once a second, as appends do.
   */
  refusal(): VaultError | null {
    if (this.closed)
      return new VaultError('closed', { zh: '日志库已关闭。', en: 'The log vault is closed.' });
    this.checkDisk();
    if (this.diskFull)
      return new VaultError('disk_full', {
        zh: '日志库所在磁盘空间将满，暂停接收新日志；已存日志不受影响。',
        en: 'The log vault’s disk is nearly full: new events are refused; stored events are unharmed.',
      });
    return null;
  }

  /** The days removed by expiry (expired.jsonl), oldest first. */
  expiredDays(): ExpiredDay[] {
    return readExpired(path.join(this.dir, EXPIRED_FILE), false);
  }

  /** The source ids of a sealed day's events (read from its segments: which sources a legal hold keeps). */
  async sourcesOfDay(date: string): Promise<Set<string>> {
    const out = new Set<string>();
    for (const name of listSegments(this.segDir).filter((n) => n.startsWith(`${date}.`))) {
      const buf = await fs.promises.readFile(segFile(this.segDir, name));
      let off = SEGMENT_HEADER;
      while (off + BLOCK_HEADER <= buf.length) {
        const h = decodeBlockHeader(buf.subarray(off, off + BLOCK_HEADER));
        const end = off + BLOCK_HEADER + h.payloadLength;
        if (end > buf.length) break;
        const raw = openPayload(h, buf.subarray(off + BLOCK_HEADER, end));
        for (let i = 0, p = 0; i < h.count; i++) {
          out.add(recordSource(raw, p));
          p = skipRecord(raw, p);
        }
        off = end;
      }
    }
    return out;
  }

  /**
   * Removes a sealed Beijing day's segments once the retention rule lets it
   * go: the lock sits here, in the storage layer, so no caller can remove a
   * younger day whatever it passes. The rule is re-checked with the vault's
   * own clock and the catalogue's legal minimum (CSL 2025 Art 23(3): no less
   * than six months); a policy below the longest six months, a held day, a
   * day not sealed or not past its expiry is refused. The removal is first
   * written durably to expired.jsonl (one line a day: its segments' names,
   * SHA-256s and sizes as sealed), then the .seg and .cp files are unlinked
   * and the folder fsynced; a day already listed (a crash between the two) is
   * finished. The seal stays in seals.jsonl: the proof the day was kept.
   */
  async expireDay(date: string, policy: { policyDays: number; held: boolean }): Promise<ExpiredDay> {
    const rules = loadLogvaultCatalog().retention;
    if (!isCivilDate(date))
      throw new VaultError('bad_date', {
        zh: `日期 ${date} 无效。`,
        en: `${date} is not a date (YYYY-MM-DD).`,
      });
    const today = beijingDate(this.clock());
    const days = policy.policyDays;
    const lawful = Number.isInteger(days) && days >= rules.longest_six_months_days;
    if (!lawful || !deletable(date, today, days, rules, policy.held)) {
      const until = lawful ? expiresOn(date, days, rules) : null;
      throw new VaultError('retention_locked', {
        zh: policy.held
          ? `${date}（北京时间）的日志处于法律保全状态，不得删除。`
          : `${date}（北京时间）的日志尚在留存期内${until ? `（${until}起方可删除）` : ''}，不得删除；网络日志留存不少于六个月。`,
        en: policy.held
          ? `The logs of ${date} (Beijing) are under legal hold and cannot be removed.`
          : `The logs of ${date} (Beijing) are within their retention period${until ? ` (removable from ${until})` : ''} and cannot be removed; network logs are kept no less than six months.`,
      });
    }
    return this.exclusive(async () => {
      const file = path.join(this.dir, EXPIRED_FILE);
      let entry = readExpired(file, true).find((e) => e.date === date);
      if (!entry) {
        const seal = this.sealed.get(date);
        if (!seal)
          throw new VaultError('retention_locked', {
            zh: `${date}（北京时间）的日志尚未封存，不得删除。`,
            en: `The logs of ${date} (Beijing) are not sealed and cannot be removed.`,
          });
        entry = {
          date,
          segments: seal.segments.map((s) => ({ name: s.name, sha256: s.sha256, size: s.size })),
          at: this.clock().toISOString(),
        };
        const existed = fs.existsSync(file);
        const fd = fs.openSync(file, 'a', 0o600);
        try {
          fs.writeSync(fd, `${JSON.stringify(entry)}\n`);
          fs.fsyncSync(fd);
        } finally {
          fs.closeSync(fd);
        }
        if (!existed) fsyncDir(this.dir);
      }
      // Only the files the seal named: a segment of the day that is not in its seal stays for verify to name.
      this.removeSegmentFiles(entry.segments.map((x) => x.name));
      return entry;
    });
  }

  /** Days listed in expired.jsonl whose files a crash left behind: their removal finished now. */
  async finishExpiry(): Promise<string[]> {
    return this.exclusive(() => {
      const files = fs.readdirSync(this.segDir);
      const left = this.expiredDays().filter((e) =>
        e.segments.some((x) => files.some((f) => f.startsWith(`${x.name}.`))),
      );
      for (const e of left) this.removeSegmentFiles(e.segments.map((x) => x.name));
      return left.map((e) => e.date);
    });
  }

  /**
   * Unlinks every file of these segments (.cp, a search index, anything named
   * `<segment>.*`), the .seg last so a crash in between still shows the
   * segment as there; then fsyncs the folder.
   */
  private removeSegmentFiles(names: readonly string[]): void {
    const files = fs.readdirSync(this.segDir);
    for (const name of names) {
      const seg = `${name}.seg`;
      for (const f of files)
        if (f.startsWith(`${name}.`) && f !== seg) fs.rmSync(path.join(this.segDir, f), { force: true });
      fs.rmSync(path.join(this.segDir, seg), { force: true });
    }
    fsyncDir(this.segDir);
  }
}

// --- retention (session 6)

export const EXPIRED_FILE = 'expired.jsonl';

/** One line of expired.jsonl: a sealed day whose segments the expiry job removed. */
export interface ExpiredDay {
  date: string;
  segments: { name: string; sha256: string; size: number }[];
  at: string;
}

/** Reads expired.jsonl (cutting a torn last line, never fsynced so never acted on, when `repair`). */
export function readExpired(file: string, repair: boolean): ExpiredDay[] {
  return readJsonLines<ExpiredDay>(file, repair).map((v) => ({
    date: v.date,
    segments: v.segments,
    at: v.at,
  }));
}

function badEvent(index: number, why: string): VaultError {
  const at = index >= 0 ? `#${index + 1} ` : '';
  return new VaultError('bad_event', {
    zh: `日志事件${at}无法保存：接收时间须为有效时刻，严重级别须为0至7，来源、主机名、应用名各不超过65535字节。`,
    en: `Event ${at}cannot be stored: ${why}.`,
  });
}

interface PlannedBlock {
  raw: Buffer;
  leaves: Buffer;
  count: number;
  firstTime: number;
  lastTime: number;
  sources: string[];
  /** Where the first event of a batch falls in this block (for the batch's acknowledged number). */
  firsts: { p: Pending; at: number }[];
}

type Piece = { p: Pending; from: number; to: number };

const recStart = (p: Pending, i: number) => (i === 0 ? 0 : p.enc.ends[i - 1]!);

/**
 * The blocks of one write (one Beijing day of a group commit): a block for
 * each source with at least `ownBytes` of records, one shared block for the
 * others (each block's records in receive order), the blocks in the order of
 * their first receive time. One source, or none that large: one block, as
 * the records came.
 */
function planBlocks(pieces: readonly Piece[], ownBytes: number): PlannedBlock[] {
  // The common case first, without a map: a write of one source (a listener's peer, a shipper).
  const one = pieces[0]!.p.src[pieces[0]!.from]!;
  let single = true;
  for (const { p, from, to } of pieces) {
    for (let i = from; i < to && single; i++) single = p.src[i] === one;
    if (!single) break;
  }
  const bytes = new Map<string, number>();
  if (single) bytes.set(one, 0);
  else
    for (const { p, from, to } of pieces)
      for (let i = from; i < to; i++) {
        const s = p.src[i]!;
        bytes.set(s, (bytes.get(s) ?? 0) + p.enc.ends[i]! - recStart(p, i));
      }
  const own = new Set<string>();
  for (const [s, n] of bytes) if (n >= ownBytes) own.add(s);
  if (bytes.size === 1 || own.size === 0) {
    const records: Buffer[] = [];
    const leaves: Buffer[] = [];
    const firsts: PlannedBlock['firsts'] = [];
    let count = 0;
    for (const { p, from, to } of pieces) {
      records.push(p.enc.bytes.subarray(recStart(p, from), p.enc.ends[to - 1]!));
      leaves.push(p.enc.leaves.subarray(from * 32, to * 32));
      if (from === 0) firsts.push({ p, at: count });
      count += to - from;
    }
    const first = pieces[0]!;
    const last = pieces[pieces.length - 1]!;
    return [
      {
        raw: records.length === 1 ? records[0]! : Buffer.concat(records),
        leaves: leaves.length === 1 ? leaves[0]! : Buffer.concat(leaves),
        count,
        firstTime: first.p.enc.times[first.from]!,
        lastTime: last.p.enc.times[last.to - 1]!,
        sources: [...bytes.keys()],
        firsts,
      },
    ];
  }
  type Bucket = { items: number[]; owners: Pending[]; bytes: number; sources: Set<string> };
  const buckets = new Map<string, Bucket>();
  let shared: Bucket | undefined;
  const order: Bucket[] = [];
  for (const { p, from, to } of pieces)
    for (let i = from; i < to; i++) {
      const s = p.src[i]!;
      let b = own.has(s) ? buckets.get(s) : shared;
      if (!b) {
        b = { items: [], owners: [], bytes: 0, sources: new Set() };
        if (own.has(s)) buckets.set(s, b);
        else shared = b;
        order.push(b);
      }
      b.items.push(i);
      b.owners.push(p);
      b.bytes += p.enc.ends[i]! - recStart(p, i);
      b.sources.add(s);
    }
  const out = order.map((b): PlannedBlock => {
    const raw = Buffer.allocUnsafe(b.bytes);
    const leaves = Buffer.allocUnsafe(b.items.length * 32);
    const firsts: PlannedBlock['firsts'] = [];
    let off = 0;
    for (let k = 0; k < b.items.length; k++) {
      const i = b.items[k]!;
      const p = b.owners[k]!;
      off += p.enc.bytes.copy(raw, off, recStart(p, i), p.enc.ends[i]!);
      p.enc.leaves.copy(leaves, k * 32, i * 32, i * 32 + 32);
      if (i === 0) firsts.push({ p, at: k });
    }
    const n = b.items.length;
    return {
      raw,
      leaves,
      count: n,
      firstTime: b.owners[0]!.enc.times[b.items[0]!]!,
      lastTime: b.owners[n - 1]!.enc.times[b.items[n - 1]!]!,
      sources: [...b.sources],
      firsts,
    };
  });
  // Stable: blocks starting at the same time keep the order their sources first came.
  return out.sort((a, b) => a.firstTime - b.firstTime);
}

/** A needle as the scan searches it: its folded bytes, and the same bytes as a latin1 string lowered. */
interface Needle {
  bytes: Buffer;
  latin1: string | undefined;
}

function needleOf(folded: Buffer): Needle {
  return { bytes: folded, latin1: caseless(folded) ? undefined : folded.toString('latin1').toLowerCase() };
}

/**
 * The events of one block that a scan wants, appended to `out`: the receive
 * time in range, the source, the severity, and the text in the raw line.
 * The text is looked for in the whole block first (Buffer.indexOf, or for a
 * needle with Latin letters String.indexOf in the block read as latin1 and
 * lowered, which folds A-Z and a few bytes more: a candidate is then checked
 * exactly on its line), so the records without it cost nothing.
 */
function filterBlock(
  raw: Buffer,
  h: { count: number; firstIndex: number },
  base: number,
  segment: string,
  q: ScanQuery,
  /** The block holds the source asked for only: no record to check. */
  onlySource: boolean,
  from: number,
  to: number,
  needle: Needle | undefined,
  out: StoredEvent[],
): void {
  const lowered = needle?.latin1 !== undefined ? raw.toString('latin1').toLowerCase() : undefined;
  const find = (at: number) =>
    lowered !== undefined ? lowered.indexOf(needle!.latin1!, at) : raw.indexOf(needle!.bytes, at);
  let hit = -1;
  let p = 0;
  for (let i = 0; i < h.count; i++) {
    const end = skipRecord(raw, p);
    const at = p;
    p = end;
    if (needle) {
      if (hit < at) hit = find(at);
      if (hit < 0) return; // nowhere further in the block
      if (hit >= end) continue;
    }
    const t = recordTime(raw, at);
    if (t < from || t >= to) continue;
    const sev = raw[at + 9]!;
    if (q.maxSeverity !== undefined && (sev === 0xff || sev > q.maxSeverity)) continue;
    if (q.source !== undefined && !onlySource && recordSource(raw, at) !== q.source) continue;
    const line = lineOffset(raw, at);
    if (needle) {
      const inLine = lowered !== undefined ? foldBytes(raw.subarray(line, end)) : raw.subarray(line, end);
      if (inLine.indexOf(needle.bytes) < 0) continue;
    }
    // The record's fields (layout in docs/LOGVAULT-FORMAT.md), read in place.
    const sl = raw.readUInt16BE(at + 10);
    const hAt = at + 12 + sl;
    const hl = raw.readUInt16BE(hAt);
    const aAt = hAt + 2 + hl;
    const al = raw.readUInt16BE(aAt);
    const index = h.firstIndex + i;
    out.push({
      receivedAt: t,
      source: onlySource ? q.source! : raw.toString('utf8', at + 12, at + 12 + sl),
      severity: sev === 0xff ? null : sev,
      hostname: hl ? raw.toString('utf8', hAt + 2, hAt + 2 + hl) : null,
      app: al ? raw.toString('utf8', aAt + 2, aAt + 2 + al) : null,
      raw: raw.toString('utf8', line, end),
      seq: base + index,
      segment,
      index,
    });
  }
}

/** Offset of the raw line's bytes in the record at `off`. */
function lineOffset(buf: Buffer, off: number): number {
  let p = off + 10;
  for (let k = 0; k < 3; k++) p += 2 + buf.readUInt16BE(p);
  return p + 4;
}

const indexSize = (i: { entries: BlockEntry[] }) => i.entries.reduce((n, e) => n + e.bloom.length + 64, 0);

/** The closed segments' indexes kept in memory, at most (bytes, about). */
const INDEX_CACHE_BYTES = 256 * 1024 * 1024;

/** A scan gives way to the event loop (ingest, other requests) at least this often (ms). */
const SCAN_SLICE_MS = 20;

/**
 * The groups of blocks a scan reads from entry `k` on: each group's picked
 * blocks (none: the group is left out); `last` when a group starts at or
 * after the range's end (every later block is later still).
 */
function planScan(
  entries: readonly BlockEntry[],
  k: number,
  want: Parameters<typeof entryMatches>[1],
): { groups: BlockEntry[][]; last: boolean } {
  const groups: BlockEntry[][] = [];
  while (k < entries.length) {
    // A group: the blocks of one write, the first of them the oldest.
    let g = k;
    while (g < entries.length && entries[g]!.rest > 0) g++;
    if (g >= entries.length) break; // not whole (never for an index the vault wrote)
    if (entries[k]!.firstTime >= want.to) return { groups, last: true };
    const picked: BlockEntry[] = [];
    for (let j = k; j <= g; j++) if (entryMatches(entries[j]!, want)) picked.push(entries[j]!);
    if (picked.length) groups.push(picked);
    k = g + 1;
  }
  return { groups, last: false };
}

/** A block's records, checked against its index entry; 'stale' when the file holds another block there. */
function readBlock(fd: number, e: BlockEntry, limit: number): Buffer | 'stale' {
  if (e.offset + BLOCK_HEADER + e.payloadLength > limit) return 'stale';
  const buf = Buffer.allocUnsafe(BLOCK_HEADER + e.payloadLength);
  const bytesRead = fs.readSync(fd, buf, 0, buf.length, e.offset);
  if (bytesRead !== buf.length) return 'stale';
  let h;
  try {
    h = decodeBlockHeader(buf.subarray(0, BLOCK_HEADER));
  } catch {
    return 'stale';
  }
  if (buf.readUInt32BE(44) !== e.headerCrc || h.payloadLength !== e.payloadLength) return 'stale';
  // Inflated here, not in the thread pool: for blocks of tens of KiB the pool's round trip costs more than it saves.
  return openPayload(h, buf.subarray(BLOCK_HEADER));
}
