import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { MerkleTree, type Hash } from './merkle.js';
import { verifierKey } from './note.js';

/**
 * The ledger's own append-only files, beside the database:
 * - leaves.bin: 32-byte leaf hashes in order, fsynced per batch;
 * - checkpoints.jsonl: one signed checkpoint per line, fsynced;
 * - ledger-key.pem: the Ed25519 signing key, readable by the owner only.
 * The tree lives in memory (MerkleTree) and is rebuilt from leaves.bin at start.
 */
export interface StoredCheckpoint {
  size: number;
  at: string;
  note: string;
}

function parseStoredCheckpoint(line: string): StoredCheckpoint | undefined {
  try {
    const v = JSON.parse(line) as Partial<StoredCheckpoint>;
    if (typeof v.size === 'number' && typeof v.at === 'string' && typeof v.note === 'string')
      return { size: v.size, at: v.at, note: v.note };
  } catch {
    // not JSON
  }
  return undefined;
}

export class TreeLog {
  readonly tree = new MerkleTree();
  readonly checkpoints: StoredCheckpoint[] = [];
  private leavesFd: number;
  private checkpointsFd: number;

  private constructor(readonly dir: string) {
    const leavesPath = path.join(dir, 'leaves.bin');
    const raw = fs.existsSync(leavesPath) ? fs.readFileSync(leavesPath) : Buffer.alloc(0);
    const whole = raw.length - (raw.length % 32);
    if (whole !== raw.length) fs.truncateSync(leavesPath, whole); // a torn write at a crash
    for (let i = 0; i < whole; i += 32) this.tree.append(raw.subarray(i, i + 32));
    this.leavesFd = fs.openSync(leavesPath, 'a', 0o600);
    const cpPath = path.join(dir, 'checkpoints.jsonl');
    if (fs.existsSync(cpPath)) this.readCheckpoints(cpPath);
    this.checkpointsFd = fs.openSync(cpPath, 'a', 0o600);
  }

  /** Lines of checkpoints.jsonl that are not a checkpoint (other than a torn last line, which is cut). */
  readonly damagedLines: number[] = [];

  private readCheckpoints(cpPath: string): void {
    const raw = fs.readFileSync(cpPath);
    // A crash mid-append leaves a last line without its newline: cut it before appending
    // again, or the next checkpoint would be glued to it and both lost. The tree is then
    // ahead of the last checkpoint and the sequencer signs a new one.
    const end = raw.lastIndexOf(0x0a) + 1;
    if (end < raw.length) {
      fs.truncateSync(cpPath, end);
      const fd = fs.openSync(cpPath, 'r+');
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    }
    const lines = raw.subarray(0, end).toString('utf8').split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      const cp = parseStoredCheckpoint(line);
      if (cp) this.checkpoints.push(cp);
      else this.damagedLines.push(i + 1);
    });
  }

  static open(dir: string): TreeLog {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    return new TreeLog(dir);
  }

  get size(): number {
    return this.tree.size;
  }

  /** Appends leaf hashes durably: the batch is on disk when this returns. */
  appendLeaves(hashes: readonly Hash[]): void {
    if (hashes.length === 0) return;
    const buf = Buffer.concat(hashes);
    fs.writeSync(this.leavesFd, buf);
    fs.fsyncSync(this.leavesFd);
    for (const h of hashes) this.tree.append(h);
  }

  /** Drops leaves the database never confirmed (a crash between the file and the commit). */
  truncate(size: number): void {
    if (size >= this.size) return;
    fs.closeSync(this.leavesFd);
    const leavesPath = path.join(this.dir, 'leaves.bin');
    const keep = fs.readFileSync(leavesPath).subarray(0, size * 32);
    const tmp = `${leavesPath}.tmp`;
    fs.writeFileSync(tmp, keep, { mode: 0o600 });
    fs.renameSync(tmp, leavesPath);
    this.leavesFd = fs.openSync(leavesPath, 'a', 0o600);
    const rebuilt = new MerkleTree();
    for (let i = 0; i < size; i++) rebuilt.append(keep.subarray(i * 32, i * 32 + 32));
    Object.assign(this, { tree: rebuilt });
  }

  appendCheckpoint(cp: StoredCheckpoint): void {
    fs.writeSync(this.checkpointsFd, `${JSON.stringify(cp)}\n`);
    fs.fsyncSync(this.checkpointsFd);
    this.checkpoints.push(cp);
  }

  close(): void {
    fs.closeSync(this.leavesFd);
    fs.closeSync(this.checkpointsFd);
  }
}

export interface LedgerKey {
  name: string;
  privateKey: crypto.KeyObject;
  vkey: string;
}

/** Who the ledger is: the origin line of its checkpoints and the name of its key. */
export interface LedgerIdentity {
  origin: string;
  key: LedgerKey;
}

/** Ledgers made before origins were per installation: one origin, a key named apart from it. */
export const LEGACY_ORIGIN = 'wangan.local/ledger';
export const LEGACY_KEY_NAME = 'wangan-ledger';

/** C2SP: an origin (and a key name) is one line with no whitespace and no plus sign. */
export function validOrigin(origin: string): boolean {
  return /^[^\s+]+$/.test(origin) && origin.length <= 200;
}

function writeOwnerOnly(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  fs.writeSync(fd, text);
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
}

/**
 * The signing key and the ledger's identity, created on first use (init or
 * first start) with owner-only permissions. A new ledger gets its own origin
 * (`wangan.local/ledger/<random>`, or the configured one) and a key named
 * after it, as C2SP tlog-checkpoint asks; a ledger made before keeps the
 * origin and key name its checkpoints were signed with.
 */
export function loadOrCreateIdentity(dir: string, configuredOrigin?: string): LedgerIdentity {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (configuredOrigin !== undefined && !validOrigin(configuredOrigin))
    throw new Error(`WANGAN_LEDGER_ORIGIN must be one word without spaces or "+", got "${configuredOrigin}"`);
  const keyFile = path.join(dir, 'ledger-key.pem');
  const idFile = path.join(dir, 'ledger.json');
  const existed = fs.existsSync(keyFile);
  if (!existed) {
    const { privateKey } = crypto.generateKeyPairSync('ed25519');
    writeOwnerOnly(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  }
  let id: { origin: string; keyName: string };
  if (fs.existsSync(idFile)) {
    id = JSON.parse(fs.readFileSync(idFile, 'utf8')) as typeof id;
  } else {
    id = existed
      ? { origin: configuredOrigin ?? LEGACY_ORIGIN, keyName: LEGACY_KEY_NAME }
      : (() => {
          const origin = configuredOrigin ?? `${LEGACY_ORIGIN}/${crypto.randomBytes(8).toString('hex')}`;
          return { origin, keyName: origin };
        })();
    writeOwnerOnly(idFile, `${JSON.stringify(id)}\n`);
  }
  const privateKey = crypto.createPrivateKey(fs.readFileSync(keyFile));
  return {
    origin: id.origin,
    key: { name: id.keyName, privateKey, vkey: verifierKey(id.keyName, crypto.createPublicKey(privateKey)) },
  };
}
