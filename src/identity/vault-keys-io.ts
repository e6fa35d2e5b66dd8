import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../platform/errors.js';
import { fingerprintId, newKeyId, type RingKey } from './vault-crypto.js';

/**
 * A key ring of the vault (the vault keys that wrap data keys, or the index
 * keys of the keyed index), read from one of:
 *
 * - a ring file (WANGAN_VAULT_KEY_FILE / WANGAN_VAULT_INDEX_KEY_FILE, or
 *   `identity-vault.keys` / `identity-index.keys` in the data folder, made
 *   on first start with mode 0600): one key a line, `<id> <base64 of 32
 *   bytes> [<ISO instant it was made>]`; `#` starts a comment; the LAST line
 *   is the active key, older lines stay so older records still open;
 * - the environment (WANGAN_VAULT_KEY / WANGAN_VAULT_INDEX_KEY, base64 of 32
 *   bytes): one key, for several processes over one shared database. It
 *   cannot be rotated from here (set a file instead).
 *
 * Rotation writes the whole file anew (temp file, fsync, rename, fsync of
 * the folder), so a reader sees the old ring or the new one, never half.
 * Another process meeting a key id it does not know re-reads the file.
 */
export class KeyRing {
  private ring: RingKey[] = [];
  /** The ring file's size and modification time when it was read. */
  private stamp = '';

  private constructor(
    readonly which: 'vault' | 'index',
    readonly source: 'file' | 'environment',
    private readonly file: string | undefined,
    envKey: Buffer | undefined,
  ) {
    if (envKey) this.ring = [{ id: fingerprintId(which === 'vault' ? 'vk' : 'ik', envKey), key: envKey }];
  }

  static open(opts: {
    which: 'vault' | 'index';
    /** The ring file named in the environment, if any. */
    file?: string | undefined;
    /** The key given in the environment (base64), if any. */
    envKey?: string | undefined;
    envName: string;
    /** Where the default ring file lives. */
    dataDir: string;
    now: Date;
  }): KeyRing {
    if (opts.file) return KeyRing.fromFile(opts.which, opts.file, opts.now);
    if (opts.envKey) {
      const key = Buffer.from(opts.envKey.trim(), 'base64');
      if (key.length !== 32) throw new Error(`${opts.envName} must be 32 bytes, base64`);
      return new KeyRing(opts.which, 'environment', undefined, key);
    }
    fs.mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    return KeyRing.fromFile(opts.which, path.join(opts.dataDir, `identity-${opts.which}.keys`), opts.now);
  }

  private static fromFile(which: 'vault' | 'index', file: string, now: Date): KeyRing {
    const ring = new KeyRing(which, 'file', file, undefined);
    if (!fs.existsSync(file)) {
      const first: RingKey = {
        id: newKeyId(which === 'vault' ? 'vk' : 'ik', now),
        key: crypto.randomBytes(32),
        createdAt: now.toISOString(),
      };
      writeRing(file, which, [first], true);
    }
    ring.reload();
    return ring;
  }

  /** Reads the ring file again (another process rotated). */
  reload(): void {
    if (!this.file) return;
    const st = fs.statSync(this.file);
    this.ring = parseRing(this.file, fs.readFileSync(this.file, 'utf8'));
    this.stamp = `${st.size}:${st.mtimeMs}`;
  }

  /** Re-reads the ring file if it changed since (another process rotated); a stat, no read, otherwise. */
  refresh(): void {
    if (!this.file) return;
    const st = fs.statSync(this.file);
    if (`${st.size}:${st.mtimeMs}` !== this.stamp) this.reload();
  }

  /** The keys, oldest first; the last is the active one. */
  keys(): readonly RingKey[] {
    return this.ring;
  }

  active(): RingKey {
    return this.ring[this.ring.length - 1]!;
  }

  /** The key with this id; re-reads the file once when the id is not known (a newer key of another process). */
  get(id: string): RingKey | undefined {
    let key = this.ring.find((k) => k.id === id);
    if (!key && this.file) {
      this.reload();
      key = this.ring.find((k) => k.id === id);
    }
    return key;
  }

  /** Adds a new key and makes it active (the file is rewritten atomically). */
  rotate(now: Date): RingKey {
    if (!this.file) {
      const variable = this.which === 'vault' ? 'WANGAN_VAULT_KEY' : 'WANGAN_VAULT_INDEX_KEY';
      const fileVariable = this.which === 'vault' ? 'WANGAN_VAULT_KEY_FILE' : 'WANGAN_VAULT_INDEX_KEY_FILE';
      throw new AppError(
        'conflict',
        {
          zh: `${this.which === 'vault' ? '身份库加密密钥' : '身份库检索密钥'}由环境变量 ${variable} 提供，不能在此轮换。如需轮换，请将现有密钥写入密钥文件（每行“标识 密钥”），以 ${fileVariable} 指向该文件并重启，然后再轮换。`,
          en: `The ${this.which === 'vault' ? 'vault' : 'index'} key comes from ${variable} and cannot be rotated here. To rotate, put the current key in a key file (one "id key" a line), point ${fileVariable} at it, restart, then rotate.`,
        },
        { which: this.which, source: 'environment' },
      );
    }
    this.reload();
    const key: RingKey = {
      id: newKeyId(this.which === 'vault' ? 'vk' : 'ik', now),
      key: crypto.randomBytes(32),
      createdAt: now.toISOString(),
    };
    writeRing(this.file, this.which, [...this.ring, key], false);
    this.ring = [...this.ring, key];
    return key;
  }
}

function parseRing(file: string, text: string): RingKey[] {
  const keys: RingKey[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return;
    const [id, b64, createdAt, ...rest] = line.split(/\s+/);
    const at = `${file} line ${i + 1}`;
    if (!id || !b64 || rest.length > 0) throw new Error(`${at}: expected "<id> <base64 key> [<created at>]"`);
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) throw new Error(`${at}: a key id is letters, digits, dot, dash`);
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32) throw new Error(`${at}: the key must be 32 bytes, base64`);
    if (createdAt !== undefined && Number.isNaN(Date.parse(createdAt)))
      throw new Error(`${at}: "${createdAt}" is not an instant`);
    if (keys.some((k) => k.id === id)) throw new Error(`${at}: key id ${id} twice`);
    keys.push({ id, key, ...(createdAt ? { createdAt: new Date(createdAt).toISOString() } : {}) });
  });
  if (keys.length === 0) throw new Error(`${file}: no key`);
  return keys;
}

function writeRing(file: string, which: string, keys: readonly RingKey[], exclusive: boolean): void {
  const body = [
    `# wangan identity ${which} keys: "<id> <base64 key> <created at>", the last line is the active key.`,
    '# Keep every line: older records open with older keys until they are re-wrapped / re-indexed.',
    ...keys.map((k) => `${k.id} ${k.key.toString('base64')}${k.createdAt ? ` ${k.createdAt}` : ''}`),
    '',
  ].join('\n');
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeSync(fd, body);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  if (exclusive && fs.existsSync(file)) {
    // Another process made the first key meanwhile: keep theirs.
    fs.rmSync(tmp, { force: true });
    return;
  }
  fs.renameSync(tmp, file);
  try {
    const dir = fs.openSync(path.dirname(file), 'r');
    try {
      fs.fsyncSync(dir);
    } finally {
      fs.closeSync(dir);
    }
  } catch {
    // Some file systems do not fsync folders; the rename itself is atomic.
  }
}
