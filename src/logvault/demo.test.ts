import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildApp } from '../app.js';
import { dueEscalations } from '../obligations/deadlines.js';
import type { Actor } from '../platform/auth/roles.js';
import { fixedClock } from '../platform/clock.js';
import { describeEachDatabase, testConfig } from '../../test/helpers.js';

const auditor: Actor = { userId: 'a', username: 'a', role: 'auditor', via: 'session' };

describeEachDatabase('log vault demo early in the Beijing day', (ctx) => {
  it('still has the quiet switch overdue at 02:30 Beijing', async () => {
    const clock = fixedClock(new Date('2026-03-09T18:30:00Z'));
    const database = await ctx().open();
    const app = await buildApp({ config: testConfig({ demo: true }), database, jobs: false, clock });
    try {
      const overdue = (await app.services.logvault.openItems()).filter((i) => i.status === 'overdue');
      assert.equal(overdue.length, 1);
      assert.match(overdue[0]!.entryId, /^quiet-/);
    } finally {
      await app.close();
      await database.close();
      await ctx().dispose();
    }
  });
});

describeEachDatabase('log vault demo', (ctx) => {
  it('has devices in each format, registered sources, a hold, a skewed clock and a quiet switch overdue', async () => {
    // 16:00 Beijing: eight hours of the day behind.
    const clock = fixedClock(new Date('2026-03-10T08:00:00Z'));
    const database = await ctx().open();
    const app = await buildApp({ config: testConfig({ demo: true }), database, jobs: false, clock });
    try {
      const lv = app.services.logvault;
      const sources = (await lv.sourcePage(auditor, { limit: 100 })).sources;
      assert.deepEqual(sources.map((s) => s.hostname).sort(), [
        '10.10.0.2',
        'app-01',
        'asa-01',
        'fw-edge-01',
        'ups-01',
        'vpn-gw',
        'web-01',
      ]);
      const byHost = new Map(sources.map((s) => [s.hostname, s]));
      assert.match(byHost.get('fw-edge-01')!.name ?? '', /防火墙/);
      assert.ok(byHost.get('vpn-gw')!.hold, 'the VPN logs are held');
      assert.equal(byHost.get('10.10.0.2')!.quiet, true);
      assert.equal(byHost.get('fw-edge-01')!.quiet, false);
      const overdue = (await lv.openItems()).filter((i) => i.status === 'overdue');
      assert.deepEqual(
        overdue.map((i) => i.entryId),
        [`quiet-${byHost.get('10.10.0.2')!.id}`],
        'one item overdue: the switch that stopped',
      );
      // A clock shorter than a day: the reminder channels are told (the workspace's escalation job).
      assert.deepEqual(
        dueEscalations(overdue, clock.now(), new Map()).map((e) => e.item.entryId),
        overdue.map((i) => i.entryId),
      );
      const page = await lv.search(auditor, { limit: 1000 }, { path: '/api/logvault/events' });
      const formats = new Set(page.events.map((e) => e.format));
      for (const f of ['kv', 'rfc5424', 'cef', 'asa', 'rfc3164', 'json']) assert.ok(formats.has(f), f);
      assert.ok(
        page.events.filter((e) => e.hostname === 'ups-01').every((e) => e.skewed),
        'the UPS clock is flagged',
      );
      assert.ok(page.events.filter((e) => e.hostname === 'web-01').every((e) => !e.skewed));
      const activity = await lv.activity(auditor, byHost.get('fw-edge-01')!.id, {});
      assert.ok(activity.hours.filter((h) => h.events > 0).length >= 8, 'eight hours of bars');
    } finally {
      await app.close();
      await database.close();
      await ctx().dispose();
    }
  });
});
