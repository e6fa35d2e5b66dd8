/**
 * Ledger benchmark (npm run bench:ledger). Anchor: plain SHA-256 of the same
 * records, measured in the same run.
 * - append_ratio: tree appends per second (leaf hashing, tree update, the
 *   append-only file fsynced per batch of 1,000) over raw SHA-256 per second;
 *   goal >= 0.25.
 * - verify_1m_seconds: `verifyPack` on an exported pack of 1,000,000 records
 *   (manifest hashes, checkpoint signatures, rebuilding every signed root,
 *   consistency proofs, every record against its leaf); goal < 5 s.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canonicalJson } from '../src/ledger/canonical.js';
import { leafHash, MerkleTree } from '../src/ledger/merkle.js';
import { checkpointBody, signNote, verifierKey } from '../src/ledger/note.js';
import { manifestNote, verifyPack, writePack } from '../src/ledger/pack-io.js';
import { TreeLog } from '../src/ledger/tree-log-io.js';
import { line } from './figure.js';

const APPEND_N = Number(process.env.BENCH_APPEND_N ?? 200_000);
const VERIFY_N = Number(process.env.BENCH_VERIFY_N ?? 1_000_000);
const BATCH = 1000;

function records(n: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      Buffer.from(
        canonicalJson({
          v: 1,
          id: crypto.randomUUID(),
          kind: 'log_day_sealed',
          obligations: ['csl.log-retention'],
          summary: `sealed log segment ${i} of the IM platform`,
          actor: 'sequencer',
          occurredAt: new Date(1_767_225_600_000 + i * 1000).toISOString(),
          recordedAt: new Date(1_767_225_600_000 + i * 1000).toISOString(),
          fileSha256: null,
        }),
      ),
    );
  }
  return out;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-bench-'));
try {
  // ---- appends ----
  const data = records(APPEND_N);
  let t0 = performance.now();
  for (const d of data) crypto.createHash('sha256').update(d).digest();
  const rawRate = APPEND_N / ((performance.now() - t0) / 1000);

  const log = TreeLog.open(path.join(tmp, 'append'));
  t0 = performance.now();
  for (let i = 0; i < APPEND_N; i += BATCH)
    log.appendLeaves(data.slice(i, i + BATCH).map((d) => leafHash(d)));
  const appendRate = APPEND_N / ((performance.now() - t0) / 1000);
  log.close();
  line('ledger', 'append_rate', appendRate, 'leaves/s', 'sha256_raw', rawRate, appendRate / rawRate);
  line('ledger', 'append_ratio', appendRate / rawRate, 'ratio', 'sha256_raw', 1, appendRate / rawRate);

  // ---- verification of a 1M-record pack ----
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const vkey = verifierKey('bench', publicKey);
  const origin = 'bench/ledger';
  const big = records(VERIFY_N);
  const tree = new MerkleTree();
  const leaves = Buffer.alloc(VERIFY_N * 32);
  const checkpoints: { size: number; at: string; note: string }[] = [];
  const step = VERIFY_N / 10;
  for (let i = 0; i < VERIFY_N; i++) {
    const h = leafHash(big[i]!);
    h.copy(leaves, i * 32);
    tree.append(h);
    if ((i + 1) % step === 0) {
      checkpoints.push({
        size: i + 1,
        at: new Date().toISOString(),
        note: signNote(checkpointBody({ origin, size: i + 1, root: tree.root(i + 1) }), 'bench', privateKey),
      });
    }
  }
  const packDir = path.join(tmp, 'pack');
  writePack(packDir, {
    origin,
    createdAt: new Date().toISOString(),
    verifierKey: vkey,
    checkpoints,
    consistency: checkpoints.slice(1).map((c, i) => ({
      from: checkpoints[i]!.size,
      to: c.size,
      proof: tree.consistencyProof(checkpoints[i]!.size, c.size).map((p) => p.toString('base64')),
    })),
    leaves,
    records: big.map((b, index) => ({ index, canonical: b.toString(), fileSha256: null, proof: [] })),
    signManifest: (bytes) => signNote(manifestNote(origin, bytes), 'bench', privateKey),
  });
  // Anchor: plain SHA-256 of the same records.
  t0 = performance.now();
  for (const d of big) crypto.createHash('sha256').update(d).digest();
  const rawSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const result = verifyPack(packDir);
  const seconds = (performance.now() - t0) / 1000;
  if (!result.ok) throw new Error(`verification failed: ${result.failure}`);
  line(
    'ledger',
    'verify_1m_seconds',
    seconds,
    's',
    'sha256_raw_1m_seconds',
    rawSeconds,
    seconds / rawSeconds,
  );
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
