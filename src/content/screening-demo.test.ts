import assert from 'node:assert/strict';
import { it } from 'node:test';
import { fixedClock } from '../platform/clock.js';
import type { ModuleContext } from '../platform/module.js';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';
import { seedScreeningDemo } from './screening-demo-io.js';

describeEachDatabase('content screening demo', (ctx) => {
  const clock = fixedClock(new Date('2026-05-04T02:00:00Z'));
  const get = useTestApp(ctx, { clock });

  it('publishes version 1, blocks and holds items, decides a review, reports one and leaves one overdue', async () => {
    const screening = get().app.services.content.screening;
    const n = await seedScreeningDemo(screening, { clock } as unknown as ModuleContext);
    assert.ok(n >= 6, String(n));
    assert.equal(screening.version, 1);
    const { disposals } = await screening.disposals({ limit: 100 });
    assert.ok(disposals.some((d) => d.origin === 'screening'));
    assert.ok(disposals.some((d) => d.origin === 'review'));
    assert.ok(disposals.some((d) => d.report.reportedAt !== null));
    assert.ok(disposals.some((d) => d.deletion.state === 'confirmed'));
    const items = await screening.openItems();
    assert.ok(items.some((d) => d.status === 'overdue' && d.subject.startsWith('post-0999')));
    assert.ok(items.some((d) => d.entryId === 'unreported'));
  });
});
