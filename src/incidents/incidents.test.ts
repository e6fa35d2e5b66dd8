import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, it } from 'node:test';
import { buildApp, type WanganApp } from '../app.js';
import { verifyPack } from '../ledger/pack-io.js';
import type { Actor } from '../platform/auth/roles.js';
import { fixedClock } from '../platform/clock.js';
import { HOUR } from '../platform/time.js';
import { describeEachDatabase, fakePdf, testConfig, useTestApp, type TestApp } from '../../test/helpers.js';

/** 23:30 Beijing time on 1 March 2026. */
const found = '2026-03-01T23:30';
const foundAt = new Date('2026-03-01T15:30:00Z');
type Role =
  'admin' | 'security_officer' | 'auditor' | 'compliance_officer' | 'data_protection_officer' | 'moderator';

const significant = {
  title: 'ransomware on billing',
  category: 'malicious_program',
  discoveredAt: found,
  facts: { direct_loss_rmb: 6_000_000 },
};

function api(get: () => TestApp) {
  const as = (role: Role) => ({ authorization: `Bearer ${get().tokens[role]}` });
  return {
    as,
    open: (payload: Record<string, unknown>, role: Role = 'security_officer') =>
      get().inject({ method: 'POST', url: '/api/incidents', headers: as(role), payload }),
    read: async (id: string) => {
      const r = await get().inject({ method: 'GET', url: `/api/incidents/${id}`, headers: as('auditor') });
      assert.equal(r.statusCode, 200, r.body);
      return r.json();
    },
    call: (
      method: 'POST' | 'PATCH' | 'PUT',
      url: string,
      payload: unknown,
      role: Role = 'security_officer',
    ) => get().inject({ method, url, headers: as(role), payload: payload as Record<string, unknown> }),
  };
}

describeEachDatabase('incidents over the API', (ctx) => {
  const clock = fixedClock(new Date(foundAt.getTime() + 30 * 60_000));
  const get = useTestApp(ctx, { clock });
  const { as, open, read, call } = api(get);

  it('an incident that owes nothing drops out of the open items, and comes back when an edit makes it owe a report', async () => {
    const services = get().app.services;
    const minor = (await open({ ...significant, title: 'port scan', facts: {} })).json();
    assert.equal(minor.grading.grade, 'IV');
    const mine = async () => (await services.incidents.openItems()).filter((d) => d.entryId === minor.id);
    assert.deepEqual(await mine(), [], 'a grade IV incident owes no report');
    assert.deepEqual(await mine(), [], 'and is skipped the next time');
    const edited = await call('PATCH', `/api/incidents/${minor.id}`, {
      version: minor.version,
      facts: { pi_individuals: 2_000_000 },
    });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.deepEqual(
      (await mine()).map((d) => [d.obligations[0], d.dueAt, d.status]),
      [['csl.incident-report', '2026-03-01T19:30:00.000Z', 'on_track']],
      'now grade III: its 4-hour report is an open item again',
    );
  });

  it('opens a significant incident: INC ref, computed grade III, its 4-hour clock running, the plan in force, evidence of the response', async () => {
    const r = await open(significant);
    assert.equal(r.statusCode, 201, r.body);
    const v = r.json();
    assert.match(v.ref, /^INC-2026-\d{4}$/);
    assert.equal(v.grading.grade, 'III');
    assert.equal(v.mandatory, true);
    assert.deepEqual(
      v.clocks.map((c: { rule: string; dueAt: string | null; status: string }) => [
        c.rule,
        c.dueAt,
        c.status,
      ]),
      [
        ['other', '2026-03-01T19:30:00.000Z', 'running'],
        ['final', null, 'waiting'],
      ],
    );
    assert.equal(v.timeline[0].action, 'opened');
    const records = await get().app.services.ledger.records({});
    assert.ok(
      records.some(
        (x) =>
          x.kind === 'incident_opened' &&
          x.obligations.includes('csl.incident-response') &&
          x.summary.includes(v.ref),
      ),
    );
    const list = await get().inject({
      method: 'GET',
      url: '/api/incidents?grade=III',
      headers: as('auditor'),
    });
    assert.equal(list.statusCode, 200, list.body);
    assert.ok(
      list
        .json()
        .incidents.some(
          (i: { id: string; nextDue: string }) => i.id === v.id && i.nextDue === '2026-03-01T19:30:00.000Z',
        ),
    );
  });

  it('refuses bad input naming the field, in both languages', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...significant, facts: { direct_loss_rmb: -1 } }, 'facts.direct_loss_rmb'],
      [{ ...significant, facts: { rainfall_mm: 3 } }, 'facts.rainfall_mm'],
      [{ ...significant, category: 'alien_invasion' }, 'category'],
      [{ ...significant, discoveredAt: '2026-03-02T23:30' }, 'discoveredAt'],
      [{ ...significant, discoveredAt: 'yesterday' }, 'discoveredAt'],
      [{ ...significant, systemIds: ['no-such-system'] }, 'systemIds.0'],
    ];
    for (const [payload, field] of cases) {
      const r = await open(payload);
      assert.equal(r.statusCode, 400, `${field}: ${r.body}`);
      const e = r.json().error;
      assert.deepEqual([e.code, e.field], ['validation_failed', field], r.body);
      assert.match(e.messages.zh, /[\u4e00-\u9fff]/, 'a Chinese sentence');
      assert.doesNotMatch(e.messages.zh, /\b(the|is|not|must)\b/i, 'no English words in the Chinese');
      assert.ok(e.messages.en.length > 10);
    }
    const { id, version } = (await open(significant)).json();
    const final = await call('POST', `/api/incidents/${id}/reports`, {
      version,
      kind: 'final',
      recipient: 'CAC',
      channel: 'portal',
      sentAt: '2026-03-01T23:50',
    });
    assert.equal(final.statusCode, 400, final.body);
    assert.equal(final.json().error.field, 'kind');
    assert.match(final.json().error.messages.zh, /处置尚未结束/);
    const manual = await call('POST', `/api/incidents/${id}/grade`, { version, grade: 'II', reason: ' ' });
    assert.deepEqual([manual.statusCode, manual.json().error.field], [400, 'reason']);
  });

  it('two edits read at the same version: the second gets 409 with the current version, the first one stays', async () => {
    const { id, version } = (await open(significant)).json();
    const [a, b] = await Promise.all([
      call('PATCH', `/api/incidents/${id}`, { version, title: 'first editor' }),
      call('PATCH', `/api/incidents/${id}`, {
        version,
        title: 'second editor',
        facts: { pi_individuals: 5 },
      }),
    ]);
    const statuses = [a.statusCode, b.statusCode].sort();
    assert.deepEqual(statuses, [200, 409], `${a.body} ${b.body}`);
    const [won, lost] = a.statusCode === 200 ? [a, b] : [b, a];
    assert.equal(lost.json().error.code, 'conflict');
    assert.deepEqual(lost.json().error.details, { version: version + 1 });
    assert.match(lost.json().error.messages.zh, /已被他人修改/);
    const now = await read(id);
    assert.equal(now.title, won.json().title);
    assert.equal(now.version, version + 1);
    assert.deepEqual(now.facts, won.json().facts, 'nothing of the refused edit is stored');
    assert.equal(now.timeline.filter((e: { action: string }) => e.action === 'edited').length, 1);
  });

  it('a report sent stops its clock, keeps its document and is ledger evidence; a late one says so', async () => {
    const { id, version } = (await open(significant)).json();
    const draft = await get().inject({
      method: 'GET',
      url: `/api/incidents/${id}/reports/draft?kind=initial`,
      headers: as('auditor'),
    });
    assert.equal(draft.statusCode, 200);
    assert.match(String(draft.headers['content-type']), /text\/html; charset=utf-8/);
    assert.match(String(draft.headers['content-disposition']), /^attachment/);
    assert.match(draft.body, /网络安全事件初始报告/);
    const pdf = await get().inject({
      method: 'GET',
      url: `/api/incidents/${id}/reports/draft?kind=initial&format=pdf`,
      headers: as('auditor'),
    });
    assert.deepEqual([pdf.statusCode, pdf.headers['content-type']], [200, 'application/pdf']);

    const wrong = await call('POST', `/api/incidents/${id}/reports`, {
      version,
      kind: 'initial',
      rule: 'cii',
      recipient: 'x',
      channel: 'y',
      sentAt: '2026-03-01T23:55',
    });
    assert.deepEqual([wrong.statusCode, wrong.json().error.field], [400, 'rule']);
    const sent = await call('POST', `/api/incidents/${id}/reports`, {
      version,
      kind: 'initial',
      rule: 'other',
      recipient: '上海市互联网信息办公室',
      channel: '事件报告平台',
      sentAt: '2026-03-01T23:55',
    });
    assert.equal(sent.statusCode, 201, sent.body);
    const v = sent.json();
    const clock0 = v.clocks[0];
    assert.deepEqual(
      [clock0.status, clock0.sentAt, clock0.reportId],
      ['sent', '2026-03-01T15:55:00.000Z', v.reports[0].id],
    );
    assert.equal(v.reports[0].late, false);
    const doc = await get().inject({
      method: 'GET',
      url: `/api/incidents/${id}/reports/${v.reports[0].id}/document`,
      headers: as('auditor'),
    });
    assert.equal(doc.statusCode, 200);
    // The copy kept reads the time it was sent, not the time it was recorded (00:00).
    assert.match(doc.body, /报告时间[\s\S]{0,300}2026年3月1日 23时55分（北京时间）/);
    assert.equal(
      crypto.createHash('sha256').update(doc.rawPayload).digest('hex'),
      v.reports[0].sha256,
      'the document as recorded',
    );
    const records = await get().app.services.ledger.records({});
    const evidence = records.find(
      (r) => r.kind === 'incident_report' && r.fileSha256 === v.reports[0].sha256,
    );
    assert.ok(evidence, 'the report is evidence, with its document');
    assert.deepEqual(evidence.obligations, ['csl.incident-report']);

    // Changing the facts after the report: a supplementary report is owed.
    clock.set(new Date(foundAt.getTime() + 31 * 60_000));
    const edited = await call('PATCH', `/api/incidents/${id}`, {
      version: v.version,
      details: { cause: 'phishing' },
    });
    assert.equal(edited.json().supplementaryDue, true);
    const supp = await call('POST', `/api/incidents/${id}/reports`, {
      version: edited.json().version,
      kind: 'supplementary',
      recipient: 'CAC',
      channel: 'portal',
      sentAt: '2026-03-01T23:58',
    });
    assert.equal(supp.statusCode, 201, supp.body);
    assert.equal(supp.json().supplementaryDue, false);

    // Handling ends; the final report's 30-day clock runs, and a final report stops it.
    const closed = await call('POST', `/api/incidents/${id}/close`, {
      version: supp.json().version,
      handlingEndedAt: '2026-03-01T23:59',
    });
    assert.equal(closed.statusCode, 200, closed.body);
    const fin = closed.json().clocks.find((c: { kind: string }) => c.kind === 'final');
    assert.deepEqual(
      [fin.status, fin.dueAt],
      ['running', new Date(Date.parse('2026-03-01T15:59:00Z') + 30 * 24 * HOUR).toISOString()],
    );
    const before = await call('POST', `/api/incidents/${id}/reports`, {
      version: closed.json().version,
      kind: 'final',
      recipient: 'CAC',
      channel: 'portal',
      sentAt: '2026-03-01T23:58',
    });
    assert.deepEqual([before.statusCode, before.json().error.field], [400, 'sentAt']);
    const final = await call('POST', `/api/incidents/${id}/reports`, {
      version: closed.json().version,
      kind: 'final',
      recipient: 'CAC',
      channel: 'portal',
      sentAt: '2026-03-02T00:00',
    });
    assert.equal(final.statusCode, 201, final.body);
    assert.equal(final.json().clocks.find((c: { kind: string }) => c.kind === 'final').status, 'sent');
    const kinds = (await get().app.services.ledger.records({}))
      .filter((r) => r.summary.includes(v.ref))
      .map((r) => r.kind);
    assert.deepEqual(kinds.sort(), [
      'incident_handled',
      'incident_opened',
      'incident_report',
      'incident_report',
      'incident_report',
    ]);

    // A second incident reported after its 4 hours: sent late.
    const late = (await open(significant)).json();
    clock.set(new Date(foundAt.getTime() + 5 * HOUR));
    const lateSent = await call('POST', `/api/incidents/${late.id}/reports`, {
      version: late.version,
      kind: 'initial',
      rule: 'other',
      recipient: 'CAC',
      channel: 'portal',
      sentAt: '2026-03-02T04:00',
    });
    assert.equal(lateSent.statusCode, 201, lateSent.body);
    assert.equal(lateSent.json().clocks[0].status, 'sent_late');
    assert.equal(lateSent.json().reports[0].late, true);
    clock.set(new Date(foundAt.getTime() + 30 * 60_000));
  });

  it('the breach notice: only for personal information, delivered only once every Art 57 item is written; the DPO may write it', async () => {
    const plain = (await open(significant)).json();
    const refused = await call(
      'PUT',
      `/api/incidents/${plain.id}/breach`,
      { version: plain.version, contents: { cause: 'x' } },
      'data_protection_officer',
    );
    assert.deepEqual([refused.statusCode, refused.json().error.field], [400, 'personalInformation']);
    const pi = (
      await open({ ...significant, personalInformation: true, facts: { pi_individuals: 1_200_000 } })
    ).json();
    assert.equal(pi.breach.missing.length, 6);
    const partial = await call(
      'PUT',
      `/api/incidents/${pi.id}/breach`,
      { version: pi.version, contents: { categories: '手机号', cause: '接口越权' } },
      'data_protection_officer',
    );
    assert.equal(partial.statusCode, 200, partial.body);
    const delivery = {
      audience: 'individuals',
      channel: '短信',
      recipient: '受影响用户',
      count: 1200000,
      deliveredAt: '2026-03-01T23:50',
    };
    const early = await call(
      'POST',
      `/api/incidents/${pi.id}/breach/deliveries`,
      delivery,
      'data_protection_officer',
    );
    assert.deepEqual([early.statusCode, early.json().error.field], [400, 'contents.harm']);
    const full = await call(
      'PUT',
      `/api/incidents/${pi.id}/breach`,
      {
        version: partial.json().version,
        contents: { harm: '诈骗', remedies: '已修复', selfHelp: '警惕来电', contact: '400-000-0000' },
      },
      'data_protection_officer',
    );
    assert.deepEqual(full.json().breach.missing, []);
    const ok = await call(
      'POST',
      `/api/incidents/${pi.id}/breach/deliveries`,
      delivery,
      'data_protection_officer',
    );
    assert.equal(ok.statusCode, 201, ok.body);
    const d = ok.json().breach.deliveries[0];
    const records = await get().app.services.ledger.records({});
    assert.ok(
      records.some(
        (r) =>
          r.kind === 'breach_notice' &&
          r.fileSha256 === d.sha256 &&
          r.obligations.includes('csl.pi-breach-response'),
      ),
    );
    const notice = await get().inject({
      method: 'GET',
      url: `/api/incidents/${pi.id}/breach/notice?audience=regulator`,
      headers: as('auditor'),
    });
    assert.equal(notice.statusCode, 200);
  });

  it('what a report fixes: a grade revised below III keeps the clocks, the discovery time stands, a manual grade only raises', async () => {
    const v0 = (await open({ ...significant, title: 'leak revised' })).json();
    const sent = await call('POST', `/api/incidents/${v0.id}/reports`, {
      version: v0.version,
      kind: 'initial',
      rule: 'other',
      recipient: '上海市互联网信息办公室',
      channel: '事件报告平台',
      sentAt: '2026-03-01T23:50',
    });
    assert.equal(sent.statusCode, 201, sent.body);
    // The loss turns out smaller: grade IV by the facts, but reporting has begun.
    const revised = await call('PATCH', `/api/incidents/${v0.id}`, {
      version: sent.json().version,
      facts: { direct_loss_rmb: 10_000 },
    });
    assert.equal(revised.statusCode, 200, revised.body);
    const r = revised.json();
    assert.equal(r.grading.grade, 'IV');
    assert.deepEqual(
      r.clocks.map((c: { rule: string; status: string }) => [c.rule, c.status]),
      [
        ['other', 'sent'],
        ['final', 'waiting'],
      ],
      'the sent report keeps its clock and the final report stays owed',
    );
    const records = await get().app.services.ledger.records({});
    assert.ok(
      records.some((x) => x.kind === 'incident_regraded' && x.summary.includes(`${r.ref} regraded`)),
      'a grade changed by the facts is evidence',
    );
    const moved = await call('PATCH', `/api/incidents/${v0.id}`, {
      version: r.version,
      discoveredAt: '2026-03-01T23:40',
    });
    assert.equal(moved.statusCode, 400, moved.body);
    assert.equal(moved.json().error.field, 'discoveredAt');
    assert.match(moved.json().error.messages.zh, /发现时间不能再修改/);
    const same = await call('PATCH', `/api/incidents/${v0.id}`, {
      version: r.version,
      title: 'leak revised',
    });
    assert.equal(same.json().version, r.version, 'an edit that changes nothing keeps the version');

    const lower = await open({ ...significant, title: 'ransomware again' });
    const low = await call('POST', `/api/incidents/${lower.json().id}/grade`, {
      version: lower.json().version,
      grade: 'IV',
      reason: 'looks small',
    });
    assert.equal(low.statusCode, 400, low.body);
    assert.equal(low.json().error.field, 'grade');
    assert.match(low.json().error.messages.en, /cannot be below the grade the facts give \(III\)/);
    const higher = await call('POST', `/api/incidents/${lower.json().id}/grade`, {
      version: lower.json().version,
      grade: 'II',
      reason: 'core data stolen',
    });
    assert.equal(higher.statusCode, 200, higher.body);
    assert.equal(higher.json().grading.grade, 'II');
    assert.ok(
      (await get().app.services.ledger.records({})).some(
        (x) => x.kind === 'incident_graded' && x.summary.includes('core data stolen'),
      ),
    );
    const draft = await get().inject({
      method: 'GET',
      url: `/api/incidents/${lower.json().id}/reports/draft?kind=initial&format=html&rule=cii`,
      headers: as('auditor'),
    });
    assert.equal(draft.statusCode, 400, draft.body);
    assert.equal(draft.json().error.field, 'rule');
  });

  it('a handling end time is corrected only with a reason, never past the final report, and the correction is evidence', async () => {
    const v = (await open({ ...significant, title: 'end corrected' })).json();
    const closed = await call('POST', `/api/incidents/${v.id}/close`, {
      version: v.version,
      handlingEndedAt: '2026-03-01T23:55',
    });
    assert.equal(closed.statusCode, 200, closed.body);
    const again = await call('POST', `/api/incidents/${v.id}/close`, {
      version: closed.json().version,
      handlingEndedAt: '2026-03-01T23:50',
    });
    assert.deepEqual([again.statusCode, again.json().error.field], [400, 'handlingEndedAt']);
    assert.match(again.json().error.messages.zh, /请写明理由/);
    const fixed = await call('POST', `/api/incidents/${v.id}/close`, {
      version: closed.json().version,
      handlingEndedAt: '2026-03-01T23:50',
      reason: '以系统恢复时间为准',
    });
    assert.equal(fixed.statusCode, 200, fixed.body);
    const f = fixed.json();
    assert.equal(f.handlingEndedAt, '2026-03-01T15:50:00.000Z');
    assert.equal(
      f.clocks.find((c: { kind: string }) => c.kind === 'final').dueAt,
      '2026-03-31T15:50:00.000Z',
    );
    assert.match(
      f.timeline.at(-1).summary.zh,
      /由 2026-03-01 23:55 更正为 2026-03-01 23:50.*以系统恢复时间为准/,
    );
    assert.ok(
      (await get().app.services.ledger.records({})).some(
        (x) => x.kind === 'incident_handling_corrected' && x.summary.includes(f.ref),
      ),
    );
  });

  it('a breach owes its notices as open items until delivered; an auditor reads personal data masked', async () => {
    const v = (
      await open({
        ...significant,
        title: 'member data leak',
        personalInformation: true,
        observables: [{ type: 'email', value: 'attacker.contact@example.com' }],
      })
    ).json();
    const breachItems = async () =>
      (await get().app.services.incidents.openItems())
        .filter((d) => d.entryId === v.id && d.obligations.includes('csl.pi-breach-response'))
        .map((d) => d.rule.id)
        .sort();
    assert.deepEqual(await breachItems(), ['incidents.breach-individuals', 'incidents.breach-regulator']);
    const full = await get().inject({
      method: 'GET',
      url: `/api/incidents/${v.id}`,
      headers: as('security_officer'),
    });
    assert.equal(full.json().observables[0].value, 'attacker.contact@example.com');
    const masked = (await read(v.id)).observables[0].value as string;
    assert.notEqual(masked, 'attacker.contact@example.com');
    assert.match(masked, /^a\*+r\.c\*+t@e\*+e\.c\*m$/);
  });

  it('tasks and attachments', async () => {
    const v = (await open(significant)).json();
    const t = await call('POST', `/api/incidents/${v.id}/tasks`, {
      title: 'isolate host',
      assignee: 'security_officer',
    });
    assert.equal(t.statusCode, 201, t.body);
    const done = await call('PATCH', `/api/incidents/${v.id}/tasks/${t.json().tasks[0].id}`, { done: true });
    assert.equal(done.json().tasks[0].doneBy, 'security_officer');
    const bytes = Buffer.from('pcap bytes');
    const a = await call('POST', `/api/incidents/${v.id}/attachments`, {
      name: 'capture.pcap',
      contentBase64: bytes.toString('base64'),
    });
    assert.equal(a.statusCode, 201, a.body);
    const att = a.json().attachments[0];
    assert.equal(att.sha256, crypto.createHash('sha256').update(bytes).digest('hex'));
    const file = await get().inject({
      method: 'GET',
      url: `/api/incidents/${v.id}/attachments/${att.id}`,
      headers: as('auditor'),
    });
    assert.deepEqual(file.rawPayload, bytes);
    const actions = (await read(v.id)).timeline.map((e: { action: string }) => e.action);
    assert.deepEqual(actions, ['opened', 'task_added', 'task_done', 'attachment_added']);
  });

  it('a SIEM with a narrow token opens an incident once per externalRef, and that token is refused elsewhere', async () => {
    const t = get();
    const admin: Actor = await t.app.services.auth.findActor('admin');
    const siem = await t.app.services.auth.createUser(admin, {
      username: 'siem-bot',
      role: 'security_officer',
      kind: 'service',
    });
    const token = (
      await t.app.services.auth.createServiceToken(admin, siem.id, {
        name: 'siem',
        scopes: ['incidents.ingest'],
      })
    ).token;
    const headers = { authorization: `Bearer ${token}` };
    const alert = {
      externalRef: 'SOC-4711',
      title: 'C2 beacon',
      discoveredAt: '2026-03-01T23:40:00+08:00',
      observables: [{ type: 'ip', value: '203.0.113.9' }],
    };
    const first = await t.inject({ method: 'POST', url: '/api/incidents/ingest', headers, payload: alert });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.json().created, true);
    const again = await t.inject({
      method: 'POST',
      url: '/api/incidents/ingest',
      headers,
      payload: { ...alert, title: 'retry' },
    });
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual(again.json(), { ...first.json(), created: false });
    const v = await read(first.json().id);
    assert.deepEqual(
      [v.source, v.externalRef, v.category, v.timeline[0].action],
      ['siem', 'SOC-4711', 'other', 'ingested'],
    );
    for (const [method, url] of [
      ['GET', '/api/incidents'],
      ['POST', '/api/incidents'],
      ['GET', `/api/incidents/${v.id}`],
    ] as const) {
      const r = await t.inject({
        method,
        url,
        headers,
        ...(method === 'POST' ? { payload: significant } : {}),
      });
      assert.equal(r.statusCode, 403, `${method} ${url}: ${r.body}`);
    }
    // A person's write token does not ingest through it on the SIEM's behalf... but may, as a writer.
    const person = await t.inject({
      method: 'POST',
      url: '/api/incidents/ingest',
      headers: as('auditor'),
      payload: alert,
    });
    assert.equal(person.statusCode, 403);
  });

  it('the audit pack has incidents.json with the reports and the timeline, and the report a section', async () => {
    const t = get();
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-incidents-')), 'pack');
    await t.app.services.ledger.sequence();
    await t.app.services.pack.export(out, {});
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    assert.ok(manifest.files['incidents.json'], 'covered by the manifest');
    const file = JSON.parse(fs.readFileSync(path.join(out, 'incidents.json'), 'utf8'));
    const reported = file.incidents.find((i: { reports: unknown[] }) => i.reports.length > 0);
    assert.ok(reported, 'an incident with its reports');
    assert.ok(reported.timeline.length > 1);
    const report = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    assert.match(report, /网络安全事件 Cybersecurity incidents/);
    assert.match(report, /INC-2026-/);
    const verified = verifyPack(out);
    assert.equal(verified.ok, true, JSON.stringify(verified));
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  });
});

describeEachDatabase('incidents after a restart', (ctx) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-incidents-restart-'));
  const clock = fixedClock(new Date(foundAt.getTime() + 30 * 60_000));
  let url: string | undefined;
  after(async () => {
    await ctx().dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const start = async (): Promise<WanganApp> => {
    if (ctx().kind === 'postgres' && !url) {
      const db = await ctx().open();
      await db.close();
      url = ctx().url;
    }
    return buildApp({
      config: testConfig({ dataDir: dir, ...(url ? { databaseUrl: url } : {}) }),
      jobs: false,
      clock,
      printPdf: fakePdf,
    });
  };

  it('keeps the incident, its report and document, its timeline and its version', async () => {
    let app = await start();
    const admin: Actor = { userId: 'test', username: 'test', role: 'admin', via: 'cli' };
    await app.services.organisation.create({ name: 'Test Co.' }, false);
    await app.services.auth.createUser(admin, {
      username: 'so',
      role: 'security_officer',
      password: 'correct horse battery',
    });
    const so = await app.services.auth.findActor('so');
    const opened = await app.services.incidents.open(so, {
      ...significant,
      description: '',
      occurredAt: null,
      location: '',
      involvesCii: false,
      personalInformation: false,
      systemIds: [],
      observables: [],
    });
    const sent = await app.services.incidents.recordReport(so, opened.id, {
      version: opened.version,
      kind: 'initial',
      rule: 'other',
      recipient: 'CAC',
      channel: 'portal',
      sentAt: '2026-03-01T23:50',
    });
    await app.close();

    app = await start();
    try {
      const again = await app.services.incidents.get(opened.id);
      assert.deepEqual({ ...again, now: '' }, { ...sent, now: '' }, 'the same incident after the restart');
      const doc = await app.services.incidents.reportDocument(opened.id, sent.reports[0]!.id, 'html');
      assert.equal(crypto.createHash('sha256').update(doc.body).digest('hex'), sent.reports[0]!.sha256);
      const next = await app.services.incidents.open(so, {
        ...significant,
        description: '',
        occurredAt: null,
        location: '',
        involvesCii: false,
        personalInformation: false,
        systemIds: [],
        observables: [],
      });
      assert.notEqual(next.ref, opened.ref, 'numbering goes on');
    } finally {
      await app.close();
    }
  });
});
