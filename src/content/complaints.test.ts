import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEachDatabase, testConfig, useTestApp, type TestApp } from '../../test/helpers.js';
import { buildApp } from '../app.js';
import type { Role } from '../platform/auth/roles.js';
import { fixedClock } from '../platform/clock.js';
import { solvePow } from '../platform/public-intake/pow.js';
import type { CodeSender } from '../platform/public-intake/sender-io.js';
import { WorkCalendar } from '../obligations/calendar.js';
import { complaintSettings } from './complaints-part.js';
import { handlingDue, trackingHash, trackingMatches } from './complaints-rules.js';

// 2026-09-30 10:00 Beijing: the National Day holidays (1-7 October, 10 October worked) come next.
const t0 = new Date('2026-09-30T02:00:00Z');

describe('the handling clock (pure)', () => {
  const cal2026 = new WorkCalendar([
    {
      year: 2026,
      days_off: [
        ['2026-09-25', '2026-09-27'],
        ['2026-10-01', '2026-10-07'],
      ],
      working_weekends: ['2026-09-20', '2026-10-10'],
    },
  ]);
  it('counts 15 working days across the October holidays, at the hour received', () => {
    const due = handlingDue(t0, 15, cal2026);
    // 8, 9, 10 (a worked Saturday), 12-16, 19-23, 26, 27 October.
    assert.equal(due.dueAt.toISOString(), '2026-10-27T02:00:00.000Z');
    assert.equal(due.estimated, false);
  });
  it('is an estimate through a year with no notice yet', () => {
    const due = handlingDue(new Date('2026-12-21T02:00:00Z'), 15, cal2026);
    assert.equal(due.estimated, true);
    assert.match(due.estimate!.en, /2027/);
  });
  it('tracking codes compare without case or dashes', () => {
    const h = trackingHash('ABCD-EFGH-JKMN');
    assert.ok(trackingMatches('abcd efgh jkmn', h));
    assert.ok(!trackingMatches('ABCD-EFGH-JKMP', h));
  });
});

describe('complaint settings', () => {
  const config = testConfig();
  it('the catalogue default is uncertain; the setting overrides it', () => {
    const d = complaintSettings({ env: {}, config });
    assert.deepEqual([d.handlingDays, d.handlingUncertain, d.handlingOverridden], [15, true, false]);
    const o = complaintSettings({ env: { WANGAN_CONTENT_COMPLAINT_WORKING_DAYS: '10' }, config });
    assert.deepEqual([o.handlingDays, o.handlingUncertain, o.handlingOverridden], [10, false, true]);
    assert.equal(
      complaintSettings({ env: { WANGAN_CONTENT_COMPLAINT_VERIFY: 'required' }, config })
        .requireVerifiedContact,
      true,
    );
    assert.throws(
      () => complaintSettings({ env: { WANGAN_CONTENT_COMPLAINT_VERIFY: 'yes' }, config }),
      /WANGAN_CONTENT_COMPLAINT_VERIFY must be/,
    );
  });
});

function keepingSender(): CodeSender & { sent: { to: string; code: string }[] } {
  const sent: { to: string; code: string }[] = [];
  return { name: 'test', sent, send: async (to, code) => void sent.push({ to, code }) };
}

describeEachDatabase('the complaint and reporting channel', (ctx) => {
  const clock = fixedClock(t0);
  const get = useTestApp(ctx, {
    clock,
    config: { powDifficulty: 4, intakeRateLimit: 1000, anonymousRateLimit: 1000 },
  });
  const sender = keepingSender();
  const as = (t: TestApp, role: Role) => ({ authorization: `Bearer ${t.tokens[role]}` });
  const pow = async () => {
    const c = (await get().inject({ method: 'GET', url: '/api/public/challenge' })).json() as {
      challenge: string;
      difficulty: number;
    };
    return { challenge: c.challenge, nonce: solvePow(c.challenge, c.difficulty) };
  };
  const submit = async (extra: Record<string, unknown> = {}) =>
    get().inject({
      method: 'POST',
      url: '/api/public/content/complaints',
      payload: {
        kind: 'complaint',
        category: 'fraud',
        subject: '冒充客服',
        body: '有人冒充客服索要验证码。',
        target: 'https://forum.example.com/t/1',
        pow: await pow(),
        ...extra,
      },
    });
  const ledgerRecords = async () =>
    (await get().app.services.ledger.records({})).filter((r) =>
      r.obligations.includes('csl.complaints-channel'),
    );

  let tracked: { id: string; reference: string; trackingCode: string };

  it('publishes the channel (a ledger notice) and shows it to anyone', async () => {
    const t = get();
    const none = (await t.inject({ method: 'GET', url: '/api/public/content/channel' })).json();
    assert.equal(none.organisation, 'Test Co.');
    assert.equal(none.publishedAt, null);
    assert.equal(none.handlingWorkingDays, 15);
    assert.equal(none.handlingUncertain, true, 'the catalogue default: the law says "promptly"');
    const body = {
      phone: '400-000-0000',
      email: 'jubao@example.com',
      address: null,
      webForm: null,
      hours: null,
    };
    const moderator = await t.inject({
      method: 'PUT',
      url: '/api/content/channel',
      headers: as(t, 'moderator'),
      payload: body,
    });
    assert.equal(moderator.statusCode, 403, 'publishing the contacts is for admins and compliance officers');
    const res = await t.inject({
      method: 'PUT',
      url: '/api/content/channel',
      headers: as(t, 'compliance_officer'),
      payload: body,
    });
    assert.equal(res.statusCode, 200, res.body);
    const shown = (await t.inject({ method: 'GET', url: '/api/public/content/channel' })).json();
    assert.equal(shown.phone, '400-000-0000');
    assert.equal(shown.webForm, '/public/complaints');
    assert.ok(shown.publishedAt);
    const notices = (await ledgerRecords()).filter((r) => r.kind === 'notice');
    assert.equal(notices.length, 1);
    assert.match(notices[0]!.summary, /400-000-0000/);
  });

  it('takes a complaint with a verified contact: a wrong code is 400 naming code', async () => {
    const t = get();
    t.app.services.intake.useSender(sender);
    const otp = await t.inject({
      method: 'POST',
      url: '/api/public/otp',
      payload: { to: '13800138000', purpose: 'content.complaint', pow: await pow() },
    });
    assert.equal(otp.statusCode, 200, otp.body);
    const code = sender.sent.at(-1)!.code;
    const wrong = await submit({ contact: '13800138000', code: code === '000000' ? '111111' : '000000' });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().error.field, 'code');
    assert.equal(wrong.json().error.messages.zh, '验证码不正确。');
    const res = await submit({ contact: '13800138000', code });
    assert.equal(res.statusCode, 201, res.body);
    const receipt = res.json();
    assert.match(receipt.reference, /^TS-2026-\d{6}$/);
    assert.match(receipt.trackingCode, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    assert.equal(receipt.dueAt, '2026-10-27T02:00:00.000Z', '15 working days after the October holidays');
    const list = (
      await t.inject({ method: 'GET', url: '/api/content/complaints', headers: as(t, 'auditor') })
    ).json();
    const mine = list.complaints.find((c: { reference: string }) => c.reference === receipt.reference);
    assert.equal(mine.contact, '138****8000', 'masked in the list');
    assert.equal(mine.contactVerified, true);
    assert.equal(mine.dueEstimated, false);
    tracked = { id: mine.id, reference: receipt.reference, trackingCode: receipt.trackingCode };
  });

  it('takes an anonymous report, and refuses a reused or missing proof of work', async () => {
    const p = await pow();
    const first = await submit({ kind: 'report', pow: p, target: undefined });
    assert.equal(first.statusCode, 201, first.body);
    const again = await submit({ kind: 'report', pow: p });
    assert.equal(again.statusCode, 400);
    assert.equal(again.json().error.field, 'pow');
    const none = await submit({ pow: { challenge: 'v1.1.x.4.y', nonce: '0' } });
    assert.equal(none.json().error.field, 'pow');
    const cat = await submit({ category: 'no_such_category' });
    assert.equal(cat.json().error.field, 'category');
  });

  it('the tracking page shows the status and public replies only; a wrong code is a 404 like an unknown reference', async () => {
    const t = get();
    const track = (ref: string, code: string) =>
      t.inject({
        method: 'GET',
        url: `/api/public/content/complaints/${ref}?code=${encodeURIComponent(code)}`,
      });
    const ok = await track(tracked.reference, tracked.trackingCode.toLowerCase());
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(Object.keys(ok.json()).sort(), [
      'dueAt',
      'receivedAt',
      'reference',
      'replies',
      'status',
    ]);
    assert.equal(ok.json().status, 'received');
    const wrong = await track(tracked.reference, 'AAAA-BBBB-CCCC');
    const unknown = await track('TS-2026-999999', tracked.trackingCode);
    assert.equal(wrong.statusCode, 404);
    assert.equal(unknown.statusCode, 404);
    assert.deepEqual(
      wrong.json().error,
      unknown.json().error,
      'the same answer: a reference cannot be probed',
    );
  });

  it('triage: a stale version is 409, an assignee must be a person who handles complaints', async () => {
    const t = get();
    const c = (
      await t.inject({
        method: 'GET',
        url: `/api/content/complaints/${tracked.id}`,
        headers: as(t, 'moderator'),
      })
    ).json();
    const patch = (payload: object) =>
      t.inject({
        method: 'PATCH',
        url: `/api/content/complaints/${tracked.id}`,
        headers: as(t, 'moderator'),
        payload,
      });
    const nobody = await patch({ version: c.version, assignee: 'nobody' });
    assert.equal(nobody.statusCode, 400);
    assert.equal(nobody.json().error.field, 'assignee');
    const auditor = await patch({ version: c.version, assignee: 'auditor' });
    assert.equal(auditor.json().error.field, 'assignee', 'an auditor does not handle complaints');
    const taken = await patch({
      version: c.version,
      status: 'in_progress',
      assignee: 'moderator',
      note: '核实中',
    });
    assert.equal(taken.statusCode, 200, taken.body);
    assert.equal(taken.json().status, 'in_progress');
    assert.equal(taken.json().assignee, 'moderator');
    const late = await patch({ version: c.version, category: 'phishing' });
    assert.equal(late.statusCode, 409, 'someone else changed it after this version was read');
    const auditorWrite = await t.inject({
      method: 'PATCH',
      url: `/api/content/complaints/${tracked.id}`,
      headers: as(t, 'auditor'),
      payload: { version: taken.json().version },
    });
    assert.equal(auditorWrite.statusCode, 403);
  });

  it('a reveal of the contact is recorded in the audit trail with the complaint', async () => {
    const t = get();
    const bare = await t.inject({
      method: 'POST',
      url: `/api/content/complaints/${tracked.id}/contact`,
      headers: as(t, 'compliance_officer'),
    });
    assert.equal(bare.statusCode, 200, `no body is fine: ${bare.body}`);
    const res = await t.inject({
      method: 'POST',
      url: `/api/content/complaints/${tracked.id}/contact`,
      headers: as(t, 'moderator'),
      payload: { reason: '回访举报人' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().contact, '13800138000');
    const trail = (
      await t.inject({
        method: 'GET',
        url: '/api/audit-events?action=content.complaint.reveal',
        headers: as(t, 'admin'),
      })
    ).json();
    assert.equal(trail.events.length, 2, `each reveal is a row: ${JSON.stringify(trail)}`);
    assert.equal(trail.events[0].actor, 'moderator');
    assert.equal(trail.events[0].detail.complaint, tracked.id);
    assert.equal(trail.events[0].detail.reason, '回访举报人');
    assert.equal(trail.events[1].actor, 'compliance_officer');
    const denied = await t.inject({
      method: 'POST',
      url: `/api/content/complaints/${tracked.id}/contact`,
      headers: as(t, 'auditor'),
    });
    assert.equal(denied.statusCode, 403);
  });

  it('the content complained of is removed: a disposal record linked to the complaint', async () => {
    const t = get();
    const remove = () =>
      t.inject({
        method: 'POST',
        url: `/api/content/complaints/${tracked.id}/removal`,
        headers: as(t, 'moderator'),
        payload: {
          text: '冒充客服，私信发我验证码',
          category: 'fraud',
          url: 'https://forum.example.com/t/1',
        },
      });
    const res = await remove();
    assert.equal(res.statusCode, 200, res.body);
    const disposalId = res.json().disposalId as string;
    assert.ok(disposalId);
    const disposal = await t.app.services.content.screening.disposal(disposalId);
    assert.equal(disposal.origin, 'complaint');
    assert.equal(disposal.complaintId, tracked.id);
    assert.equal((await remove()).statusCode, 409, 'one removal per complaint');
  });

  it('a public reply answers the complaint and shows on the tracking page; an internal note does not', async () => {
    const t = get();
    clock.advance(3600_000);
    const reply = (body: string, isPublic: boolean) =>
      t.inject({
        method: 'POST',
        url: `/api/content/complaints/${tracked.id}/replies`,
        headers: as(t, 'moderator'),
        payload: { body, public: isPublic },
      });
    assert.equal((await reply('内部：已联系平台', false)).json().status, 'in_progress');
    const answered = (await reply('您举报的帖子已删除。', true)).json();
    assert.equal(answered.status, 'answered');
    assert.equal(answered.answeredAt, new Date(t0.getTime() + 3600_000).toISOString());
    const view = (
      await t.inject({
        method: 'GET',
        url: `/api/public/content/complaints/${tracked.reference}?code=${tracked.trackingCode}`,
      })
    ).json();
    assert.equal(view.status, 'answered');
    assert.deepEqual(
      view.replies.map((r: { body: string }) => r.body),
      ['您举报的帖子已删除。'],
    );
  });

  it('closing is a ledger record of the channel duty; a closed complaint no longer changes', async () => {
    const t = get();
    const before = (await ledgerRecords()).filter((r) => r.kind === 'record').length;
    const closed = await t.inject({
      method: 'POST',
      url: `/api/content/complaints/${tracked.id}/close`,
      headers: as(t, 'moderator'),
      payload: { outcome: '帖子删除，账号封禁' },
    });
    assert.equal(closed.statusCode, 200, closed.body);
    assert.equal(closed.json().status, 'closed');
    const records = (await ledgerRecords()).filter((r) => r.kind === 'record');
    assert.equal(records.length, before + 1);
    assert.match(records.at(-1)!.summary, new RegExp(tracked.reference));
    const again = await t.inject({
      method: 'POST',
      url: `/api/content/complaints/${tracked.id}/replies`,
      headers: as(t, 'moderator'),
      payload: { body: '补充' },
    });
    assert.equal(again.statusCode, 409);
  });

  it('a complaint not answered in time is an overdue open item, counted and listed as overdue', async () => {
    const t = get();
    const complaints = t.app.services.content.complaints;
    const waiting = await complaints.counts();
    assert.equal(waiting.overdue, 0);
    assert.ok(waiting.open >= 1, 'the anonymous report waits');
    clock.set(new Date('2026-10-28T02:00:00Z'));
    const counts = await complaints.counts();
    assert.equal(counts.overdue, counts.open);
    const items = (await complaints.openItems()).filter((d) => d.status === 'overdue');
    assert.equal(items.length, counts.overdue);
    assert.deepEqual(items[0]!.obligations, ['csl.complaints-channel']);
    assert.equal(items[0]!.basis, 'working_days');
    assert.ok(!items.some((d) => d.entryId === tracked.id), 'the closed one is no open item');
    const overdue = (
      await t.inject({
        method: 'GET',
        url: '/api/content/complaints?overdue=true&limit=1',
        headers: as(t, 'auditor'),
      })
    ).json();
    assert.equal(overdue.complaints.length, 1);
    assert.ok(overdue.complaints[0].overdue);
    assert.ok(counts.overdue < 2 || overdue.next, 'paged');
  });

  it('the audit pack file lists the complaints received with contacts masked', async () => {
    const t = get();
    const pack = t.app.services.content.complaints;
    const all = await pack.exportPeriod({
      from: new Date('2026-09-01T00:00:00Z'),
      to: new Date('2026-11-01T00:00:00Z'),
    });
    assert.ok(all.length >= 2);
    assert.ok(all.every((c) => c.contact === null || c.contact.includes('****')));
    const later = await pack.exportPeriod({ from: new Date('2026-10-01T00:00:00Z') });
    assert.equal(later.length, 0);
  });
});

describeEachDatabase('complaints demo', (ctx) => {
  it('publishes the channel and has one complaint closed, one in progress and one overdue', async () => {
    const clock = fixedClock(new Date('2026-03-10T08:00:00Z'));
    const database = await ctx().open();
    const app = await buildApp({ config: testConfig({ demo: true }), database, jobs: false, clock });
    try {
      const complaints = app.services.content.complaints;
      const channel = await complaints.channel();
      assert.ok(channel.publishedAt);
      assert.equal(channel.phone, '400-000-0000');
      const admin = { userId: 'a', username: 'a', role: 'auditor' as const, via: 'session' as const };
      const all = (await complaints.list(admin, { limit: 10 })).complaints;
      assert.deepEqual(all.map((c) => c.status).sort(), ['closed', 'in_progress', 'received']);
      assert.ok(all.find((c) => c.status === 'closed')!.replies.some((r) => r.public));
      const overdue = (await complaints.openItems()).filter((d) => d.status === 'overdue');
      assert.equal(overdue.length, 1);
      assert.deepEqual(await complaints.counts(), { open: 2, overdue: 1 });
    } finally {
      await app.close();
      await database.close();
      await ctx().dispose();
    }
  });
});
