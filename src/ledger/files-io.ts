import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Content-addressed store for evidence files: <dir>/<sha256>, written temp-file-and-rename, fsynced. */
export class FileStore {
  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  put(bytes: Buffer): string {
    const sha = crypto.createHash('sha256').update(bytes).digest('hex');
    const file = path.join(this.dir, sha);
    if (fs.existsSync(file)) return sha;
    const tmp = `${file}.${process.pid}.tmp`;
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
    return sha;
  }

  has(sha: string): boolean {
    return /^[0-9a-f]{64}$/.test(sha) && fs.existsSync(path.join(this.dir, sha));
  }

  get(sha: string): Buffer | undefined {
    if (!/^[0-9a-f]{64}$/.test(sha)) return undefined;
    const file = path.join(this.dir, sha);
    return fs.existsSync(file) ? fs.readFileSync(file) : undefined;
  }
}
