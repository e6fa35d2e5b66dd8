import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildApp } from '../app.js';
import { isShortClock } from '../obligations/deadlines.js';
import { fixedClock } from '../platform/clock.js';
import type { ModuleContext } from '../platform/module.js';
import { describeEachDatabase, testConfig } from '../../test/helpers.js';
import { takedownsPart } from './takedowns-part.js';

describeEachDatabase('takedown demands in the demo and the audit pack', (ctx) => {
  it('has one demand confirmed, one due within hours, one overdue; the pack file carries them with their actions', async () => {
    // 15:00 Beijing.
    const clock = fixedClock(new Date('2026-12-01T07:00:00Z'));
    const database = await ctx().open();
    const app = await buildApp({ config: testConfig({ demo: true }), database, jobs: false, clock });
    try {
      const takedowns = app.services.content.takedowns;
      const all = (await takedowns.list({ limit: 50 })).takedowns;
      assert.deepEqual(all.map((d) => [d.status, d.overdue, d.defaultDeadline]).sort(), [
        ['confirmed', false, false],
        ['open', false, false],
        ['open', true, true],
      ]);
      const items = await takedowns.openItems();
      // Six hours from receipt, four left: on track until the last quarter of the clock.
      assert.deepEqual(items.map((i) => i.status).sort(), ['on_track', 'overdue']);
      const soon = items.find((i) => i.status === 'on_track')!;
      assert.equal(new Date(soon.dueAt!).getTime() - clock.now().getTime(), 4 * 3_600_000);
      assert.ok(isShortClock(soon), 'the demand due in hours is a short clock the workspace escalates');
      assert.deepEqual(await takedowns.counts(), { open: 2, overdue: 1 });

      const section = takedownsPart.pack!(takedowns, { clock } as unknown as ModuleContext)[0]!;
      assert.equal(section.file, 'content-takedowns.json');
      const pack = JSON.parse(String(await section.contents({}))) as {
        takedowns: { status: string; actions: unknown[]; confirmation: { reference: string } | null }[];
      };
      assert.equal(pack.takedowns.length, 3);
      const confirmed = pack.takedowns.find((d) => d.status === 'confirmed')!;
      assert.equal(confirmed.actions.length, 2);
      const disposalId = (confirmed.actions[0] as { disposalId: string | null }).disposalId!;
      const disposal = await app.services.content.screening.disposal(disposalId);
      assert.deepEqual([disposal.origin, disposal.category], ['takedown', 'fraud']);
      assert.match(confirmed.confirmation!.reference, /星河函/);
      const none = JSON.parse(String(await section.contents({ from: new Date('2027-01-01T00:00:00Z') }))) as {
        takedowns: unknown[];
      };
      assert.deepEqual(none.takedowns, [], 'a period with no demands received');
    } finally {
      await app.close();
      await database.close();
      await ctx().dispose();
    }
  });
});
