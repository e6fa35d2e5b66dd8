import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { it } from 'node:test';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';
import { fixedClock } from '../platform/clock.js';
import { HOUR, MINUTE } from '../platform/time.js';
import { EscalationStore } from '../workspace/escalation-store.js';
import type { EscalationTables } from '../workspace/escalation-tables.js';
import { escalationsTask } from '../workspace/jobs/escalations.js';

/** 10:30 Beijing time on 1 December 2026. */
const found = new Date('2026-12-01T02:30:00Z');
const DUTY = 'csl.incident-report';

describeEachDatabase('incident clocks in the workspace: a missing, a late and a sent report', (ctx) => {
  const clock = fixedClock(new Date(found.getTime() + 10 * MINUTE));
  const get = useTestApp(ctx, { clock });
  const h = (role: 'security_officer' | 'auditor') => ({ authorization: `Bearer ${get().tokens[role]}` });
  const open = async (title: string) => {
    const r = await get().inject({
      method: 'POST',
      url: '/api/incidents',
      headers: h('security_officer'),
      payload: {
        title,
        category: 'data_security',
        discoveredAt: found.toISOString(),
        facts: { pi_individuals: 2_000_000 },
      },
    });
    assert.equal(r.statusCode, 201, r.body);
    return r.json() as { id: string; ref: string; version: number };
  };
  const report = async (i: { id: string; version: number }, sentAt: Date) => {
    const r = await get().inject({
      method: 'POST',
      url: `/api/incidents/${i.id}/reports`,
      headers: h('security_officer'),
      payload: {
        version: i.version,
        kind: 'initial',
        rule: 'other',
        recipient: 'CAC',
        channel: 'portal',
        sentAt: sentAt.toISOString(),
      },
    });
    assert.equal(r.statusCode, 201, r.body);
  };
  const dashboard = async () => {
    const r = await get().inject({ method: 'GET', url: '/api/workspace', headers: h('auditor') });
    assert.equal(r.statusCode, 200, r.body);
    return r.json() as {
      items: { id: string; status: string; nextDue: string | null; reason: { zh: string; en: string } }[];
      deadlines: {
        source: string;
        entryId: string;
        dueAt: string;
        startAt: string;
        basis: string;
        status: string;
        obligations: string[];
      }[];
    };
  };

  it('shows the running clocks, then the missing report overdue, the sent ones gone; and escalates by itself', async () => {
    const missing = await open('never reported');
    const late = await open('reported late');
    const onTime = await open('reported on time');
    const start = await dashboard();
    assert.equal(
      start.deadlines.filter((d) => d.source === 'incidents' && d.status === 'on_track').length,
      3,
    );

    clock.set(new Date(found.getTime() + 3 * HOUR));
    await report(onTime, new Date(found.getTime() + 2 * HOUR));
    const soon = await dashboard();
    const mine = soon.deadlines.filter((d) => d.source === 'incidents');
    assert.deepEqual(
      mine.map((d) => [d.entryId, d.dueAt, d.startAt, d.basis, d.status, d.obligations]).sort(),
      [missing, late]
        .map((i) => [i.id, '2026-12-01T06:30:00.000Z', found.toISOString(), 'hours', 'due_soon', [DUTY]])
        .sort(),
      'two 4-hour clocks run, an hour left; the one reported has stopped',
    );
    assert.equal(soon.items.find((i) => i.id === DUTY)?.status, 'due_soon');

    clock.set(new Date(found.getTime() + 5 * HOUR));
    await report({ ...late, version: late.version }, new Date(found.getTime() + 4 * HOUR + 30 * MINUTE));
    const after = await dashboard();
    const left = after.deadlines.filter((d) => d.source === 'incidents');
    assert.deepEqual(
      left.map((d) => [d.entryId, d.status]),
      [[missing.id, 'overdue']],
      'only the missing report is left, overdue',
    );
    const duty = after.items.find((i) => i.id === DUTY)!;
    assert.equal(duty.status, 'overdue', duty.reason.en);
    assert.match(duty.reason.en, new RegExp(missing.ref));
    assert.match(duty.reason.zh, /北京时间/);
    const v = (
      await get().inject({ method: 'GET', url: `/api/incidents/${late.id}`, headers: h('auditor') })
    ).json();
    assert.equal(v.clocks[0].status, 'sent_late');

    // The every-minute escalation task picks the incident's clock up from the workspace by itself.
    const t = get();
    const store = new EscalationStore(t.app.database.db as unknown as Kysely<EscalationTables>);
    const task = escalationsTask({
      items: () => t.app.services.workspace.openItems(),
      store,
      notifications: t.app.services.notifications,
      audit: t.app.services.audit,
      clock,
      publicUrl: 'https://wangan.example.cn',
    });
    await task.handler({});
    const rows = (await store.all()).filter((r) => r.item_key.startsWith(`incidents/${missing.id}/`));
    assert.deepEqual(
      rows.map((r) => r.point),
      ['expiry'],
      'the expired clock escalates once, at expiry',
    );
  });
});
