import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { buildApp, type WanganApp } from '../app.js';
import { fakePdf, freshPostgres, testConfig, TEST_PASSWORD } from '../../test/helpers.js';
import { roles, type Actor, type Role } from '../platform/auth/roles.js';
import { validateResidentId } from './validate/index.js';

const system: Actor = { userId: 'system', username: 'system', role: 'admin', via: 'system' };

/** Test people with names and numbers found nowhere else (the 15-digit form is converted to 18). */
const people = [
  { name: '司马测验', idNumber: '110105198807215272', phone: '13712345098' },
  { name: '欧阳试卷', idNumber: '330106199512300041', phone: '15987650123' },
  { name: '端木考题', idNumber: '440305750505123', phone: '18123409876' },
];
const legacyFull = validateResidentId(people[2]!.idNumber, '2026-12-01').normalized!;

/** Every way a person's data could be written down in clear. */
function needles(): string[] {
  return people.flatMap((p) => [p.name, p.idNumber, p.phone]).concat([legacyFull]);
}

function findIn(haystack: Buffer | string, where: string, found: string[]): void {
  const buf = typeof haystack === 'string' ? Buffer.from(haystack, 'utf8') : haystack;
  for (const n of needles()) {
    if (buf.includes(Buffer.from(n, 'utf8'))) found.push(`${n} in ${where}`);
    // UTF-16 too (a file written by something else than Node).
    if (buf.includes(Buffer.from(n, 'utf16le'))) found.push(`${n} (UTF-16) in ${where}`);
  }
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.isFile() ? [p] : [];
  });
}

async function start(dataDir: string, databaseUrl: string | undefined, lines: string[]): Promise<WanganApp> {
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return buildApp({
    config: testConfig({ dataDir, databaseUrl, logLevel: 'trace' }),
    jobs: false,
    printPdf: fakePdf,
    logger: { level: 'trace', stream },
  });
}

async function tokensFor(app: WanganApp): Promise<Record<Role, string>> {
  const admin = { userId: 'test', username: 'test', role: 'admin' as const, via: 'cli' as const };
  await app.services.organisation.create({ name: 'Test Co.' }, false);
  const tokens = {} as Record<Role, string>;
  for (const role of roles) {
    await app.services.auth.createUser(admin, { username: role, role, password: TEST_PASSWORD });
    const actor = await app.services.auth.findActor(role);
    tokens[role] = (
      await app.services.auth.createToken(actor, {
        name: 't',
        scopes: role === 'auditor' ? ['read'] : ['read', 'write'],
      })
    ).token;
  }
  return tokens;
}

/**
 * The raw scan: enrol the test people, search for them, reveal one through
 * the API, then read every table's rows raw, every file under the data
 * folder (the embedded database's files included) and the server's log:
 * none of their names, identity numbers (18 and 15 digits) or phones is there.
 * Then a new app on the same data folder reads and finds everyone.
 */
async function scenario(databaseUrl: string | undefined): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-vault-scan-'));
  const lines: string[] = [];
  let app = await start(dataDir, databaseUrl, lines);
  const ids: string[] = [];
  try {
    const tokens = await tokensFor(app);
    const h = (role: Role) => ({ authorization: `Bearer ${tokens[role]}` });
    for (const [i, p] of people.entries())
      ids.push(
        (await app.services.identity.vault.enrol(system, { service: 'scan', user: `s${i}`, ...p })).subjectId,
      );
    for (const p of people) {
      for (const body of [{ idNumber: p.idNumber }, { phone: p.phone }]) {
        const r = await app.http.inject({
          method: 'POST',
          url: '/api/identity/subjects/search',
          headers: h('auditor'),
          payload: body,
        });
        assert.equal(r.statusCode, 200, r.body);
        assert.equal(r.json().subjects.length, 1);
      }
    }
    // A bad number in a search: refused, and the refusal is in the audit trail and the log.
    const bad = await app.http.inject({
      method: 'POST',
      url: '/api/identity/subjects/search',
      headers: h('auditor'),
      payload: { idNumber: `${people[0]!.idNumber.slice(0, 17)}0` },
    });
    assert.equal(bad.statusCode, 400);
    // A reveal, approved and opened: the answer carries the identity, nothing else may.
    const asked = await app.http.inject({
      method: 'POST',
      url: '/api/identity/reveals',
      headers: h('compliance_officer'),
      payload: { subjectId: ids[0], basis: 'court_order', reference: '（2026）测1号', reason: '测试' },
    });
    assert.equal(asked.statusCode, 201, asked.body);
    const id = asked.json().id as string;
    await app.http.inject({
      method: 'POST',
      url: `/api/identity/reveals/${id}/decide`,
      headers: h('data_protection_officer'),
      payload: { approve: true },
    });
    const opened = await app.http.inject({
      method: 'POST',
      url: `/api/identity/reveals/${id}/open`,
      headers: h('compliance_officer'),
      payload: {},
    });
    assert.equal(opened.statusCode, 200, opened.body);
    assert.equal(opened.json().identity.name, people[0]!.name);
    await app.services.ledger.sequence();

    const found: string[] = [];
    const tables = await app.database.executeSql(
      `select table_schema, table_name from information_schema.tables
        where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`,
    );
    assert.ok(tables.rows.length > 20, 'every table was listed');
    for (const t of tables.rows as { table_schema: string; table_name: string }[]) {
      const rows = await app.database.executeSql(`select * from "${t.table_schema}"."${t.table_name}"`);
      findIn(JSON.stringify(rows.rows), `table ${t.table_schema}.${t.table_name}`, found);
    }
    // The scan reads what the vault wrote: its masks are in the raw rows.
    const dump = (await app.database.executeSql('select * from identity_subjects')).rows;
    assert.ok(JSON.stringify(dump).includes('司***'), 'the masked name is in the raw rows');
    const subjects = await app.database.executeSql('select count(*)::int as n from identity_subjects');
    assert.equal((subjects.rows[0] as { n: number }).n, people.length, 'the scan saw the vault rows');
    await app.close();
    for (const file of walk(dataDir))
      findIn(fs.readFileSync(file), `file ${path.relative(dataDir, file)}`, found);
    assert.ok(lines.length > 10, 'the server logged the requests');
    findIn(lines.join('\n'), 'the server log', found);
    assert.deepEqual(found, []);
    if (!databaseUrl) {
      assert.ok(walk(dataDir).length > 100, 'the embedded database lives in the data folder');
      // The file scan reads the database's pages: the masks written with the people are there.
      assert.ok(
        walk(dataDir).some((f) => fs.readFileSync(f).includes(Buffer.from('司***', 'utf8'))),
        'the data folder holds the vault rows',
      );
    }

    // A new process on the same data folder (the same key rings) reads and finds everyone.
    app = await start(dataDir, databaseUrl, []);
    const vault = app.services.identity.vault;
    for (const [i, p] of people.entries()) {
      const open = await vault.openForCheck(ids[i]!);
      assert.deepEqual(open, { name: p.name, idNumber: i === 2 ? legacyFull : p.idNumber, phone: p.phone });
      const again = await vault.enrol(system, { service: 'scan2', user: `t${i}`, ...p });
      assert.deepEqual([again.subjectId, again.knownPerson], [ids[i], true]);
    }
    await app.close();

    // A key ring lost (a mistyped path, an unmounted volume) stops the start with a clear error:
    // a new empty ring in its place would answer 500s, and enrol known people again.
    const ring = path.join(dataDir, 'identity-vault.keys');
    const saved = fs.readFileSync(ring);
    fs.rmSync(ring);
    await assert.rejects(start(dataDir, databaseUrl, []), /vault key ring has no key .* restore the ring/);
    fs.writeFileSync(ring, saved, { mode: 0o600 });
    app = await start(dataDir, databaseUrl, []);
    assert.ok(await app.services.identity.vault.openForCheck(ids[0]!));
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('no clear identity at rest, in the log or the audit trail; a restarted process reads everything', () => {
  it('[pglite, file-backed]', { timeout: 180_000 }, () => scenario(undefined));
  const baseUrl = process.env.TEST_DATABASE_URL;
  it(
    '[postgres]',
    { skip: baseUrl ? false : 'skipped: no PostgreSQL (set TEST_DATABASE_URL)', timeout: 180_000 },
    async () => {
      const fresh = await freshPostgres(baseUrl!);
      try {
        await scenario(fresh.url);
      } finally {
        await fresh.drop();
      }
    },
  );
});
