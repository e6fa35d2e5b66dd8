import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { cli, cliProcess, serve, stop, tmp } from './cli-helpers.js';
import { freshPostgres } from './helpers.js';
import { seedPath, seedSkip } from './seeds.js';

describe('wangan CLI', () => {
  const children: ChildProcess[] = [];
  after(async () => {
    for (const c of children) await stop(c);
  });

  it('--help works on every command', async () => {
    for (const args of [
      ['--help'],
      ['serve', '--help'],
      ['init', '--help'],
      ['user', 'add', '--help'],
      ['token', 'create', '--help'],
      ['registers', 'import', '--help'],
    ]) {
      const r = await cli(args);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stdout, /Usage: wangan/);
    }
  });

  it('the binary answers 0 for success, 2 for bad usage or input, 3 for a failed check', async () => {
    const help = cliProcess(['--help']);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /Usage: wangan/);
    // Every module's commands are on the program (they come from the module list).
    for (const name of ['law', 'assess', 'calendar', 'registers', 'pack', 'verify', 'incidents'])
      assert.match(help.stdout, new RegExp(`^  ${name}\\b`, 'm'), name);
    const usage = cliProcess(['user', 'list']);
    assert.equal(usage.code, 2, usage.stderr);
    assert.match(usage.stderr, /unknown command 'list'/);
    const input = cliProcess(['assess', 'no-such-profile.yaml']);
    assert.equal(input.code, 2, input.stderr);
    const notAPack = tmp();
    const check = cliProcess(['verify', notAPack]);
    assert.equal(check.code, 3, check.stdout + check.stderr);
    assert.match(check.stdout, /^FAILED: /);
  });

  it('init creates the folder and prints a login that works; a second init is refused', async () => {
    const data = tmp();
    const r = await cli(['init', '--data', data, '--org', '测试公司', '--admin', 'boss']);
    assert.equal(r.code, 0, r.stderr);
    const m = /Sign in as\s+boss \/ (\S+)/.exec(r.stdout);
    assert.ok(m?.[1], r.stdout);
    const again = await cli(['init', '--data', data]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /\[conflict\].*already initialised/);

    const added = await cli([
      'user',
      'add',
      'mod1',
      '--role',
      'moderator',
      '--password',
      'moderator-pass-1',
      '--data',
      data,
    ]);
    assert.equal(added.code, 0, added.stderr);
    const badRole = await cli(['user', 'add', 'x', '--role', 'king', '--data', data]);
    assert.notEqual(badRole.code, 0);
    assert.match(badRole.stderr, /one of admin/);
    const token = await cli(['token', 'create', '--user', 'mod1', '--name', 'ci', '--data', data]);
    assert.equal(token.code, 0, token.stderr);
    const secret = token.stdout.trim();
    assert.match(secret, /^wgn_/);

    const server = await serve(['--data', data]);
    children.push(server.child);
    assert.doesNotMatch(server.output(), /Demo organisation/, 'an initialised folder gets no demo');
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'boss', password: m[1] }),
    });
    assert.equal(login.status, 200);
    const me = await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(((await me.json()) as { user: { username: string } }).user.username, 'mod1');

    // While the server holds the folder, data-changing commands need a token and go through the API.
    const blocked = await cli(['user', 'add', 'late', '--role', 'auditor', '--data', data]);
    assert.equal(blocked.code, 2);
    assert.match(blocked.stderr, /server is running/);
    const adminToken = await cli(['token', 'create', '--user', 'boss', '--data', data]);
    assert.equal(adminToken.code, 2, 'the folder is locked for direct access too');
    await stop(server.child);
  });

  it('user add --service makes a machine account that cannot sign in; token create gives it narrow scopes, directly and through the API', async () => {
    const data = tmp();
    assert.equal(
      (await cli(['init', '--data', data, '--admin', 'boss', '--password', 'boss-password-1'])).code,
      0,
    );
    const svc = await cli(['user', 'add', 'siem', '--service', '--role', 'security_officer', '--data', data]);
    assert.equal(svc.code, 0, svc.stderr);
    assert.match(svc.stdout, /service account siem .*cannot sign in/);
    assert.doesNotMatch(svc.stdout, /Password:/);
    const both = await cli([
      'user',
      'add',
      'x',
      '--service',
      '--password',
      'pw-pw-pw-pw-1',
      '--role',
      'moderator',
      '--data',
      data,
    ]);
    assert.notEqual(both.code, 0, 'a service account takes no password');
    const badScope = await cli([
      'token',
      'create',
      '--user',
      'siem',
      '--scopes',
      'everything',
      '--data',
      data,
    ]);
    assert.notEqual(badScope.code, 0);
    assert.match(badScope.stderr, /incidents\.ingest/);
    const direct = await cli([
      'token',
      'create',
      '--user',
      'siem',
      '--scopes',
      'incidents.ingest',
      '--data',
      data,
    ]);
    assert.equal(direct.code, 0, direct.stderr);
    const admin = await cli(['token', 'create', '--user', 'boss', '--scopes', 'read,write', '--data', data]);
    const adminToken = admin.stdout.trim();

    const server = await serve(['--data', data]);
    children.push(server.child);
    try {
      const viaApi = await cli([
        'token',
        'create',
        '--user',
        'siem',
        '--scopes',
        'logvault.ingest',
        '--data',
        data,
        '--token',
        adminToken,
      ]);
      assert.equal(viaApi.code, 0, viaApi.stderr);
      assert.match(viaApi.stdout.trim(), /^wgn_/);
      const own = await cli([
        'token',
        'create',
        '--user',
        'boss',
        '--name',
        'mine',
        '--data',
        data,
        '--token',
        adminToken,
      ]);
      assert.equal(own.code, 0, own.stderr);

      const signIn = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'siem', password: 'anything-at-all' }),
      });
      assert.equal(signIn.status, 401);
      const list = await fetch(`${server.url}/api/tokens`, {
        headers: { authorization: `Bearer ${adminToken}` },
      });
      const { tokens } = (await list.json()) as { tokens: Array<{ name: string; scopes: string[] }> };
      const scopes = tokens.map((t) => t.scopes.join(',')).sort();
      assert.deepEqual(scopes, ['incidents.ingest', 'logvault.ingest', 'read', 'read,write']);
      const narrow = await fetch(`${server.url}/api/organisation`, {
        headers: { authorization: `Bearer ${direct.stdout.trim()}` },
      });
      assert.equal(narrow.status, 403, 'a narrow token reads nothing else');
    } finally {
      await stop(server.child);
    }
  });

  it('serve seeds the demo on an empty folder; a second server on the folder fails fast naming the lock', async () => {
    const data = tmp();
    const first = await serve(['--data', data]);
    children.push(first.child);
    const m = /Sign in as\s+(\S+) \/ (\S+)/.exec(first.output());
    assert.ok(m, first.output());
    assert.ok(fs.readFileSync(path.join(data, 'demo-login.txt'), 'utf8').includes(m[2]!));

    const started = Date.now();
    const second = cliProcess(['serve', '--port', '0', '--data', data]);
    assert.equal(second.code, 2);
    assert.match(second.stderr, /wangan\.lock/);
    assert.match(second.stderr, new RegExp(`process ${first.child.pid}`));
    assert.ok(Date.now() - started < 30_000, 'fails fast');

    const login = await fetch(`${first.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: m[1], password: m[2] }),
    });
    assert.equal(login.status, 200, 'the first server keeps working');
    const org = await fetch(`${first.url}/api/organisation`, {
      headers: {
        cookie: login.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; '),
      },
    });
    const body = (await org.json()) as {
      isDemo: boolean;
      profile: { services: string[]; cii: { operator: boolean } };
    };
    assert.equal(body.isDemo, true);
    assert.ok(
      body.profile.services.includes('instant_messaging') && body.profile.services.includes('cloud_services'),
    );
    assert.equal(body.profile.cii.operator, false);
    await stop(first.child);
  });

  it(
    'init and user add work on a PostgreSQL server',
    { skip: process.env.TEST_DATABASE_URL ? false : 'skipped: no PostgreSQL' },
    async () => {
      const fresh = await freshPostgres(process.env.TEST_DATABASE_URL!);
      try {
        // The keys still live in a data folder; this one, never the checkout.
        const data = tmp();
        const r = await cli(['init', '--org', 'PG Co.'], { DATABASE_URL: fresh.url, WANGAN_DATA: data });
        assert.equal(r.code, 0, r.stderr);
        assert.ok(fs.existsSync(path.join(data, 'ledger', 'ledger-key.pem')));
        const added = await cli(['user', 'add', 'dpo1', '--role', 'data_protection_officer'], {
          DATABASE_URL: fresh.url,
          WANGAN_DATA: data,
        });
        assert.equal(added.code, 0, added.stderr);
        assert.match(added.stdout, /Password: \S{16}/);
      } finally {
        await fresh.drop();
      }
    },
  );

  it('law import --json follows the output contract and reports defects as data', async () => {
    const data = tmp();
    const r = await cli([
      'law',
      'import',
      'src/law/fixtures/blocks.txt',
      '--law',
      'csl',
      '--version',
      '2016',
      '--json',
      '--data',
      data,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /reading .*blocks\.txt/, 'progress goes to stderr');
    const out = JSON.parse(r.stdout) as {
      law: string;
      version: string;
      articles: number;
      defects: { kind: string; article: number; detail: string }[];
    };
    assert.equal(out.law, 'csl');
    assert.equal(out.version, 'csl2016');
    assert.equal(out.articles, 6);
    for (const d of out.defects) {
      assert.ok(['missing', 'misplaced', 'item_gap', 'count_mismatch', 'duplicate'].includes(d.kind));
      assert.equal(typeof d.article, 'number');
      assert.equal(typeof d.detail, 'string');
    }
    assert.ok(out.defects.some((d) => d.kind === 'misplaced' && d.article === 4));
    const missing = await cli(['law', 'import', 'no-such-file.txt', '--data', data]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Cannot read no-such-file\.txt/);
  });

  it('assess prints the duties of a profile without a database, in JSON, Markdown and text', async () => {
    const json = await cli(['assess', 'examples/im-provider.yaml', '--format', 'json']);
    assert.equal(json.code, 0, json.stderr);
    const a = JSON.parse(json.stdout) as {
      obligations: {
        id: string;
        title: { zh: string; en: string };
        citations: Record<string, string[]>;
        penalties: { version: string; article: string; tiers: { level: string }[] }[];
        because: string[];
        recurrence: { kind: string };
      }[];
    };
    assert.ok(a.obligations.length > 10);
    for (const o of a.obligations) {
      assert.match(o.id, /^(csl|cii)\./);
      assert.ok(o.title.zh && o.title.en && o.because.length && o.recurrence.kind);
    }
    assert.ok(
      a.obligations.some(
        (o) =>
          o.citations.csl2025?.includes('26/1') &&
          o.penalties.some((p) => p.version === 'csl2025' && p.article === '64'),
      ),
    );
    const md = await cli(['assess', 'examples/cii-energy.yaml', '--format', 'md']);
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /^# Duties that apply to/m);
    assert.match(md.stdout, /What the 2025 amendment changes for you/);
    const text = await cli(['assess', 'examples/router-maker.yaml']);
    assert.match(text.stdout, /CSL 2025 Art 25/);
    const bad = path.join(tmp(), 'bad.yaml');
    fs.writeFileSync(bad, 'name: X\nservises: [instant_messaging]\n');
    const refused = await cli(['assess', bad]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /servises/);
  });

  it('law import, show and diff on the seed texts', { skip: seedSkip }, async () => {
    const data = tmp();
    const r2025 = await cli(['law', 'import', seedPath('000'), '--json', '--data', data]);
    assert.equal(r2025.code, 0, r2025.stderr);
    const out = JSON.parse(r2025.stdout) as {
      version: string;
      articles: number;
      defects: { kind: string; article: number }[];
    };
    assert.equal(out.version, 'csl2025');
    assert.equal(out.articles, 78);
    assert.deepEqual(
      out.defects.filter((d) => d.kind === 'missing').map((d) => d.article),
      [29, 30, 66],
    );
    assert.equal((await cli(['law', 'import', seedPath('001'), '--data', data])).code, 0);
    const show = await cli(['law', 'show', 'csl', '26', '--version', '2016', '--data', data]);
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /CSL 2016 Article 26\s+=\s+CSL 2025 Art 28/);
    assert.match(show.stdout, /Article 26|certification|testing|risk assessment/i);
    const diff = await cli(['law', 'diff', 'csl', '61', '--data', data]);
    assert.equal(diff.code, 0, diff.stderr);
    assert.match(diff.stdout, /CSL 2025 Article 61\s+=\s+CSL 2016 Art 59/);
    assert.match(diff.stdout, /第六十一条|网络运营者/, 'the 2025 Chinese text');
    assert.match(
      diff.stdout,
      /different sources/,
      'translations from different sources are shown side by side, not diffed',
    );
  });

  it('registers import takes a CSV file all or nothing; registers list shows the entries', async () => {
    const data = tmp();
    assert.equal((await cli(['init', '--data', data])).code, 0);
    const dir = tmp();
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(
      bad,
      'type,authority,occurredOn,subject\ninspection,市网信办,2026-01-05,年度检查\nvisit,市公安局,2026-01-06,走访\n',
    );
    const refused = await cli(['registers', 'import', 'regulatory-events', bad, '--data', data]);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /line 3: Type \(type\) must be one of/);
    const good = path.join(dir, 'good.csv');
    fs.writeFileSync(
      good,
      'Type,Authority,Date,Subject\nInspection,市网信办,2026-01-05,年度检查\n约谈,市公安局,2026-01-06,数据安全\n',
    );
    const imported = await cli(['registers', 'import', 'regulatory-events', good, '--data', data]);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /Imported 2 entries into regulatory-events/);
    const list = await cli(['registers', 'list', '--json', '--data', data]);
    assert.equal(list.code, 0, list.stderr);
    const events = (JSON.parse(list.stdout) as { spec: { id: string }; entries: number }[]).find(
      (r) => r.spec.id === 'regulatory-events',
    );
    assert.equal(events?.entries, 2);
  });

  it('pack export writes a pack that verify accepts offline; a changed byte makes verify fail naming the file', async () => {
    const data = tmp();
    assert.equal((await cli(['init', '--data', data])).code, 0);
    const server = await serve(['--data', data]);
    children.push(server.child);
    const token = await cli(['token', 'create', '--user', 'admin', '--scopes', 'read,write', '--data', data]);
    // The server holds the folder: token creation must go through its API, which needs a token.
    assert.equal(token.code, 2);
    await stop(server.child);
    const secret = (
      await cli(['token', 'create', '--user', 'admin', '--scopes', 'read,write', '--data', data])
    ).stdout.trim();
    const again = await serve(['--data', data]);
    children.push(again.child);
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${again.url}/api/evidence`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          obligations: ['csl.mlps-filing'],
          kind: 'filing',
          summary: `filed system ${i}`,
        }),
      });
      assert.equal(res.status, 201);
    }
    await stop(again.child);
    const out = path.join(tmp(), 'pack');
    const exported = await cli(['pack', 'export', '--out', out, '--data', data]);
    assert.equal(exported.code, 0, exported.stderr);
    const ok = await cli(['verify', out]);
    assert.equal(ok.code, 0, ok.stdout);
    assert.match(ok.stdout, /OK: .* 3 records, 3 inclusion proofs/);
    const records = path.join(out, 'records.tsv');
    fs.writeFileSync(records, fs.readFileSync(records, 'utf8').replace('filed system 1', 'filed system 7'));
    const bad = await cli(['verify', out]);
    assert.equal(bad.code, 3);
    assert.match(bad.stdout, /FAILED: records\.tsv was changed/);
  });
});
