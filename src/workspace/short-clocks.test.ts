import assert from 'node:assert/strict';
import http from 'node:http';
import type { Kysely } from 'kysely';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';
import { modules } from '../modules.js';
import { openItem } from '../obligations/deadlines.js';
import { fixedClock } from '../platform/clock.js';
import type { CapabilityModule } from '../platform/module.js';
import { HOUR, MINUTE } from '../platform/time.js';
import { EscalationStore } from './escalation-store.js';
import type { EscalationTables } from './escalation-tables.js';
import { escalationsTask } from './jobs/escalations.js';

// A robot webhook on 127.0.0.1 that keeps what it receives.
const received: string[] = [];
const robot = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    received.push((JSON.parse(body) as { markdown: { content: string } }).markdown.content);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
  });
});
let robotUrl = '';
before(async () => {
  await new Promise<void>((r) => robot.listen(0, '127.0.0.1', r));
  robotUrl = `http://127.0.0.1:${(robot.address() as AddressInfo).port}/cgi-bin/webhook/send?key=k`;
});
after(() => new Promise((r) => robot.close(r)));

/** The incident was found at 10:30 Beijing time on 1 December 2026; it is reported within four hours. */
const found = new Date('2026-12-01T02:30:00Z');
const DUTY = 'csl.incident-report';

/** A deadline source with one 4-hour clock, as a capability module (the workspace takes every module's open items). */
const fourHourSource: CapabilityModule<object> = {
  key: 'clock-test',
  articles: 'a 4-hour report (test)',
  available: true,
  openItems: async (_service, ctx) => [
    openItem(
      {
        source: 'clock-test',
        entryId: 'incident-1',
        obligations: [DUTY],
        label: { zh: '报告网络安全事件', en: 'Report the incident' },
        subject: 'ransomware on billing',
        party: 'operator',
        dueAt: new Date(found.getTime() + 4 * HOUR),
        startAt: found,
        basis: 'hours',
        rule: { id: 'clock-test.report-4h' },
      },
      ctx.clock.now(),
      ctx.config.dueSoonDays,
    ),
  ],
};

describeEachDatabase('clocks of hours: counted to the minute and escalated', (ctx) => {
  const clock = fixedClock(new Date(found.getTime() + 1 * HOUR));
  const get = useTestApp(ctx, { clock, modules: [...modules, fourHourSource] });
  const auditor = () => ({ authorization: `Bearer ${get().tokens.auditor}` });

  const dashboard = async () => {
    const r = await get().inject({ method: 'GET', url: '/api/workspace', headers: auditor() });
    assert.equal(r.statusCode, 200, r.body);
    return r.json() as {
      items: { id: string; status: string; nextDue: string | null; reason: { zh: string; en: string } }[];
      deadlines: {
        source: string;
        dueAt: string;
        startAt: string;
        basis: string;
        status: string;
        rule: { id: string; citations: string[] };
      }[];
    };
  };
  const count = (o: Awaited<ReturnType<typeof dashboard>>, status: string) =>
    o.items.filter((i) => i.status === status).length;

  const store = () => new EscalationStore(get().app.database.db as unknown as Kysely<EscalationTables>);
  /** A run of the every-minute task, each with its own store: nothing is remembered in memory (a restart). */
  const escalate = async () => {
    const t = get();
    const task = escalationsTask({
      items: () => t.app.services.workspace.openItems(),
      store: store(),
      notifications: t.app.services.notifications,
      audit: t.app.services.audit,
      clock,
      publicUrl: 'https://wangan.example.cn',
    });
    assert.equal(task.cron, '* * * * *', 'every minute');
    const before = received.length;
    await task.handler({});
    return received.slice(before);
  };

  it('the dashboard counts the duty on track, due soon at 1 hour left, overdue past the instant', async () => {
    const t = get();
    assert.ok(t.app.tasks.includes('workspace.deadline-escalations'), t.app.tasks.join(', '));
    const start = await dashboard();
    const duty = start.items.find((i) => i.id === DUTY);
    assert.ok(duty, 'the test organisation reports incidents');
    const item = start.deadlines.find((d) => d.source === 'clock-test')!;
    assert.deepEqual(
      [item.dueAt, item.startAt, item.basis, item.status],
      ['2026-12-01T06:30:00.000Z', '2026-12-01T02:30:00.000Z', 'hours', 'on_track'],
    );
    assert.equal(item.rule.id, 'clock-test.report-4h');
    assert.ok(item.rule.citations.length > 0, 'the articles of the duty it serves');
    assert.notEqual(duty.status, 'due_soon');

    clock.set(new Date(found.getTime() + 3 * HOUR - MINUTE)); // 61 minutes left
    const before = await dashboard();
    assert.equal(before.deadlines.find((d) => d.source === 'clock-test')!.status, 'on_track');

    clock.set(new Date(found.getTime() + 3 * HOUR)); // 60 minutes left: a quarter of the clock
    const soon = await dashboard();
    assert.equal(soon.deadlines.find((d) => d.source === 'clock-test')!.status, 'due_soon');
    const dutySoon = soon.items.find((i) => i.id === DUTY)!;
    assert.equal(dutySoon.status, 'due_soon', dutySoon.reason.en);
    assert.match(dutySoon.reason.en, /due 2026-12-01 14:30 \(Beijing\)/);
    assert.match(dutySoon.reason.zh, /北京时间/);
    assert.equal(dutySoon.nextDue, '2026-12-01T06:30:00.000Z');
    assert.equal(count(soon, 'due_soon'), count(before, 'due_soon') + 1);

    clock.set(new Date(found.getTime() + 4 * HOUR + MINUTE));
    const late = await dashboard();
    assert.equal(late.items.find((i) => i.id === DUTY)!.status, 'overdue');
    assert.equal(count(late, 'overdue'), count(before, 'overdue') + 1);
    assert.equal(count(late, 'due_soon'), count(before, 'due_soon'));
  });

  it('escalates through the reminder channels at half and a quarter of the time left and at expiry, once each', async () => {
    const t = get();
    const channel = await t.inject({
      method: 'POST',
      url: '/api/notifications/channels',
      headers: { authorization: `Bearer ${t.tokens.admin}` },
      payload: { kind: 'wecom', name: 'incident group', target: robotUrl },
    });
    assert.equal(channel.statusCode, 201, channel.body);
    const at = async (ms: number) => {
      clock.set(new Date(found.getTime() + ms));
      return escalate();
    };
    assert.deepEqual(await at(1 * HOUR), [], '3 hours of 4 left');
    assert.deepEqual(await at(2 * HOUR - MINUTE), []);
    const half = await at(2 * HOUR);
    assert.equal(half.length, 1);
    assert.match(half[0]!, /Report the incident/);
    assert.match(half[0]!, /Due: 2026-12-01 14:30 \(Beijing\) \(剩余 left: 2 h 0 min\)/);
    assert.deepEqual(await at(2 * HOUR + MINUTE), [], 'the half point went out once');
    assert.deepEqual(await at(2 * HOUR + 2 * MINUTE), [], 'and not after a restart either');
    const quarter = await at(3 * HOUR);
    assert.equal(quarter.length, 1);
    assert.match(quarter[0]!, /剩余 left: 1 h 0 min/);
    const expiry = await at(4 * HOUR);
    assert.equal(expiry.length, 1);
    assert.doesNotMatch(expiry[0]!, /left:/);
    assert.deepEqual(await at(5 * HOUR), [], 'expired once');

    const rows = await store().all();
    assert.deepEqual(
      rows.map((r) => [r.point, r.delivered, r.sent_at.toISOString()]),
      [
        ['half', 1, '2026-12-01T04:30:00.000Z'],
        ['quarter', 1, '2026-12-01T05:30:00.000Z'],
        ['expiry', 1, '2026-12-01T06:30:00.000Z'],
      ],
    );
    const trail = (
      await t.inject({
        method: 'GET',
        url: '/api/audit-events?limit=50',
        headers: { authorization: `Bearer ${t.tokens.admin}` },
      })
    ).json().events as { action: string; detail: { point?: string; deliveries?: { ok: boolean }[] } }[];
    const escalated = trail.filter((e) => e.action === 'deadlines.escalated');
    assert.deepEqual(escalated.map((e) => e.detail.point).sort(), ['expiry', 'half', 'quarter']);
    assert.ok(escalated.every((e) => e.detail.deliveries?.[0]?.ok === true));
  });
});
