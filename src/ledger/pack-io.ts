import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { leafHash, MerkleTree, verifyConsistency, verifyInclusion } from './merkle.js';
import {
  MANIFEST_CONTEXT,
  manifestNote,
  NoteError,
  openCheckpoint,
  openNote,
  parseVerifierKey,
  type Checkpoint,
} from './note.js';

export { manifestNote } from './note.js';

/**
 * The audit pack's ledger part, and its offline verification (`wangan verify
 * DIR`, no database). Files:
 * - key.txt: the ledger's verifier key;
 * - checkpoints.jsonl: every signed checkpoint, in order;
 * - consistency.jsonl: a consistency proof between each pair of successive checkpoints;
 * - leaves.bin: every leaf hash up to the last checkpoint (32 bytes each; no content);
 * - records.tsv: the evidence records of the period, one per line: tree index, a tab, and the
 *   record's canonical JSON (the exact leaf bytes; canonical JSON never holds a raw tab or newline);
 * - inclusion.jsonl: up to 10,000 records, the RFC 9162 inclusion proof of each against the
 *   last checkpoint (beyond that, rebuilding the tree from leaves.bin proves every inclusion);
 * - files/<sha256>: attached files;
 * - missing-files.json (only when needed): records naming a file the ledger's store does not
 *   hold, so the pack explains the gap instead of failing verification;
 * - manifest.json: SHA-256 of every other file;
 * - manifest.sig: a C2SP signed note by the ledger key over the manifest's SHA-256, with its own
 *   context line (packs made before: a bare base64 Ed25519 signature of manifest.json).
 * The formats are written down in docs/LEDGER-FORMAT.md.
 */
export const INCLUSION_PROOF_LIMIT = 10_000;

export interface MissingFile {
  index: number;
  fileSha256: string;
}

export interface PackContents {
  origin: string;
  /** When the pack was made (the ledger's clock). */
  createdAt: string;
  verifierKey: string;
  checkpoints: { size: number; at: string; note: string }[];
  consistency: { from: number; to: number; proof: string[] }[];
  leaves: Buffer;
  records: { index: number; canonical: string; fileSha256: string | null; proof: string[] }[];
  /** The whole text of manifest.sig for these manifest bytes. */
  signManifest: (bytes: Buffer) => string;
  /** Records whose file the ledger's store does not hold. */
  missingFiles?: MissingFile[];
}

const sha256 = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');

/** Writes the pack into `dir` (created; must not exist) through a temp folder renamed at the end. */
export function writePack(
  dir: string,
  contents: PackContents,
  extra: Record<string, Buffer | string> = {},
  attachments: Record<string, Buffer> = {},
): void {
  if (fs.existsSync(dir)) throw new Error(`${dir} already exists`);
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(path.join(tmp, 'files'), { recursive: true });
  const withProofs = contents.records.length <= INCLUSION_PROOF_LIMIT;
  const files: Record<string, Buffer> = {
    'key.txt': Buffer.from(`${contents.verifierKey}\n`),
    'checkpoints.jsonl': Buffer.from(contents.checkpoints.map((c) => JSON.stringify(c)).join('\n') + '\n'),
    'consistency.jsonl': Buffer.from(
      contents.consistency.map((c) => JSON.stringify(c)).join('\n') +
        (contents.consistency.length ? '\n' : ''),
    ),
    'leaves.bin': contents.leaves,
    'records.tsv': Buffer.from(contents.records.map((r) => `${r.index}\t${r.canonical}\n`).join('')),
    'inclusion.jsonl': Buffer.from(
      withProofs
        ? contents.records.map((r) => `${JSON.stringify({ index: r.index, proof: r.proof })}\n`).join('')
        : '',
    ),
    ...(contents.missingFiles?.length
      ? {
          'missing-files.json': Buffer.from(
            JSON.stringify(
              {
                explanation:
                  'These records name an attached file that the ledger never received (recorded before uploads were checked). The records themselves are proved; their files cannot be.',
                records: contents.missingFiles,
              },
              null,
              2,
            ),
          ),
        }
      : {}),
    ...Object.fromEntries(
      Object.entries(extra).map(([k, v]) => [k, Buffer.isBuffer(v) ? v : Buffer.from(v)]),
    ),
    ...Object.fromEntries(Object.entries(attachments).map(([h, b]) => [`files/${h}`, b])),
  };
  for (const [name, bytes] of Object.entries(files)) {
    // A module's section may sit in its own folder (incidents/incidents.json).
    fs.mkdirSync(path.dirname(path.join(tmp, name)), { recursive: true });
    fs.writeFileSync(path.join(tmp, name), bytes);
  }
  const manifest = Buffer.from(
    JSON.stringify(
      {
        origin: contents.origin,
        createdAt: contents.createdAt,
        files: Object.fromEntries(Object.entries(files).map(([n, b]) => [n, sha256(b)])),
      },
      null,
      2,
    ),
  );
  fs.writeFileSync(path.join(tmp, 'manifest.json'), manifest);
  fs.writeFileSync(path.join(tmp, 'manifest.sig'), contents.signManifest(manifest));
  fs.renameSync(tmp, dir);
}

export interface VerifyResult {
  ok: boolean;
  /** The first thing that failed, named so an inspector can find it. */
  failure?: string;
  checked: {
    files: number;
    checkpoints: number;
    leaves: number;
    records: number;
    inclusionProofs: number;
    consistencyProofs: number;
  };
  verifierKey?: string;
  /** What the pack itself declares it cannot prove (records whose file never reached the ledger). */
  warnings: string[];
  /** `note`: manifest.sig is a signed note; `legacy`: a bare signature (packs made before). */
  manifestFormat?: 'note' | 'legacy';
}

class VerifyFailure extends Error {}
const fail = (message: string): never => {
  throw new VerifyFailure(message);
};

function readLines<T>(bytes: Buffer, what: string): T[] {
  const out: T[] = [];
  const text = bytes.toString('utf8');
  text.split('\n').forEach((line, i) => {
    if (!line) return;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      fail(`${what} line ${i + 1} is not valid JSON`);
    }
  });
  return out;
}

/** Checks a pack offline. `trustedKey` pins the ledger key; without it the pack's own key.txt is used. */
export function verifyPack(dir: string, trustedKey?: string): VerifyResult {
  const checked = {
    files: 0,
    checkpoints: 0,
    leaves: 0,
    records: 0,
    inclusionProofs: 0,
    consistencyProofs: 0,
  };
  const warnings: string[] = [];
  let manifestFormat: VerifyResult['manifestFormat'];
  try {
    const at = (name: string) => path.join(dir, name);
    if (!fs.existsSync(at('manifest.json'))) fail('manifest.json is missing');
    const vkey = (trustedKey ?? fs.readFileSync(at('key.txt'), 'utf8')).trim();
    let key;
    try {
      key = parseVerifierKey(vkey);
    } catch (e) {
      fail(`key.txt: ${(e as Error).message}`);
    }
    const manifestBytes = fs.readFileSync(at('manifest.json'));
    const sigText = fs.readFileSync(at('manifest.sig'), 'utf8');
    let manifest: { origin: string; files: Record<string, string> };
    try {
      manifest = JSON.parse(manifestBytes.toString('utf8')) as typeof manifest;
    } catch {
      return fail('manifest.json is not valid JSON');
    }
    if (sigText.startsWith(`${MANIFEST_CONTEXT}\n`)) {
      manifestFormat = 'note';
      let text = '';
      try {
        text = openNote(sigText, vkey);
      } catch (e) {
        fail(
          `manifest.sig: ${e instanceof NoteError ? e.message : 'unreadable'} (the manifest is not signed by the ledger key)`,
        );
      }
      let expected = '';
      try {
        expected = manifestNote(manifest.origin, manifestBytes);
      } catch {
        fail('manifest.json: the origin is not one word');
      }
      if (text !== expected)
        fail('manifest.sig: the signed note is for another manifest (its origin or SHA-256 differs)');
    } else {
      // Packs made before manifest notes: exactly one canonical base64 line (lenient decoding
      // would ignore a changed padding byte).
      manifestFormat = 'legacy';
      const sig = Buffer.from(sigText.slice(0, -1), 'base64');
      if (!sigText.endsWith('\n') || `${sig.toString('base64')}\n` !== sigText)
        fail('manifest.sig is malformed');
      if (!crypto.verify(null, manifestBytes, key!.publicKey, sig))
        fail('manifest.sig: the manifest is not signed by the ledger key');
    }
    // Every file is the one the manifest names, and nothing was added. Each is read once.
    const listed = new Set(Object.keys(manifest.files));
    const content = new Map<string, Buffer>();
    for (const [name, hash] of Object.entries(manifest.files)) {
      if (!fs.existsSync(at(name))) fail(`${name} is missing`);
      const bytes = fs.readFileSync(at(name));
      if (sha256(bytes) !== hash) fail(`${name} was changed (its SHA-256 differs from the manifest)`);
      content.set(name, bytes);
      checked.files++;
    }
    const file = (name: string): Buffer => content.get(name) ?? fail(`${name} is not in the manifest`);
    // A module's section may sit in a folder of its own (incidents/incidents.json): its files are listed too.
    const present = fs
      .readdirSync(dir)
      .flatMap((name) =>
        name !== 'files' && fs.statSync(at(name)).isDirectory()
          ? [name, ...fs.readdirSync(at(name)).map((f) => `${name}/${f}`)]
          : [name],
      );
    for (const name of [...present, ...fs.readdirSync(at('files')).map((f) => `files/${f}`)]) {
      if (name === 'files' || name === 'manifest.json' || name === 'manifest.sig') continue;
      if (fs.statSync(at(name)).isDirectory() && !listed.has(name)) continue;
      if (!listed.has(name)) fail(`${name} is not in the manifest`);
    }
    if (trustedKey && file('key.txt').toString('utf8').trim() !== trustedKey.trim())
      fail('key.txt is not the trusted key');

    // Checkpoints: signed by the key, for this log, never shrinking.
    const cps = readLines<{ size: number; note: string }>(file('checkpoints.jsonl'), 'checkpoints.jsonl');
    if (cps.length === 0) fail('checkpoints.jsonl has no checkpoint');
    const opened: Checkpoint[] = [];
    cps.forEach((c, i) => {
      let cp: Checkpoint;
      try {
        cp = openCheckpoint(c.note, vkey);
      } catch (e) {
        fail(`checkpoint ${i + 1}: ${(e as Error).message}`);
        return;
      }
      if (cp.origin !== manifest.origin) fail(`checkpoint ${i + 1} is for another log (${cp.origin})`);
      if (cp.size !== c.size) fail(`checkpoint ${i + 1}: the signed size ${cp.size} differs from ${c.size}`);
      if (i > 0 && cp.size < opened[i - 1]!.size)
        fail(`checkpoint ${i + 1} is smaller than the one before it`);
      checked.checkpoints++;
      opened.push(cp);
    });
    const final = opened[opened.length - 1]!;

    // The leaves rebuild every signed root.
    const leaves = file('leaves.bin');
    if (leaves.length !== final.size * 32)
      fail(`leaves.bin holds ${leaves.length / 32} leaves; the last checkpoint says ${final.size}`);
    const tree = new MerkleTree();
    const bySize = [...opened].sort((a, b) => a.size - b.size);
    let next = 0;
    for (const cp of bySize) {
      for (; next < cp.size; next++) tree.append(leaves.subarray(next * 32, next * 32 + 32));
      if (!tree.root(cp.size).equals(cp.root))
        fail(`the leaves do not give the root signed in the checkpoint of size ${cp.size}`);
    }
    checked.leaves = final.size;

    // Successive checkpoints are consistent.
    const proofs = readLines<{ from: number; to: number; proof: string[] }>(
      file('consistency.jsonl'),
      'consistency.jsonl',
    );
    for (let i = 1; i < opened.length; i++) {
      const a = opened[i - 1]!;
      const b = opened[i]!;
      if (a.size === 0) continue;
      const p = proofs.find((x) => x.from === a.size && x.to === b.size);
      if (!p) fail(`no consistency proof from size ${a.size} to ${b.size}`);
      if (
        !verifyConsistency(
          a.size,
          b.size,
          a.root,
          b.root,
          p!.proof.map((x) => Buffer.from(x, 'base64')),
        )
      ) {
        fail(`the consistency proof from size ${a.size} to ${b.size} does not verify`);
      }
      checked.consistencyProofs++;
    }

    // Records the pack declares, under the signed manifest, as having no file.
    const declaredMissing = new Set<string>();
    if (content.has('missing-files.json')) {
      try {
        const m = JSON.parse(file('missing-files.json').toString('utf8')) as { records: MissingFile[] };
        for (const r of m.records) declaredMissing.add(`${r.index}:${r.fileSha256}`);
      } catch {
        fail('missing-files.json is not valid');
      }
    }

    // Each record is the leaf at its index, with its inclusion proof and its file.
    const proofsByIndex = new Map(
      readLines<{ index: number; proof: string[] }>(file('inclusion.jsonl'), 'inclusion.jsonl').map((p) => [
        p.index,
        p.proof,
      ]),
    );
    const text = file('records.tsv').toString('utf8');
    let pos = 0;
    while (pos < text.length) {
      const end = text.indexOf('\n', pos);
      const tab = text.indexOf('\t', pos);
      if (end < 0 || tab < 0 || tab > end) fail(`records.tsv: line ${checked.records + 1} is malformed`);
      const r = {
        index: Number(text.slice(pos, tab)),
        canonical: text.slice(tab + 1, end),
        proof: proofsByIndex.get(Number(text.slice(pos, tab))),
      };
      pos = end + 1;
      if (!Number.isInteger(r.index) || r.index < 0 || r.index >= final.size)
        fail(`records.tsv line ${checked.records + 1} claims index ${r.index}, outside the tree`);
      const leaf = leafHash(Buffer.from(r.canonical));
      if (!leaf.equals(leaves.subarray(r.index * 32, r.index * 32 + 32)))
        fail(`record ${r.index} does not match its leaf`);
      if (r.proof) {
        if (
          !verifyInclusion(
            r.index,
            final.size,
            leaf,
            r.proof.map((x) => Buffer.from(x, 'base64')),
            final.root,
          )
        ) {
          fail(`the inclusion proof of record ${r.index} does not verify`);
        }
        checked.inclusionProofs++;
      }
      // Canonical JSON: a record without a file says exactly "fileSha256":null.
      let claimed: string | null = null;
      if (!r.canonical.includes('"fileSha256":null')) {
        try {
          claimed = (JSON.parse(r.canonical) as { fileSha256?: string | null }).fileSha256 ?? null;
        } catch {
          fail(`record ${r.index} is not valid JSON`);
        }
      }
      if (claimed) {
        const f = content.get(`files/${claimed}`);
        if (!f && declaredMissing.has(`${r.index}:${claimed}`))
          warnings.push(
            `record ${r.index} names file ${claimed}, which the ledger never received (declared in missing-files.json)`,
          );
        else if (!f) fail(`record ${r.index} names file ${claimed}, which is not in the pack`);
        else if (sha256(f) !== claimed) fail(`files/${claimed} does not have the SHA-256 its record names`);
      }
      checked.records++;
    }
    if (checked.inclusionProofs !== proofsByIndex.size)
      fail('inclusion.jsonl has a proof for a record that is not in records.tsv');
    return { ok: true, checked, verifierKey: vkey, warnings, ...(manifestFormat ? { manifestFormat } : {}) };
  } catch (e) {
    if (e instanceof VerifyFailure) return { ok: false, failure: e.message, checked, warnings };
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      return {
        ok: false,
        failure: `${path.basename((e as NodeJS.ErrnoException).path ?? '')} is missing`,
        checked,
        warnings,
      };
    throw e;
  }
}
