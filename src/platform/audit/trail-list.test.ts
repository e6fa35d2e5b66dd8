import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { auditActionLabels } from '../../../contract/audit-actions.js';
import { describeEachDatabase, login, useTestApp } from '../../../test/helpers.js';
import { isSafeMethod } from '../http/guard.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

/** Every `action: '…'` literal the code writes to the trail outside the routes (jobs, CLI, migrations). */
function recordedActionLiterals(): Set<string> {
  const out = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('demo.ts')) {
        const text = fs.readFileSync(p, 'utf8');
        // `action: 'x'` next to an audit write, or a migration's insert into the trail.
        for (const m of text.matchAll(/action: '([a-z_.]+)'/g)) out.add(m[1]!);
        for (const m of text.matchAll(/insert into audit_events[^;]*?'([a-z_]+\.[a-z_]+)'/gs)) out.add(m[1]!);
      }
    }
  };
  walk(path.join(root, 'src'));
  return out;
}

describeEachDatabase('audit trail: in words, narrowed, sorted, exported', (ctx) => {
  const get = useTestApp(ctx);

  it('every action the code records has a Chinese and an English label; every state-changing route declares one', () => {
    const t = get();
    const missing: string[] = [];
    for (const route of t.app.routes) {
      const methods = [route.method].flat();
      const cfg = route.options.config as { action?: string; access?: unknown } | undefined;
      if (methods.every((m) => isSafeMethod(m)) && !cfg?.action) continue;
      if (cfg?.access === 'public' && !cfg.action) continue;
      if (!cfg?.action) missing.push(`${methods.join(',')} ${route.url} declares no action`);
      else if (!auditActionLabels[cfg.action]) missing.push(`${cfg.action} (${route.url})`);
    }
    for (const action of recordedActionLiterals())
      if (!auditActionLabels[action]) missing.push(`${action} (recorded in code)`);
    assert.deepEqual(missing, []);
    for (const [action, w] of Object.entries(auditActionLabels)) {
      assert.ok(/[\u4e00-\u9fff]/.test(w.zh), `${action} has a Chinese label`);
      assert.ok(/^[A-Z]/.test(w.en), `${action} has an English label`);
    }
    assert.ok(recordedActionLiterals().has('reminders.sent'), 'the scan finds the jobs’ actions');
  });

  it('the rows say who acted in words: role, service account, signed-out visitor', async () => {
    const t = get();
    await t.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody', password: 'x' },
    });
    await t.inject({
      method: 'PUT',
      url: '/api/organisation',
      headers: { authorization: `Bearer ${t.tokens.moderator}` },
      payload: { profile: { name: 'Nope' } },
    });
    const res = await t.inject({
      method: 'GET',
      url: '/api/audit-events?limit=5',
      headers: { authorization: `Bearer ${t.tokens.auditor}` },
    });
    const [refused, failedLogin] = res.json().events as Array<Record<string, unknown>>;
    assert.deepEqual(
      [refused?.actor, refused?.actorKind, refused?.actorRole],
      ['moderator', 'person', 'moderator'],
    );
    assert.deepEqual([failedLogin?.actorKind, failedLogin?.actorRole], ['anonymous', null]);
  });

  it('narrows by words (also in the label), action, outcome and kind; pages in the chosen order across a cursor', async () => {
    const t = get();
    const admin = await login(t, 'admin');
    const h = { cookie: admin.cookie, 'x-csrf-token': admin.csrf };
    for (let i = 0; i < 5; i++) {
      const r = await t.inject({
        method: 'POST',
        url: '/api/users',
        headers: h,
        payload: { username: `listed-${i}`, role: 'auditor', password: 'listed-password-1' },
      });
      assert.equal(r.statusCode, 201);
    }
    const dup = await t.inject({
      method: 'POST',
      url: '/api/users',
      headers: h,
      payload: { username: 'listed-0', role: 'auditor', password: 'listed-password-1' },
    });
    assert.equal(dup.statusCode, 409);
    const read = async (q: string) => {
      const r = await t.inject({
        method: 'GET',
        url: `/api/audit-events?${q}`,
        headers: { authorization: `Bearer ${t.tokens.auditor}` },
      });
      assert.equal(r.statusCode, 200, r.body);
      return r.json() as {
        events: Array<{ id: number; action: string; status: number; detail: { username?: string } }>;
        next: string | null;
      };
    };
    const created = await read('action=users.create&outcome=ok&limit=100');
    assert.equal(created.events.length, 5);
    assert.ok(created.events.every((e) => e.action === 'users.create' && e.status === 201));
    const refused = await read('action=users.create&outcome=refused');
    assert.deepEqual(
      refused.events.map((e) => e.status),
      [409],
    );
    // Chinese words find the action by its label, English words by theirs.
    assert.equal((await read(`q=${encodeURIComponent('创建用户')}&limit=100`)).events.length, 6);
    assert.equal((await read('q=create%20a%20user&limit=100')).events.length, 6);
    assert.equal((await read('q=listed-3')).events.length, 1);
    assert.equal((await read('kind=anonymous&action=users.create')).events.length, 0);

    // Oldest first, two a page: the cursor carries the order.
    const p1 = await read('action=users.create&outcome=ok&sort=oldest&limit=2');
    assert.ok(p1.next);
    const p2 = await read(`action=users.create&outcome=ok&sort=oldest&limit=2&cursor=${p1.next}`);
    const p3 = await read(`action=users.create&outcome=ok&sort=oldest&limit=2&cursor=${p2.next}`);
    assert.deepEqual(
      [...p1.events, ...p2.events, ...p3.events].map((e) => e.detail.username),
      ['listed-0', 'listed-1', 'listed-2', 'listed-3', 'listed-4'],
    );
    assert.equal(p3.next, null);
    // A cursor of one order is refused under another, naming the cursor.
    const wrong = await t.inject({
      method: 'GET',
      url: `/api/audit-events?action=users.create&sort=newest&cursor=${p1.next}`,
      headers: { authorization: `Bearer ${t.tokens.auditor}` },
    });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().error.field, 'cursor');
    const badSort = await t.inject({
      method: 'GET',
      url: '/api/audit-events?sort=id;drop table users',
      headers: { authorization: `Bearer ${t.tokens.auditor}` },
    });
    assert.equal(badSort.statusCode, 400);
  });

  it('exports the filtered trail as CSV in words, with a BOM for Excel, and records the export', async () => {
    const t = get();
    const res = await t.inject({
      method: 'GET',
      url: '/api/audit-events.csv?action=users.create&outcome=ok&lang=zh',
      headers: { authorization: `Bearer ${t.tokens.auditor}` },
    });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /text\/csv; charset=utf-8/);
    assert.match(
      String(res.headers['content-disposition']),
      /attachment; filename="wangan-audit-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const body = res.rawPayload;
    assert.deepEqual([...body.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
    const lines = body.toString('utf8').slice(1).trimEnd().split('\r\n');
    assert.equal(lines[0], '编号,时间（北京时间）,操作人,操作,结果,状态码,方式,路径,来源地址,次数,详情');
    assert.equal(lines.length, 1 + 5, 'the header and the five accounts created, nothing else');
    assert.ok(
      lines.slice(1).every((l) => l.includes(',admin（管理员）,创建用户,成功,201,POST,/api/users,')),
      lines[1],
    );
    const en = await t.inject({
      method: 'GET',
      url: '/api/audit-events.csv?kind=anonymous&lang=en',
      headers: { authorization: `Bearer ${t.tokens.admin}` },
    });
    assert.match(en.body, /signed-out visitor,Sign in,refused,401/);
    const logged = await t.inject({
      method: 'GET',
      url: '/api/audit-events?action=audit.export',
      headers: { authorization: `Bearer ${t.tokens.auditor}` },
    });
    assert.equal(logged.json().events.length, 2);
    const denied = await t.inject({
      method: 'GET',
      url: '/api/audit-events.csv',
      headers: { authorization: `Bearer ${t.tokens.compliance_officer}` },
    });
    assert.equal(denied.statusCode, 403);
  });
});
