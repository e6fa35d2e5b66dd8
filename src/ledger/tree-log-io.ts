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
    if (fs.existsSync(cpPath)) {
      for (const line of fs.readFileSync(cpPath, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          this.checkpoints.push(JSON.parse(line) as StoredCheckpoint);
        } catch {
          break; // a torn last line
        }
      }
    }
    this.checkpointsFd = fs.openSync(cpPath, 'a', 0o600);
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

/** The signing key, created on first use (init or first start) with owner-only permissions. */
export function loadOrCreateKey(dir: string, name: string): LedgerKey {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'ledger-key.pem');
  if (!fs.existsSync(file)) {
    const { privateKey } = crypto.generateKeyPairSync('ed25519');
    const tmp = `${file}.${process.pid}.tmp`;
    const fd = fs.openSync(tmp, 'w', 0o600);
    fs.writeSync(fd, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, file);
  }
  const privateKey = crypto.createPrivateKey(fs.readFileSync(file));
  return { name, privateKey, vkey: verifierKey(name, crypto.createPublicKey(privateKey)) };
}
