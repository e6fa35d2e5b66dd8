import crypto from 'node:crypto';
import { requireRole, type Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import { AppError } from '../platform/errors.js';
import { canonicalJson } from './canonical.js';
import { leafHash, verifyInclusion } from './merkle.js';
import { checkpointBody, openCheckpoint, signNote } from './note.js';
import type { LedgerStore } from './store.js';
import type { FileStore } from './files-io.js';
import type { Tx } from '../platform/db/unit-of-work.js';
import type { LedgerKey, TreeLog } from './tree-log-io.js';

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

export type Verification = { at: string; ok: boolean; records: number; detail: string };

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
  private sequencing: Promise<number> | undefined;

  constructor(
    private readonly store: LedgerStore,
    private readonly log: TreeLog,
    private readonly key: LedgerKey,
    readonly origin: string,
    private readonly clock: Clock,
    readonly files: FileStore,
  ) {}

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

  /** Appends evidence; pass `tx` to commit it together with the work it proves. */
  async record(actor: Actor, input: EvidenceInput, tx?: Tx): Promise<EvidenceReceipt> {
    requireRole(actor, ledgerWriterRoles);
    if (input.obligations.length === 0)
      throw new AppError('validation_failed', 'Evidence must name the obligation(s) it serves.');
    if (input.fileSha256 && !/^[0-9a-f]{64}$/.test(input.fileSha256))
      throw new AppError('validation_failed', 'fileSha256 must be 64 hex digits.');
    const now = this.clock.now();
    const occurredAt = input.occurredAt ?? now;
    if (occurredAt.getTime() > now.getTime() + 60_000)
      throw new AppError('validation_failed', 'Evidence cannot describe work in the future.');
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
    await this.store.in(tx).insert({
      id,
      kind: record.kind,
      obligations: record.obligations,
      summary: record.summary,
      actor: record.actor,
      occurred_at: occurredAt,
      recorded_at: now,
      file_sha256: record.fileSha256,
      canonical: canonicalJson(record),
    });
    return { id, recordedAt: record.recordedAt };
  }

  /** Appends pending records to the tree and signs a checkpoint; one run at a time. */
  async sequence(batch = 10_000): Promise<number> {
    // A run already under way may have read the pending rows before the caller's
    // record was written: wait for it, then run again, so everything recorded
    // before this call is in the tree when it returns.
    while (this.sequencing) await this.sequencing.catch(() => 0);
    const run = this.sequenceOnce(batch).finally(() => {
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
    // A checkpoint for every batch, and a first one for the empty tree.
    if (added > 0 || this.log.checkpoints.length === 0) this.checkpoint();
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

  /**
   * Re-derives every sequenced record's leaf from its stored bytes, compares it
   * with the tree file, and checks each signed checkpoint against the tree:
   * catches a database row or a tree file altered behind the ledger's back.
   */
  async selfVerify(batchSize = VERIFY_BATCH): Promise<Verification> {
    const at = this.clock.now().toISOString();
    const done = (ok: boolean, records: number, detail: string) =>
      (this.lastVerification = { at, ok, records, detail });
    // In batches, so memory stays flat however large the ledger grows.
    let count = 0;
    let after = -1;
    for (;;) {
      const batch = await this.store.sequencedAfter(after, batchSize);
      for (const r of batch) {
        count++;
        const i = Number(r.leaf_index);
        if (i >= this.log.size)
          return done(false, count, `record ${r.id} claims leaf ${i}, beyond the tree (${this.log.size})`);
        if (!leafHash(Buffer.from(r.canonical)).equals(this.log.tree.leaf(i)))
          return done(
            false,
            count,
            `record ${r.id} (leaf ${i}) no longer matches its leaf: the database row was altered`,
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
      );
    for (const cp of this.log.checkpoints) {
      try {
        const c = openCheckpoint(cp.note, this.key.vkey);
        if (c.size > this.log.size || !c.root.equals(this.log.tree.root(c.size)))
          return done(false, count, `checkpoint of size ${c.size} does not match the tree`);
      } catch (err) {
        return done(false, count, `checkpoint of size ${cp.size}: ${(err as Error).message}`);
      }
    }
    return done(
      true,
      count,
      `${count} records match their leaves; ${this.log.checkpoints.length} checkpoints verify`,
    );
  }

  /** A record with its inclusion proof against the latest checkpoint. */
  async proof(
    id: string,
  ): Promise<{ index: number; size: number; proof: string[]; canonical: string; checkpoint: string }> {
    const row = await this.store.find(id);
    if (!row) throw new AppError('not_found', `No evidence record ${id}.`);
    const cp = this.log.checkpoints[this.log.checkpoints.length - 1];
    if (row.leaf_index === null || !cp || Number(row.leaf_index) >= cp.size) {
      throw new AppError('conflict', 'The record is not in a signed checkpoint yet; try again in a second.');
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
    const cps = this.log.checkpoints;
    const final = cps[cps.length - 1];
    if (!final) throw new AppError('conflict', 'The ledger has no checkpoint yet.');
    const records = (await this.store.sequenced(filter)).filter((r) => Number(r.leaf_index) < final.size);
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
      signManifest: (bytes: Buffer) => crypto.sign(null, bytes, this.key.privateKey).toString('base64'),
      attachments: Object.fromEntries(
        records
          .map((r) => r.file_sha256)
          .filter((h): h is string => h !== null)
          .map((h) => [h, this.files.get(h)] as const)
          .filter((e): e is readonly [string, Buffer] => e[1] !== undefined),
      ),
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

  /** Evidence per obligation id: what was proved and when. */
  async factsByObligation(): Promise<Map<string, { id: string; kind: string; occurredAt: Date }[]>> {
    const out = new Map<string, { id: string; kind: string; occurredAt: Date }[]>();
    for (const r of await this.store.facts()) {
      for (const o of r.obligations)
        out.set(o, [...(out.get(o) ?? []), { id: r.id, kind: r.kind, occurredAt: r.occurred_at }]);
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
