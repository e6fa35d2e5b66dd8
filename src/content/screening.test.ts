import assert from 'node:assert/strict';
import { it } from 'node:test';
import { SCREEN_BATCH_MAX, SCREEN_TEXT_MAX } from '../../contract/content.js';
import type { Actor } from '../platform/auth/roles.js';
import { fixedClock } from '../platform/clock.js';
import { HOUR } from '../platform/time.js';
import { describeEachDatabase, useTestApp, type TestApp } from '../../test/helpers.js';
import { contentHash } from './disposal-rules.js';
import type { Kysely } from 'kysely';
import { ScreeningStore } from './screening-store.js';
import type { ScreeningTables } from './screening-tables.js';

const rules = [
  { pattern: '刷单返利', category: 'fraud' },
  { pattern: '诈骗', category: 'fraud' },
  { pattern: '代开发票', category: 'other' },
];
const allow = [{ pattern: '反诈骗' }];

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describeEachDatabase('content screening', (ctx) => {
  // 10:00 Beijing on 4 May 2026.
  const clock = fixedClock(new Date('2026-05-04T02:00:00Z'));
  const get = useTestApp(ctx, { clock });
  const as = (role: keyof TestApp['tokens']) => ({ authorization: `Bearer ${get().tokens[role]}` });
  const call = async (
    role: keyof TestApp['tokens'],
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
  ) => {
    const res = await get().inject({
      method,
      url,
      headers: as(role),
      ...(payload === undefined ? {} : { payload: payload as Json }),
    });
    return { status: res.statusCode, body: res.body, json: () => res.json() as Json, headers: res.headers };
  };
  const screening = () => get().app.services.content.screening;

  it('before any rule set, version 0 answers and allows everything; the status says so', async () => {
    const r = await call('moderator', 'POST', '/api/content/screen', { text: '刷单返利' });
    assert.equal(r.status, 200, r.body);
    assert.deepEqual(r.json(), {
      id: null,
      decision: 'allow',
      matches: [],
      matchesTotal: 0,
      version: 0,
      reviewId: null,
      disposalId: null,
    });
    const s = await call('auditor', 'GET', '/api/content/status');
    assert.equal(s.status, 200, s.body);
    assert.equal(s.json().screening.version, 0);
    assert.equal(s.json().deletionWebhook, false);
    const retention = s.json().defaults.find((d: Json) => d.key === 'disposal_retention_days');
    assert.deepEqual(retention, {
      key: 'disposal_retention_days',
      value: '185',
      uncertain: true,
      overridden: false,
      citations: ['csl2025:49', 'csl2016:47'],
    });
    assert.ok(
      s.json().defaults.some((d: Json) => d.key === 'complaint_handling_working_days' && d.value === '15'),
    );
  });

  it('publishes a version and screens with it at once: block, hold, allow-list', async () => {
    const pub = await call('compliance_officer', 'POST', '/api/content/rules/versions', {
      note: 'first',
      rules,
      allow,
    });
    assert.equal(pub.status, 201, pub.body);
    assert.deepEqual(
      [pub.json().version, pub.json().rules, pub.json().allow, pub.json().active, pub.json().categories],
      [1, 3, 1, true, { fraud: 2, other: 1 }],
    );
    const batch = await call('moderator', 'POST', '/api/content/screen', {
      items: [
        { id: 'p1', text: '加我微信，刷单返利日结', service: 'forum', publisher: 'u1', url: 'https://x/1' },
        { id: 'p2', text: '谁能代开发票？', service: 'forum', publisher: 'u2' },
        { id: 'p3', text: '参加反诈骗宣传活动' },
        { id: 'p4', text: '今天天气很好' },
      ],
    });
    assert.equal(batch.status, 200, batch.body);
    const results = batch.json().results as Json[];
    assert.deepEqual(
      results.map((r) => [r.id, r.decision, r.version]),
      [
        ['p1', 'block', 1],
        ['p2', 'review', 1],
        ['p3', 'allow', 1],
        ['p4', 'allow', 1],
      ],
    );
    assert.equal(results[0]!.matches[0].text, '刷单返利');
    assert.ok(results[0]!.disposalId && !results[0]!.reviewId);
    assert.ok(results[1]!.reviewId && !results[1]!.disposalId);

    // Written by the flush: the ids answered are the records' ids.
    await screening().flush();
    const d = await call('auditor', 'GET', `/api/content/disposals/${results[0]!.disposalId}`);
    assert.equal(d.status, 200, d.body);
    const disposal = d.json();
    assert.equal(disposal.origin, 'screening');
    assert.equal(disposal.contentHash, contentHash('加我微信，刷单返利日结'));
    assert.equal(disposal.excerpt, '加我微信，刷单返利日结');
    assert.deepEqual(disposal.decidedBy, { kind: 'rule', rules: ['刷单返利'], person: null });
    assert.equal(disposal.detectedAt, '2026-05-04T02:00:00.000Z');
    assert.equal(disposal.stoppedAt, disposal.detectedAt);
    assert.equal(disposal.deletion.dueAt, '2026-05-04T03:00:00.000Z');
    assert.equal(disposal.report.dueAt, '2026-05-05T02:00:00.000Z');
    assert.equal(disposal.keepUntil, '2026-11-05T02:00:00.000Z');
    assert.equal(disposal.deletion.state, 'not_requested');

    const ledger = await get().app.services.ledger.records({});
    const rec = ledger.find((r) => r.kind === 'content_disposal');
    assert.ok(rec, 'the disposal has its ledger record');
    assert.deepEqual(rec.obligations, ['csl.prohibited-content-disposal']);

    const q = await call('moderator', 'GET', '/api/content/reviews');
    assert.equal(q.status, 200, q.body);
    assert.deepEqual(
      q.json().reviews.map((r: Json) => [r.id, r.itemId, r.status, r.excerpt]),
      [[results[1]!.reviewId, 'p2', 'pending', '谁能代开发票？']],
    );
    const stats = (await call('auditor', 'GET', '/api/content/screen/stats')).json();
    assert.deepEqual(
      [stats.calls, stats.items, stats.allow, stats.review, stats.block, stats.version, stats.pendingWrites],
      [2, 5, 3, 1, 1, 1, 0],
    );
  });

  it('screens without touching the database or the audit trail', async () => {
    const proto = ScreeningStore.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
    const names = Object.getOwnPropertyNames(proto).filter((n) => n !== 'constructor' && n !== 'in');
    let calls = 0;
    const saved = new Map(names.map((n) => [n, proto[n]!]));
    for (const n of names)
      proto[n] = function (this: unknown, ...a: unknown[]) {
        calls += 1;
        return saved.get(n)!.apply(this, a);
      };
    const auditRows = async () =>
      ((await call('admin', 'GET', '/api/audit-events?limit=500')).json().events as Json[]).filter((e) =>
        String(e.action).startsWith('content.'),
      ).length;
    const auditBefore = await auditRows();
    try {
      for (let i = 0; i < 5; i++) {
        const r = await call('moderator', 'POST', '/api/content/screen', { text: `刷单返利 ${i}` });
        assert.equal(r.status, 200, r.body);
      }
      assert.equal(calls, 0, 'no store call on the screening path');
    } finally {
      for (const [n, f] of saved) proto[n] = f;
    }
    const auditAfter = await auditRows();
    assert.equal(auditAfter, auditBefore, 'no audit row per screening call');
    await screening().flush();
  });

  it('refuses malformed and oversized requests with a clear 400 or 413', async () => {
    const t = get();
    const notJson = await t.inject({
      method: 'POST',
      url: '/api/content/screen',
      headers: { ...as('moderator'), 'content-type': 'application/json' },
      payload: '{"text": ',
    });
    assert.equal(notJson.statusCode, 400, notJson.body);
    const wrong = await call('moderator', 'POST', '/api/content/screen', { txt: 'x' });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.json().error.code, 'validation_failed');
    const long = await call('moderator', 'POST', '/api/content/screen', {
      text: 'a'.repeat(SCREEN_TEXT_MAX + 1),
    });
    assert.equal(long.status, 400, long.body);
    const many = await call('moderator', 'POST', '/api/content/screen', {
      items: Array.from({ length: SCREEN_BATCH_MAX + 1 }, () => ({ text: 'x' })),
    });
    assert.equal(many.status, 400, many.body);
    const huge = await call('moderator', 'POST', '/api/content/screen', {
      items: Array.from({ length: 300 }, () => ({ text: '字'.repeat(SCREEN_TEXT_MAX) })),
    });
    assert.equal(huge.status, 413, huge.body);
    assert.equal(huge.json().error.code, 'payload_too_large');
    // A full batch of plain texts fits.
    const full = await call('moderator', 'POST', '/api/content/screen', {
      items: Array.from({ length: SCREEN_BATCH_MAX }, (_, i) => ({ text: `正常内容 ${i}` })),
    });
    assert.equal(full.status, 200);
    assert.equal(full.json().results.length, SCREEN_BATCH_MAX);
  });

  it('a rule file with a bad line is refused naming the line, and nothing is stored', async () => {
    const bad = await call('moderator', 'POST', '/api/content/rules/versions', {
      mode: 'append',
      file: { format: 'txt', text: `赌场\n${'长'.repeat(201)}\n`, category: 'gambling' },
    });
    assert.equal(bad.status, 400, bad.body);
    assert.equal(bad.json().error.field, 'file.text');
    assert.match(bad.json().error.messages.zh, /第2行/);
    assert.match(bad.json().error.messages.en, /line 2/i);
    const allNoise = await call('moderator', 'POST', '/api/content/rules/versions', {
      rules: [{ pattern: '！！', category: 'fraud' }],
    });
    assert.equal(allNoise.status, 400, allNoise.body);
    const list = (await call('auditor', 'GET', '/api/content/rules/versions')).json();
    assert.deepEqual(
      list.versions.map((v: Json) => v.version),
      [1],
    );
    assert.equal(screening().version, 1);
  });

  it('appends a word list, and an admin puts the older version back in force', async () => {
    const app = await call('moderator', 'POST', '/api/content/rules/versions', {
      mode: 'append',
      note: 'gambling words',
      file: { format: 'txt', text: '# 赌博词库\n网络赌场\n\n百家乐\n', category: 'gambling' },
    });
    assert.equal(app.status, 201, app.body);
    assert.deepEqual([app.json().version, app.json().rules, app.json().allow], [2, 5, 1]);
    const held = await call('moderator', 'POST', '/api/content/screen', { text: '网络赌场注册送彩金' });
    // A word list holds for review whatever its category (catalog word_list_action).
    assert.deepEqual([held.json().decision, held.json().version], ['review', 2]);
    const content = (await call('auditor', 'GET', '/api/content/rules/versions/2')).json();
    assert.ok(content.rules.some((r: Json) => r.pattern === '百家乐' && r.category === 'gambling'));
    assert.equal((await call('auditor', 'GET', '/api/content/rules/versions/9')).status, 404);

    assert.equal((await call('moderator', 'POST', '/api/content/rules/versions/1/activate')).status, 403);
    const back = await call('admin', 'POST', '/api/content/rules/versions/1/activate');
    assert.equal(back.status, 200, back.body);
    assert.equal(back.json().active, true);
    const now = await call('moderator', 'POST', '/api/content/screen', { text: '网络赌场注册送彩金' });
    assert.deepEqual([now.json().decision, now.json().version], ['allow', 1]);
    const page = (await call('auditor', 'GET', '/api/content/rules/versions?limit=1')).json();
    assert.deepEqual(
      page.versions.map((v: Json) => [v.version, v.active]),
      [[2, false]],
    );
    const rest = (
      await call('auditor', 'GET', `/api/content/rules/versions?limit=1&cursor=${page.next}`)
    ).json();
    assert.deepEqual(
      rest.versions.map((v: Json) => [v.version, v.active]),
      [[1, true]],
    );
    assert.equal(rest.next, null);
    await call('admin', 'POST', '/api/content/rules/versions/2/activate');
    await screening().flush();
  });

  it('swaps the screener while calls are in flight: every batch is screened by one version', async () => {
    const before = screening().version;
    const batches = Array.from({ length: 20 }, (_, i) =>
      call('moderator', 'POST', '/api/content/screen', {
        items: Array.from({ length: 50 }, (_, k) => ({ text: `第${i}-${k}条：百家乐` })),
      }),
    );
    const publishing = call('compliance_officer', 'POST', '/api/content/rules/versions', {
      mode: 'append',
      rules: [{ pattern: '百家乐', category: 'gambling', action: 'block' }],
    });
    const done = await Promise.all([...batches, publishing]);
    const pub = done.pop()!;
    assert.equal(pub.status, 201, pub.body);
    const after = pub.json().version as number;
    for (const r of done) {
      assert.equal(r.status, 200, r.body);
      const results = r.json().results as Json[];
      const versions = new Set(results.map((x) => x.version));
      assert.equal(versions.size, 1, 'one version per batch');
      const [v] = versions;
      assert.ok(v === before || v === after);
      for (const x of results) assert.equal(x.decision, v === after ? 'block' : 'review');
    }
    const next = await call('moderator', 'POST', '/api/content/screen', { text: '百家乐' });
    assert.deepEqual([next.json().version, next.json().decision], [after, 'block']);
    await screening().flush();
  });

  it('takes up a version another process put in force', async () => {
    const t = get();
    const current = screening().version;
    // Another process (the CLI, a second server) moves the pointer in the database.
    const other = new ScreeningStore(t.app.database.db as unknown as Kysely<ScreeningTables>);
    await other.setActive(1, clock.now(), 'cli');
    assert.equal(screening().version, current, 'until it looks');
    assert.equal(await screening().refreshRules(), true);
    assert.equal(screening().version, 1);
    assert.equal(await screening().refreshRules(), false);
    await other.setActive(current, clock.now(), 'cli');
    await screening().refreshRules();
    assert.equal(screening().version, current);
  });

  it('a moderator decides a held item once: removal makes a disposal decided by the person', async () => {
    const held = await call('moderator', 'POST', '/api/content/screen', {
      id: 'p9',
      text: '长期代开发票，联系我',
      service: 'chat',
    });
    const reviewId = held.json().reviewId as string;
    // Decided at once, before the flush: the decision waits for the write.
    const dec = await call('moderator', 'POST', `/api/content/reviews/${reviewId}/decision`, {
      decision: 'remove',
      note: '确认违法',
    });
    assert.equal(dec.status, 200, dec.body);
    assert.equal(dec.json().status, 'removed');
    assert.equal(dec.json().decidedBy, 'moderator');
    const again = await call('moderator', 'POST', `/api/content/reviews/${reviewId}/decision`, {
      decision: 'allow',
    });
    assert.equal(again.status, 409, again.body);
    const d = (await call('auditor', 'GET', `/api/content/disposals/${dec.json().disposalId}`)).json();
    assert.deepEqual(
      [d.origin, d.category, d.decidedBy.kind, d.decidedBy.person, d.itemId],
      ['review', 'other', 'person', 'moderator', 'p9'],
    );
    assert.equal(
      (await call('auditor', 'POST', `/api/content/reviews/${reviewId}/decision`, { decision: 'allow' }))
        .status,
      403,
    );
    const removed = (await call('auditor', 'GET', '/api/content/reviews?status=removed')).json();
    assert.ok(removed.reviews.some((r: Json) => r.id === reviewId));
  });

  it('records a removal by hand, reports disposals once, and drafts the report', async () => {
    clock.advance(HOUR);
    const manual = await call('moderator', 'POST', '/api/content/disposals', {
      text: `${'前文'.repeat(200)}刷单返利${'后文'.repeat(200)}`,
      category: 'fraud',
      itemId: 'm1',
      service: 'forum',
      requestDeletion: false,
    });
    assert.equal(manual.status, 201, manual.body);
    const m = manual.json();
    assert.equal(m.origin, 'manual');
    assert.ok(m.excerpt.length <= 200 && m.excerpt.includes('刷单返利'), m.excerpt);
    assert.ok(m.excerpt.startsWith('…') && m.excerpt.endsWith('…'));
    const badCat = await call('moderator', 'POST', '/api/content/disposals', {
      text: 'x',
      category: 'nosuch',
    });
    assert.equal(badCat.status, 400);
    assert.equal(badCat.json().error.field, 'category');

    const byItem = (await call('auditor', 'GET', '/api/content/disposals?q=m1')).json();
    assert.deepEqual(
      byItem.disposals.map((x: Json) => x.id),
      [m.id],
    );
    const byHash = (
      await call('auditor', 'GET', `/api/content/disposals?q=${m.contentHash.toUpperCase()}`)
    ).json();
    assert.deepEqual(
      byHash.disposals.map((x: Json) => x.id),
      [m.id],
    );
    const other = (await call('auditor', 'GET', '/api/content/disposals?category=other')).json();
    assert.ok(other.disposals.length >= 1 && other.disposals.every((x: Json) => x.category === 'other'));
    const since = encodeURIComponent('2026-05-04T10:30:00+08:00');
    const recent = (await call('auditor', 'GET', `/api/content/disposals?from=${since}`)).json();
    assert.deepEqual(
      recent.disposals.map((x: Json) => x.id),
      [m.id],
      'only the one detected after 10:30 Beijing',
    );
    const first = (await call('auditor', 'GET', '/api/content/disposals?limit=1')).json();
    assert.equal(first.disposals[0].id, m.id, 'newest first');
    const second = (
      await call('auditor', 'GET', `/api/content/disposals?limit=1&cursor=${first.next}`)
    ).json();
    assert.notEqual(second.disposals[0].id, m.id);
    const unreported = (
      await call('auditor', 'GET', '/api/content/disposals?state=unreported&limit=500')
    ).json();
    const ids = unreported.disposals.map((x: Json) => x.id) as string[];
    assert.ok(ids.includes(m.id));

    const draft = await call(
      'compliance_officer',
      'GET',
      '/api/content/disposals/report-draft?recipient=cac',
    );
    assert.equal(draft.status, 200);
    assert.match(
      String(draft.headers['content-disposition']),
      /^attachment; filename="content-report-draft-/,
    );
    assert.match(draft.body, /网信部门/);
    assert.match(draft.body, /Cyberspace administration/);
    assert.ok(draft.body.includes(m.contentHash));

    assert.equal(
      (
        await call('moderator', 'POST', '/api/content/disposals/report', {
          ids,
          recipient: 'cac',
          reportedAt: clock.now().toISOString(),
        })
      ).status,
      403,
      'reporting to the authority is for officers',
    );
    const unknownRecipient = await call('compliance_officer', 'POST', '/api/content/disposals/report', {
      ids,
      recipient: 'nobody',
      reportedAt: clock.now().toISOString(),
    });
    assert.equal(unknownRecipient.json().error.field, 'recipient');
    const missing = await call('compliance_officer', 'POST', '/api/content/disposals/report', {
      ids: [...ids, 'no-such'],
      recipient: 'cac',
      reportedAt: clock.now().toISOString(),
    });
    assert.equal(missing.status, 404);
    const rep = await call('compliance_officer', 'POST', '/api/content/disposals/report', {
      ids,
      recipient: 'cac',
      reportedAt: clock.now().toISOString(),
      reference: '网信〔2026〕1号',
    });
    assert.equal(rep.status, 200, rep.body);
    assert.deepEqual(rep.json(), { reported: ids.length });
    const twice = await call('compliance_officer', 'POST', '/api/content/disposals/report', {
      ids: [ids[0]],
      recipient: 'cac',
      reportedAt: clock.now().toISOString(),
    });
    assert.equal(twice.status, 409);
    const after = (await call('auditor', 'GET', `/api/content/disposals/${m.id}`)).json();
    assert.deepEqual([after.report.recipient, after.report.reference], ['cac', '网信〔2026〕1号']);
    const reports = (await get().app.services.ledger.records({})).filter((r) => r.kind === 'report');
    assert.equal(reports.length, 1);
    assert.ok(reports[0]!.obligations.includes('csl.prohibited-content-disposal'));
    const status = (await call('auditor', 'GET', '/api/content/status')).json();
    assert.equal(status.disposals.unreported, 0);
  });

  it('a service account with only content.screen screens and confirms deletions, nothing else', async () => {
    const t = get();
    const admin: Actor = await t.app.services.auth.findActor('admin');
    const bot = await t.app.services.auth.createUser(admin, {
      username: 'platform-bot',
      role: 'moderator',
      kind: 'service',
    });
    const token = (
      await t.app.services.auth.createServiceToken(admin, bot.id, {
        name: 'platform',
        scopes: ['content.screen'],
      })
    ).token;
    const headers = { authorization: `Bearer ${token}` };
    const s = await t.inject({
      method: 'POST',
      url: '/api/content/screen',
      headers,
      payload: { text: '刷单返利' },
    });
    assert.equal(s.statusCode, 200, s.body);
    const disposalId = s.json().disposalId as string;
    const confirm = await t.inject({
      method: 'POST',
      url: `/api/content/disposals/${disposalId}/deletion-confirmed`,
      headers,
      payload: {},
    });
    assert.equal(confirm.statusCode, 200, confirm.body);
    assert.equal(confirm.json().deletion.state, 'confirmed');
    const again = await t.inject({
      method: 'POST',
      url: `/api/content/disposals/${disposalId}/deletion-confirmed`,
      headers,
      payload: {},
    });
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().deletion.confirmedAt, confirm.json().deletion.confirmedAt);
    for (const [method, url] of [
      ['GET', '/api/content/disposals'],
      ['GET', '/api/content/reviews'],
      ['POST', '/api/content/screen/try'],
    ] as const) {
      const r = await t.inject({
        method,
        url,
        headers,
        ...(method === 'POST' ? { payload: { text: 'x' } } : {}),
      });
      assert.equal(r.statusCode, 403, `${method} ${url}`);
    }
    const confirmations = (await t.app.services.ledger.records({})).filter(
      (r) => r.kind === 'content_deletion_confirmed',
    );
    assert.equal(confirmations.length, 1, 'confirming twice records once');
  });

  it('reports at most 100 matches an item, those that decided first, and counts them all', async () => {
    // 3,000 held words and one blocked word at the end: the block is among the reported matches.
    const text = `${'代开发票'.repeat(3000)}诈骗`;
    const r = await call('moderator', 'POST', '/api/content/screen', { id: 'long', text });
    assert.equal(r.status, 200, r.body);
    const body = r.json();
    assert.equal(body.decision, 'block');
    assert.equal(body.matchesTotal, 3001);
    assert.equal(body.matches.length, 100);
    assert.ok(body.matches.some((m: Json) => m.rule === '诈骗' && m.start === 12_000));
    const starts = body.matches.map((m: Json) => m.start as number);
    assert.deepEqual(
      starts,
      [...starts].sort((a, b) => a - b),
      'in text order',
    );
    await screening().flush();
  });

  it('the auditor tries a text without anything queued or counted', async () => {
    const before = screening().stats();
    const r = await call('auditor', 'POST', '/api/content/screen/try', { text: '刷单返利' });
    assert.equal(r.status, 200, r.body);
    assert.deepEqual([r.json().decision, r.json().disposalId], ['block', null]);
    assert.deepEqual(screening().stats(), before);
    assert.equal((await call('auditor', 'POST', '/api/content/screen', { text: 'x' })).status, 403);
  });

  it('the audit pack holds the disposals of the period and the rule-set versions', async () => {
    const text = await screening().packContents({});
    const pack = JSON.parse(text) as Json;
    assert.ok(pack.disposals.length >= 3);
    assert.ok(
      pack.disposals.every((d: Json) => typeof d.evidenceId === 'string' && d.contentHash.length === 64),
    );
    assert.deepEqual(
      pack.ruleSets.map((v: Json) => v.version),
      [1, 2, 3],
    );
  });

  it('the retention job deletes disposals past keep-until that are no longer owed, and keeps their ledger records', async () => {
    const t = get();
    // One record done with: reported, and its deletion confirmed.
    const done = await call('moderator', 'POST', '/api/content/screen', { id: 'done', text: '刷单返利' });
    const doneId = done.json().disposalId as string;
    await screening().flush();
    assert.equal(
      (await call('moderator', 'POST', `/api/content/disposals/${doneId}/deletion-confirmed`, {})).status,
      200,
    );
    assert.equal(
      (
        await call('compliance_officer', 'POST', '/api/content/disposals/report', {
          ids: [doneId],
          recipient: 'cac',
          reportedAt: clock.now().toISOString(),
        })
      ).status,
      200,
    );
    const total = (await call('auditor', 'GET', '/api/content/status')).json().disposals.total as number;
    const ledgerBefore = (await t.app.services.ledger.records({})).length;
    assert.deepEqual(await screening().purgeExpired(), { disposals: 0, reviews: 0 });
    clock.advance(186 * 24 * HOUR);
    const purged = await screening().purgeExpired();
    assert.ok(purged.disposals >= 1);
    assert.ok(purged.reviews >= 1);
    assert.equal((await call('auditor', 'GET', `/api/content/disposals/${doneId}`)).status, 404);
    // What is still owed (not reported, or not deleted) stays, with its open item.
    const left = (await call('auditor', 'GET', '/api/content/disposals?limit=500')).json()
      .disposals as Json[];
    assert.equal(left.length, total - purged.disposals);
    assert.ok(left.length > 0);
    assert.ok(left.every((d) => d.report.reportedAt === null || d.deletion.state !== 'confirmed'));
    assert.ok((await screening().openItems()).some((i) => i.entryId === 'unreported'));
    assert.equal((await t.app.services.ledger.records({})).length, ledgerBefore);
  });
});

describeEachDatabase('content screening: open items', (ctx) => {
  // 10:00 Beijing on 4 May 2026.
  const clock = fixedClock(new Date('2026-05-04T02:00:00Z'));
  const get = useTestApp(ctx, { clock });
  const as = (role: keyof TestApp['tokens']) => ({ authorization: `Bearer ${get().tokens[role]}` });
  const call = async (
    role: keyof TestApp['tokens'],
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
  ) => {
    const res = await get().inject({
      method,
      url,
      headers: as(role),
      ...(payload === undefined ? {} : { payload: payload as Json }),
    });
    return { status: res.statusCode, body: res.body, json: () => res.json() as Json, headers: res.headers };
  };
  const screening = () => get().app.services.content.screening;

  it('open items: each unconfirmed deletion on its hour clock, and one for the unreported disposals', async () => {
    assert.equal(
      (await call('compliance_officer', 'POST', '/api/content/rules/versions', { rules, allow })).status,
      201,
    );
    await call('moderator', 'POST', '/api/content/screen', { id: 'first', text: '诈骗' });
    const screened = await call('moderator', 'POST', '/api/content/screen', {
      id: 'late',
      text: '刷单返利',
      service: 'forum',
    });
    await screening().flush();
    const items = await screening().openItems();
    const late = items.find((d) => d.subject.startsWith('late'));
    assert.ok(
      late,
      JSON.stringify({ screened: screened.json(), items: items.map((d) => [d.subject, d.dueAt]) }),
    );
    assert.deepEqual(
      [late.basis, late.status, late.obligations],
      ['hours', 'on_track', ['csl.prohibited-content-disposal']],
    );
    const unreported = items.filter((d) => d.entryId === 'unreported');
    assert.equal(unreported.length, 1);
    assert.match(unreported[0]!.label.en, /^2 disposal records to report/);
    clock.advance(2 * HOUR);
    const later = await screening().openItems();
    assert.equal(later.find((d) => d.subject.startsWith('late'))!.status, 'overdue');
  });

  it('past 100 deletions to confirm, one item stands for the rest', async () => {
    const r = await call('moderator', 'POST', '/api/content/screen', {
      items: Array.from({ length: 150 }, (_, i) => ({ id: `bulk-${i}`, text: '刷单返利' })),
    });
    assert.equal(r.status, 200, r.body);
    await screening().flush();
    const items = (await screening().openItems()).filter((d) => d.rule.id === 'content.deletion-due');
    const more = items.filter((d) => d.entryId === 'deletions-more');
    assert.equal(more.length, 1);
    // 2 from the test before and 150 here: 100 one by one, the other 52 in one item.
    assert.match(more[0]!.label.en, /^52 more deletions by the platform to be confirmed$/);
    assert.equal(items.length, 101);
  });
});
