import crypto from 'node:crypto';
import { requireRole, type Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import { AppError } from '../platform/errors.js';
import { takePage } from '../platform/paging.js';
import { isFutureInstant } from '../platform/time.js';
import type { LedgerRecordView } from '../../contract/ledger.js';
import { canonicalJson } from './canonical.js';
import { leafHash, verifyInclusion } from './merkle.js';
import { checkpointBody, manifestNote, openCheckpoint, signNote } from './note.js';
import { checkRawEvidence, type RawEvidencePolicy } from './raw-evidence.js';
import type { LedgerStore, NewEvidenceRow } from './store.js';
import type { FileStore } from './files-io.js';
import type { Tx } from '../platform/db/unit-of-work.js';
import type { LedgerIdentity, TreeLog } from './tree-log-io.js';

export interface EvidenceInput {
  /** Catalogue obligation ids the record serves. */
  obligations: string[];
  /** What kind of work it proves: drill, assessment, filing, disposal, log_day_sealed, ... */
  kind: string;
  summary: string;
  /** When the work happened (defaults to now). */
  occurredAt?: Date;
  /** SHA-256 of an attached file kept in the content-addressed store. */
  fileSha256?: string;
  /** Who reviewed and approved it, when someone did. */
  reviewer?: string;
}

export interface EvidenceReceipt {
  id: string;
  recordedAt: string;
}

export type LedgerStatus = {
  size: number;
  pending: number;
  lastCheckpoint: { size: number; at: string } | null;
  verifierKey: string;
  origin: string;
  /** The last self-check of the tree against the database and the signed checkpoints. */
  lastVerification: Verification | null;
};

/** Records read per query by the self-check. */
const VERIFY_BATCH = 5000;

export type Verification = {
  at: string;
  ok: boolean;
  records: number;
  /** What the check found, in English (logs, health) and in both languages (the console). */
  detail: string;
  messages: { zh: string; en: string };
};

export type LedgerRecord = LedgerRecordView;

/**
 * Who may use the raw evidence route: the people accountable for the evidence as a whole.
 * Moderators and the data protection officer record through their own capabilities'
 * workflows; the auditor never writes.
 */
export const rawEvidenceRoles = ['admin', 'compliance_officer', 'security_officer'] as const;

/** Who may run the self-check on demand: those who answer for the evidence, and the auditor. */
export const verifierRoles = ['admin', 'compliance_officer', 'auditor'] as const;

export const ledgerWriterRoles = [
  'admin',
  'compliance_officer',
  'security_officer',
  'data_protection_officer',
  'moderator',
] as const;

/**
 * The evidence ledger: capabilities append records through `record`; the
 * sequencer (`sequence`, run at least once a second) hashes pending records
 * into the tree in batches and signs a checkpoint.
 */
export class LedgerService {
  /** The tree's writer and its checker run one at a time (see `exclusive`). */
  private busy: Promise<unknown> = Promise.resolve();
  private sequencing: Promise<number> | undefined;
  readonly origin: string;
  private readonly key: LedgerIdentity['key'];

  constructor(
    private readonly store: LedgerStore,
    private readonly log: TreeLog,
    identity: LedgerIdentity,
    private readonly clock: Clock,
    readonly files: FileStore,
    private readonly rawPolicy: RawEvidencePolicy = new Map(),
    /** Duty ids whose title contains a search text (the record search matches titles too). */
    private readonly dutiesTitled: (search: string) => string[] = () => [],
  ) {
    this.origin = identity.origin;
    this.key = identity.key;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.busy.then(fn, fn);
    this.busy = run.catch(() => undefined);
    return run;
  }

  /** Reconciles the tree file with the database after a restart or crash. */
  async recover(): Promise<void> {
    const confirmed = await this.store.sequencedCount();
    if (this.log.size > confirmed) this.log.truncate(confirmed);
    if (this.log.size < confirmed) {
      throw new AppError(
        'internal',
        `The ledger tree file holds ${this.log.size} leaves but the database has ${confirmed} sequenced records: the file was truncated or replaced.`,
      );
    }
  }

  /**
   * Evidence from the raw route (automation): only the kinds the catalogue lists for each duty,
   * no reserved kinds, no files (uploads go through review), plausible dates.
   */
  async recordRaw(actor: Actor, input: EvidenceInput): Promise<EvidenceReceipt> {
    requireRole(actor, rawEvidenceRoles);
    const issue = checkRawEvidence(this.rawPolicy, input, this.clock.now());
    if (issue)
      throw new AppError('validation_failed', issue.message, {
        field: issue.field,
        messages: issue.message,
      });
    return this.record(actor, input);
  }

  /** Appends evidence; pass `tx` to commit it together with the work it proves. */
  async record(actor: Actor, input: EvidenceInput, tx?: Tx): Promise<EvidenceReceipt> {
    const [receipt] = await this.recordMany(actor, [input], tx);
    return receipt!;
  }

  /**
   * Appends many records at once (an import, a day's seals), all or none:
   * every input is checked first, then the records and the latest evidence
   * per duty are written in `tx` (or in a transaction of their own) with a
   * few multi-row statements. Receipts come back in the order of `inputs`.
   */
  async recordMany(actor: Actor, inputs: readonly EvidenceInput[], tx?: Tx): Promise<EvidenceReceipt[]> {
    requireRole(actor, ledgerWriterRoles);
    const now = this.clock.now();
    const rows = inputs.map((input) => this.prepare(actor, input, now));
    await this.store.in(tx).insert(rows);
    return rows.map((r) => ({ id: r.id, recordedAt: now.toISOString() }));
  }

  private prepare(actor: Actor, input: EvidenceInput, now: Date): NewEvidenceRow {
    if (input.obligations.length === 0)
      throw new AppError(
        'validation_failed',
        { en: 'Evidence must name the obligation(s) it serves.', zh: '证据须注明其对应的义务。' },
        { field: 'obligations' },
      );
    if (input.fileSha256 && !/^[0-9a-f]{64}$/.test(input.fileSha256))
      throw new AppError(
        'validation_failed',
        { en: 'fileSha256 must be 64 hex digits.', zh: '文件摘要（fileSha256）应为 64 位十六进制数字。' },
        { field: 'fileSha256' },
      );
    // A record naming a file the store does not hold would break every later audit pack.
    if (input.fileSha256 && !this.files.has(input.fileSha256))
      throw new AppError(
        'validation_failed',
        {
          en: `No file with SHA-256 ${input.fileSha256} was uploaded; upload the file first.`,
          zh: `尚未上传摘要为 ${input.fileSha256} 的文件，请先上传文件。`,
        },
        { field: 'fileSha256' },
      );
    const occurredAt = input.occurredAt ?? now;
    if (isFutureInstant(occurredAt, now))
      throw new AppError(
        'validation_failed',
        {
          en: 'Evidence cannot describe work in the future.',
          zh: '证据不能记录尚未发生的工作（时间晚于现在）。',
        },
        { field: 'occurredAt' },
      );
    const id = crypto.randomUUID();
    const record = {
      v: 1,
      id,
      kind: input.kind,
      obligations: [...input.obligations].sort(),
      summary: input.summary,
      actor: actor.username,
      occurredAt: occurredAt.toISOString(),
      recordedAt: now.toISOString(),
      fileSha256: input.fileSha256 ?? null,
      ...(input.reviewer ? { reviewer: input.reviewer } : {}),
    };
    return {
      id,
      kind: record.kind,
      obligations: record.obligations,
      summary: record.summary,
      actor: record.actor,
      occurred_at: occurredAt,
      recorded_at: now,
      file_sha256: record.fileSha256,
      canonical: canonicalJson(record),
    };
  }

  /** Appends pending records to the tree and signs a checkpoint; one run at a time. */
  async sequence(batch = 10_000): Promise<number> {
    // A run already under way may have read the pending rows before the caller's
    // record was written: wait for it, then run again, so everything recorded
    // before this call is in the tree when it returns.
    while (this.sequencing) await this.sequencing.catch(() => 0);
    const run = this.exclusive(() => this.sequenceOnce(batch)).finally(() => {
      this.sequencing = undefined;
    });
    this.sequencing = run;
    return run;
  }

  private async sequenceOnce(batch: number): Promise<number> {
    let added = 0;
    for (;;) {
      const pending = await this.store.pending(batch);
      if (pending.length === 0) break;
      const start = this.log.size;
      // The file first (durable), then the database; recover() drops leaves the database never confirmed.
      this.log.appendLeaves(pending.map((p) => leafHash(Buffer.from(p.canonical))));
      await this.store.assignIndices(
        pending.map((p) => p.id),
        start,
      );
      added += pending.length;
      if (pending.length < batch) break;
    }
    // Whenever the tree is ahead of the last signed checkpoint: after a batch, and also after
    // a crash between the tree file and the signature, or a torn last checkpoint line; and a
    // first one for the empty tree.
    const last = this.log.checkpoints[this.log.checkpoints.length - 1];
    if (!last || last.size < this.log.size) this.checkpoint();
    return added;
  }

  private checkpoint(): void {
    const size = this.log.size;
    const note = signNote(
      checkpointBody({ origin: this.origin, size, root: this.log.tree.root(size) }),
      this.key.name,
      this.key.privateKey,
    );
    this.log.appendCheckpoint({ size, at: this.clock.now().toISOString(), note });
  }

  async status(): Promise<LedgerStatus> {
    const last = this.log.checkpoints[this.log.checkpoints.length - 1];
    return {
      size: this.log.size,
      pending: (await this.store.pending(100_000)).length,
      lastCheckpoint: last ? { size: last.size, at: last.at } : null,
      verifierKey: this.key.vkey,
      origin: this.origin,
      lastVerification: this.lastVerification,
    };
  }

  private lastVerification: Verification | null = null;

  /** The last self-check, without running one (health answers from memory). */
  lastSelfCheck(): Verification | null {
    return this.lastVerification;
  }

  /**
   * Re-derives every sequenced record's leaf from its stored bytes, compares it
   * with the tree file, and checks each signed checkpoint against the tree:
   * catches a database row or a tree file altered behind the ledger's back.
   */
  selfVerify(batchSize = VERIFY_BATCH): Promise<Verification> {
    // Not while the sequencer is between the tree file and its checkpoint.
    return this.exclusive(() => this.verifyNow(batchSize));
  }

  private async verifyNow(batchSize: number): Promise<Verification> {
    const at = this.clock.now().toISOString();
    const done = (ok: boolean, records: number, detail: string, zh: string) =>
      (this.lastVerification = { at, ok, records, detail, messages: { zh, en: detail } });
    // In batches, so memory stays flat however large the ledger grows.
    let count = 0;
    let after = -1;
    for (;;) {
      const batch = await this.store.sequencedAfter(after, batchSize);
      for (const r of batch) {
        count++;
        const i = Number(r.leaf_index);
        if (i >= this.log.size)
          return done(
            false,
            count,
            `record ${r.id} claims leaf ${i}, beyond the tree (${this.log.size})`,
            `记录 ${r.id} 声称位于第 ${i} 个叶子，超出了树的大小（${this.log.size}）`,
          );
        if (!leafHash(Buffer.from(r.canonical)).equals(this.log.tree.leaf(i)))
          return done(
            false,
            count,
            `record ${r.id} (leaf ${i}) no longer matches its leaf: the database row was altered`,
            `记录 ${r.id}（第 ${i} 个叶子）与其叶子不再一致：数据库中的该行已被改动`,
          );
        after = i;
      }
      if (batch.length < batchSize) break;
    }
    if (count !== this.log.size)
      return done(
        false,
        count,
        `the tree holds ${this.log.size} leaves but the database ${count} sequenced records`,
        `默克尔树有 ${this.log.size} 个叶子，而数据库中已入树的记录为 ${count} 条`,
      );
    if (this.log.damagedLines.length > 0)
      return done(
        false,
        count,
        `checkpoints.jsonl line(s) ${this.log.damagedLines.join(', ')} are not checkpoints: the file was altered`,
        `检查点文件第 ${this.log.damagedLines.join('、')} 行不是检查点：该文件已被改动`,
      );
    const last = this.log.checkpoints[this.log.checkpoints.length - 1];
    if (this.log.size > 0 && (!last || last.size < this.log.size))
      return done(
        false,
        count,
        `${this.log.size - (last?.size ?? 0)} leaves are in no signed checkpoint (the tree holds ${this.log.size}, the last checkpoint ${last?.size ?? 0})`,
        `有 ${this.log.size - (last?.size ?? 0)} 个叶子不在任何已签名的检查点中（树有 ${this.log.size} 个叶子，最新检查点为 ${last?.size ?? 0}）`,
      );
    for (const cp of this.log.checkpoints) {
      try {
        const c = openCheckpoint(cp.note, this.key.vkey);
        if (c.size > this.log.size || !c.root.equals(this.log.tree.root(c.size)))
          return done(
            false,
            count,
            `checkpoint of size ${c.size} does not match the tree`,
            `大小为 ${c.size} 的检查点与默克尔树不一致`,
          );
      } catch (err) {
        return done(
          false,
          count,
          `checkpoint of size ${cp.size}: ${(err as Error).message}`,
          `大小为 ${cp.size} 的检查点无法验证：${(err as Error).message}`,
        );
      }
    }
    return done(
      true,
      count,
      `${count} records match their leaves; ${this.log.checkpoints.length} checkpoints verify`,
      `${count} 条记录与其叶子一致；${this.log.checkpoints.length} 个检查点验证通过`,
    );
  }

  /** The self-check, run now at someone's request (the hourly job runs it too). */
  verifyOnDemand(actor: Actor): Promise<Verification> {
    requireRole(actor, verifierRoles);
    return this.selfVerify();
  }

  /** Records in the tree, newest first, a page at a time, searched and filtered. */
  async recordPage(
    filter: {
      duty?: string | undefined;
      kind?: string | undefined;
      search?: string | undefined;
      from?: Date | undefined;
      to?: Date | undefined;
    },
    page: { limit: number; after?: number | undefined },
  ): Promise<{ records: LedgerRecord[]; next: string | null }> {
    const search = filter.search?.trim() || undefined;
    const rows = await this.store.recordPage(
      { ...filter, search, dutyIds: search ? this.dutiesTitled(search) : [] },
      page.limit + 1,
      page.after,
    );
    const p = takePage(rows, page.limit, (r) => Number(r.leaf_index));
    return {
      records: p.rows.map((r) => {
        const canonical = JSON.parse(r.canonical) as { reviewer?: unknown };
        return {
          id: r.id,
          index: Number(r.leaf_index),
          kind: r.kind,
          obligations: r.obligations,
          summary: r.summary,
          actor: r.actor,
          reviewer: typeof canonical.reviewer === 'string' ? canonical.reviewer : null,
          occurredAt: r.occurred_at.toISOString(),
          recordedAt: r.recorded_at.toISOString(),
          fileSha256: r.file_sha256,
        };
      }),
      next: p.next,
    };
  }

  /** The signed checkpoints, newest first, a page at a time (`after`: the size of the last one shown). */
  checkpointPage(page: { limit: number; after?: number | undefined }): {
    checkpoints: { size: number; at: string; root: string; note: string }[];
    next: string | null;
  } {
    // Sizes only grow (a checkpoint is signed only when the tree has grown): halve to the cursor.
    const all = this.log.checkpoints;
    let end = all.length;
    if (page.after !== undefined) {
      let lo = 0;
      while (lo < end) {
        const mid = (lo + end) >> 1;
        if (all[mid]!.size < page.after) lo = mid + 1;
        else end = mid;
      }
    }
    const rows = all.slice(Math.max(0, end - page.limit - 1), end).reverse();
    const p = takePage(rows, page.limit, (c) => c.size);
    return {
      checkpoints: p.rows.map((c) => ({
        size: c.size,
        at: c.at,
        // The note's text is origin, size, root (C2SP tlog-checkpoint).
        root: c.note.split('\n')[2] ?? '',
        note: c.note,
      })),
      next: p.next,
    };
  }

  /** A record with its inclusion proof against the latest checkpoint. */
  async proof(
    id: string,
  ): Promise<{ index: number; size: number; proof: string[]; canonical: string; checkpoint: string }> {
    const row = await this.store.find(id);
    if (!row)
      throw new AppError('not_found', {
        en: `No evidence record ${id}.`,
        zh: `没有编号为 ${id} 的证据记录。`,
      });
    const cp = this.log.checkpoints[this.log.checkpoints.length - 1];
    if (row.leaf_index === null || !cp || Number(row.leaf_index) >= cp.size) {
      throw new AppError('conflict', {
        en: 'The record is not in a signed checkpoint yet; try again in a second.',
        zh: '该记录尚未纳入已签名的检查点，请稍后重试。',
      });
    }
    const index = Number(row.leaf_index);
    const proof = this.log.tree.inclusionProof(index, cp.size);
    if (
      !verifyInclusion(
        index,
        cp.size,
        leafHash(Buffer.from(row.canonical)),
        proof,
        this.log.tree.root(cp.size),
      )
    ) {
      throw new AppError('internal', `Record ${id} does not match its leaf: the database was altered.`);
    }
    return {
      index,
      size: cp.size,
      proof: proof.map((p) => p.toString('base64')),
      canonical: row.canonical,
      checkpoint: cp.note,
    };
  }

  /** Everything `wangan verify` needs, for the records of a period (see pack-io.ts). */
  async packContents(filter: { from?: Date | undefined; to?: Date | undefined }) {
    await this.sequence();
    // A pack is only as good as the ledger behind it.
    const check = await this.selfVerify();
    if (!check.ok)
      throw new AppError(
        'ledger_unverified',
        {
          en: `The ledger's self-check failed, so no audit pack can be exported: ${check.detail}`,
          zh: `证据账本自检未通过，暂不能导出审计包。详情：${check.detail}`,
        },
        { verification: check },
      );
    const cps = this.log.checkpoints;
    const final = cps[cps.length - 1];
    if (!final)
      throw new AppError('conflict', {
        en: 'The ledger has no checkpoint yet.',
        zh: '证据账本尚无检查点。',
      });
    const sequenced = await this.store.sequenced(filter);
    const records = sequenced.filter((r) => Number(r.leaf_index) < final.size);
    // sequence() has just signed everything in the tree: a record past the last checkpoint
    // would be left out of the pack silently.
    if (records.length < sequenced.length)
      throw new AppError('ledger_unverified', {
        en: `${sequenced.length - records.length} records are in no signed checkpoint; the pack would leave them out.`,
        zh: `有 ${sequenced.length - records.length} 条记录尚未纳入已签名的检查点，审计包会遗漏它们。`,
      });
    const attachments: Record<string, Buffer> = {};
    const missingFiles: { index: number; fileSha256: string }[] = [];
    for (const r of records) {
      if (r.file_sha256 === null || attachments[r.file_sha256]) continue;
      const bytes = this.files.get(r.file_sha256);
      if (bytes) attachments[r.file_sha256] = bytes;
      else missingFiles.push({ index: Number(r.leaf_index), fileSha256: r.file_sha256 });
    }
    const leaves = Buffer.alloc(final.size * 32);
    for (let i = 0; i < final.size; i++) this.log.tree.leaf(i).copy(leaves, i * 32);
    const consistency = cps.slice(1).map((cp, i) => {
      const prev = cps[i]!;
      return {
        from: prev.size,
        to: cp.size,
        proof:
          prev.size === 0
            ? []
            : this.log.tree.consistencyProof(prev.size, cp.size).map((p) => p.toString('base64')),
      };
    });
    return {
      origin: this.origin,
      createdAt: this.clock.now().toISOString(),
      verifierKey: this.key.vkey,
      checkpoints: cps.map((c) => ({ size: c.size, at: c.at, note: c.note })),
      consistency,
      leaves,
      records: records.map((r) => ({
        index: Number(r.leaf_index),
        canonical: r.canonical,
        fileSha256: r.file_sha256,
        proof: this.log.tree
          .inclusionProof(Number(r.leaf_index), final.size)
          .map((p) => p.toString('base64')),
      })),
      signManifest: (bytes: Buffer) =>
        signNote(manifestNote(this.origin, bytes), this.key.name, this.key.privateKey),
      attachments,
      missingFiles,
    };
  }

  /** The records of a period, for reports. */
  async records(filter: { from?: Date | undefined; to?: Date | undefined }) {
    return (await this.store.inPeriod(filter)).map((r) => ({
      id: r.id,
      index: r.leaf_index === null ? null : Number(r.leaf_index),
      kind: r.kind,
      obligations: r.obligations,
      summary: r.summary,
      actor: r.actor,
      occurredAt: r.occurred_at.toISOString(),
      fileSha256: r.file_sha256,
    }));
  }

  /**
   * Per obligation id, the evidence status is derived from: the latest
   * applicability decision, the latest work and the latest follow-up (at most
   * three facts, see latest.ts), read from the summary the ledger keeps with
   * every record, so this costs the same for a thousand records or a million.
   * The full history of a period is `records`.
   */
  async factsByObligation(): Promise<Map<string, { id: string; kind: string; occurredAt: Date }[]>> {
    const out = new Map<string, { id: string; kind: string; occurredAt: Date }[]>();
    for (const r of await this.store.latest()) {
      const list = out.get(r.obligation) ?? [];
      list.push({ id: r.evidence_id, kind: r.kind, occurredAt: r.occurred_at });
      out.set(r.obligation, list);
    }
    return out;
  }

  assertWriter(actor: Actor): void {
    requireRole(actor, ledgerWriterRoles);
  }

  close(): void {
    this.log.close();
  }
}
