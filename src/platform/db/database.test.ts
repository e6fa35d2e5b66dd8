import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import pg from 'pg';
import { freshPostgres } from '../../../test/helpers.js';
import { openDatabase } from './database.js';

const baseUrl = process.env.TEST_DATABASE_URL;

describe(
  'PostgreSQL connection pool',
  { skip: baseUrl ? false : 'skipped: no PostgreSQL (set TEST_DATABASE_URL)' },
  () => {
    it('survives the server dropping its idle connections, and the next query reconnects', async () => {
      const fresh = await freshPostgres(baseUrl!);
      const db = await openDatabase({ databaseUrl: fresh.url });
      try {
        // Several idle connections, as parallel queries leave them.
        await Promise.all([1, 2, 3].map(() => db.executeSql('SELECT pg_sleep(0.05)')));
        const name = new URL(fresh.url).pathname.slice(1);
        const admin = new pg.Client({ connectionString: baseUrl });
        await admin.connect();
        try {
          const r = await admin.query(
            'SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()) t',
            [name],
          );
          assert.ok(r.rows[0].n >= 1, 'there were connections to drop');
        } finally {
          await admin.end();
        }
        await new Promise((r) => setTimeout(r, 200));
        const after = await db.executeSql('SELECT 1 AS one');
        assert.deepEqual(after.rows, [{ one: 1 }]);
      } finally {
        await db.close();
        await fresh.drop();
      }
    });
  },
);

describe('embedded database folder', () => {
  it("is the owner's alone: no file PGlite writes is readable or writable by others", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-perm-'));
    fs.chmodSync(dir, 0o755);
    const db = await openDatabase({ dataDir: dir });
    await db.executeSql('CREATE TABLE t (x int)');
    await db.executeSql('INSERT INTO t VALUES (1)');
    await db.close();
    const open: string[] = [];
    const walk = (p: string) => {
      const st = fs.statSync(p);
      if (st.isDirectory()) fs.readdirSync(p).forEach((n) => walk(path.join(p, n)));
      if ((st.mode & 0o077) !== 0)
        open.push(`${path.relative(dir, p) || '.'} ${(st.mode & 0o777).toString(8)}`);
    };
    walk(dir);
    assert.deepEqual(open.slice(0, 5), [], `${open.length} paths are open to others`);
  });
});
