import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { after, before, describe } from 'node:test';
import pg from 'pg';
import { buildApp, type AppOptions, type WanganApp } from '../src/app.js';
import type { Role } from '../src/platform/auth/roles.js';
import { roles } from '../src/platform/auth/roles.js';
import type { Clock } from '../src/platform/clock.js';
import { loadConfig, type Config } from '../src/platform/config.js';
import { openDatabase, type Database } from '../src/platform/db/database.js';

export const TEST_PASSWORD = 'correct horse battery';

/** The PGlite version pinned in package.json: a template is only good for the version that made it. */
const pgliteVersion = (
  JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '..', 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  }
).dependencies['@electric-sql/pglite'];

export interface TestDatabase {
  kind: 'pglite' | 'postgres';
  open(): Promise<Database>;
  /** URL of a fresh server database (postgres only). */
  url?: string;
  dispose(): Promise<void>;
}

/** A fresh, empty database on the PostgreSQL server named by TEST_DATABASE_URL. */
export async function freshPostgres(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `wangan_t_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    // An open client would keep the test process alive.
    await admin.end().catch(() => undefined);
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      // Cleanup is best effort: an autovacuum worker (owned by the superuser) can hold the
      // database for a moment, and the CI role may not terminate it. Retry, then leave it.
      for (let attempt = 0; attempt < 5; attempt++) {
        const c = new pg.Client({ connectionString: baseUrl });
        try {
          await c.connect();
          // Without FORCE first: connections still closing finish cleanly; FORCE only as a last resort.
          await c.query(`DROP DATABASE IF EXISTS ${name}${attempt >= 2 ? ' WITH (FORCE)' : ''}`);
          return;
        } catch (err) {
          if (attempt === 4) console.log(`# could not drop test database ${name}: ${(err as Error).message}`);
          await new Promise((r) => setTimeout(r, 300 * (attempt + 1)));
        } finally {
          await c.end().catch(() => undefined);
        }
      }
    },
  };
}

/**
 * A dump of a freshly initialised, empty PGlite cluster, made once and kept in
 * the temporary folder (per PGlite version): a suite's database starts from it
 * instead of running initdb again, which costs seconds of CPU each time. The
 * database is the same empty one either way.
 */
let template: Promise<Blob> | undefined;
export function freshClusterTemplate(): Promise<Blob> {
  template ??= (async () => {
    const file = path.join(os.tmpdir(), `wangan-pglite-empty-${pgliteVersion}.tar.gz`);
    if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
    const pg = await PGlite.create('memory://');
    const dump = await pg.dumpDataDir('gzip');
    await pg.close();
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(tmp, file);
    return dump;
  })();
  return template;
}

/**
 * Runs a suite once on embedded PGlite and once on the PostgreSQL server
 * (TEST_DATABASE_URL); without a server the second run is a visible skip.
 */
export function describeEachDatabase(name: string, suite: (ctx: () => TestDatabase) => void): void {
  describe(`${name} [pglite]`, () => {
    const ctx: TestDatabase = {
      kind: 'pglite',
      open: async () => openDatabase({ dataDir: 'memory://', template: await freshClusterTemplate() }),
      dispose: async () => {},
    };
    suite(() => ctx);
  });
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (!baseUrl) {
    describe(`${name} [postgres]`, { skip: 'skipped: no PostgreSQL (set TEST_DATABASE_URL)' }, () => {});
    return;
  }
  describe(`${name} [postgres]`, () => {
    let dropper: (() => Promise<void>) | undefined;
    const ctx: TestDatabase = {
      kind: 'postgres',
      open: async () => {
        const fresh = await freshPostgres(baseUrl);
        dropper = fresh.drop;
        ctx.url = fresh.url;
        return openDatabase({ databaseUrl: fresh.url });
      },
      dispose: async () => {
        await dropper?.();
      },
    };
    suite(() => ctx);
  });
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ dataDir: 'memory://', port: 0, demo: false }, {}),
    webDist: '/nonexistent',
    ...overrides,
  };
}

export interface TestApp {
  app: WanganApp;
  /** A bearer token (write scope) for a user of each role. */
  tokens: Record<Role, string>;
  inject: WanganApp['http']['inject'];
}

/** Builds an app over a fresh database with one user (and a write token) per role. */
/** A stand-in printer: a PDF header and the HTML's length, instantly. */
export const fakePdf = async (html: string): Promise<Buffer> =>
  Buffer.from(`%PDF-1.4 test stand-in for ${html.length} bytes of report HTML\n`);

export function useTestApp(
  ctx: () => TestDatabase,
  opts: {
    config?: Partial<Config>;
    clock?: Clock;
    printPdf?: (html: string) => Promise<Buffer>;
    /** Another module list (a test capability added), and settings from this environment. */
    modules?: AppOptions['modules'];
    env?: NodeJS.ProcessEnv;
  } = {},
): () => TestApp {
  let t: TestApp | undefined;
  let database: Database | undefined;
  before(async () => {
    database = await ctx().open();
    const app = await buildApp({
      config: testConfig(opts.config),
      database,
      jobs: false,
      ...(opts.clock ? { clock: opts.clock } : {}),
      // No Chromium where the test is not about the PDF (the PDF tests pass their own printer).
      printPdf: opts.printPdf ?? fakePdf,
      ...(opts.modules ? { modules: opts.modules } : {}),
      ...(opts.env ? { env: opts.env } : {}),
    });
    const admin = { userId: 'test', username: 'test', role: 'admin' as const, via: 'cli' as const };
    await app.services.organisation.create({ name: 'Test Co.' }, false);
    const tokens = {} as Record<Role, string>;
    for (const role of roles) {
      await app.services.auth.createUser(admin, { username: role, role, password: TEST_PASSWORD });
      const actor = await app.services.auth.findActor(role);
      const scopes = role === 'auditor' ? (['read'] as const) : (['read', 'write'] as const);
      tokens[role] = (
        await app.services.auth.createToken(actor, { name: 'test', scopes: [...scopes] })
      ).token;
    }
    t = { app, tokens, inject: app.http.inject.bind(app.http) };
  });
  after(async () => {
    await t?.app.close();
    await database?.close();
    await ctx().dispose();
  });
  return () => {
    if (!t) throw new Error('test app not built yet');
    return t;
  };
}

/** Signs in through the API; returns the cookie header and CSRF token. */
export async function login(
  t: TestApp,
  username: string,
  password = TEST_PASSWORD,
): Promise<{ cookie: string; csrf: string }> {
  const res = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return { cookie, csrf: (res.json() as { csrfToken: string }).csrfToken };
}
