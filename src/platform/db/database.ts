import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { acquireDataLock, type DataLock } from './lock.js';
import { PgliteSession, pglitePool } from './pglite-pool.js';
import type { DB } from './tables.js';

export interface SqlResult {
  rows: Record<string, unknown>[];
  rowCount: number;
}

/** One open database, embedded or server, behind the same Kysely dialect. */
export interface Database {
  kind: 'pglite' | 'postgres';
  /** Human description without secrets (no password in a URL). */
  label: string;
  db: Kysely<DB>;
  /** The data-folder lock (embedded database only). */
  lock?: DataLock | undefined;
  /** Raw SQL for libraries that bring their own (pg-boss). */
  executeSql(text: string, values?: unknown[]): Promise<SqlResult>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Embedded folder; ignored when databaseUrl is set. `memory://` for tests. */
  dataDir?: string | undefined;
  databaseUrl?: string | undefined;
  /** Why the folder is opened, written into the lock file. */
  purpose?: string;
  /** Called with progress messages for slow steps. */
  onProgress?: (message: string) => void;
  /** The folder's lock, when the caller took it already (it then belongs to the database). */
  lock?: DataLock | undefined;
  /** In-memory only: start from this dump of a fresh cluster instead of running initdb (tests). */
  template?: Blob | undefined;
}

/** int8 (counts, ids) as numbers on both drivers; PGlite already does so. */
const INT8_OID = 20;
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgresql://(unparsable url)';
  }
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  return openPglite(
    opts.dataDir ?? 'data',
    opts.purpose ?? 'wangan',
    opts.onProgress,
    opts.lock,
    opts.template,
  );
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10, types: pgTypes });
  // An idle connection the server drops (restart, failover, admin termination) must not crash
  // the process: pg-pool discards the client and the next query opens a new one.
  pool.on('error', () => {});
  // Fail fast with a clear message instead of on the first request.
  const probe = await pool.connect();
  probe.release();
  return {
    kind: 'postgres',
    label: `PostgreSQL ${redactUrl(url)}`,
    db: new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }),
    async executeSql(text, values = []) {
      const r = await pool.query(text, values);
      const last = Array.isArray(r) ? (r[r.length - 1] as pg.QueryResult) : r;
      return { rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 };
    },
    async close() {
      await pool.end();
    },
  };
}

async function openPglite(
  dataDir: string,
  purpose: string,
  onProgress?: (m: string) => void,
  held?: DataLock,
  template?: Blob,
): Promise<Database> {
  const inMemory = dataDir === 'memory://';
  let lock: DataLock | undefined;
  let dbPath = 'memory://';
  if (!inMemory) {
    lock = held ?? (await acquireDataLock(dataDir, purpose));
    dbPath = path.join(dataDir, 'pgdata');
    if (!fs.existsSync(dbPath)) onProgress?.(`creating embedded database in ${dbPath}`);
    fs.mkdirSync(dbPath, { recursive: true, mode: 0o700 });
  }
  let pglite: PGlite;
  try {
    // The folder holds the keys too: nobody else may list or enter it.
    if (!inMemory) fs.chmodSync(dataDir, 0o700);
    pglite =
      inMemory && template
        ? await PGlite.create(dbPath, { loadDataDir: template })
        : await PGlite.create(dbPath);
    if (!inMemory) restrictToOwner(dbPath);
  } catch (err) {
    lock?.release();
    throw err;
  }
  const session = new PgliteSession(pglite);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: pglitePool(session) }) });
  return {
    kind: 'pglite',
    label: inMemory ? 'PGlite (in memory)' : `PGlite ${dbPath}`,
    db,
    lock,
    executeSql: (text, values = []) => session.run(text, values),
    async close() {
      await db.destroy();
      const release = await session.acquire();
      try {
        await pglite.close();
        if (!inMemory) restrictToOwner(dbPath);
      } finally {
        release();
        lock?.release();
      }
    },
  };
}

/**
 * PGlite creates its files world-writable (0666, whatever the umask): the
 * folder is made the owner's alone (0700), and the files in it 0600.
 */
export function restrictToOwner(dir: string): void {
  const walk = (p: string) => {
    const st = fs.lstatSync(p);
    if (st.isSymbolicLink()) return;
    if (st.isDirectory()) {
      if ((st.mode & 0o777) !== 0o700) fs.chmodSync(p, 0o700);
      for (const name of fs.readdirSync(p)) walk(path.join(p, name));
    } else if ((st.mode & 0o077) !== 0) {
      fs.chmodSync(p, st.mode & 0o700);
    }
  };
  walk(dir);
}
