import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';
import { fixedClock } from '../platform/clock.js';

type Entry = {
  id: string;
  data: Record<string, unknown>;
  status: string;
  recordedBy: string;
  recordedAt: string;
};
type Detail = { entries: Entry[]; next: string | null };

describeEachDatabase('register entries: words, filters, order and pages on the server', (ctx) => {
  const clock = fixedClock(new Date('2026-04-01T02:00:00Z'));
  const get = useTestApp(ctx, { clock });
  const h = (role: 'security_officer' | 'compliance_officer' | 'auditor') => ({
    authorization: `Bearer ${get().tokens[role]}`,
  });
  const list = async (q: string) => {
    const r = await get().inject({
      method: 'GET',
      url: `/api/registers/regulatory-events?${q}`,
      headers: h('auditor'),
    });
    assert.equal(r.statusCode, 200, r.body);
    return r.json() as Detail;
  };
  const all = async (q: string, limit: number) => {
    const out: Entry[] = [];
    let cursor: string | null = null;
    do {
      const page: Detail = await list(`${q}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      assert.ok(page.entries.length <= limit);
      out.push(...page.entries);
      cursor = page.next;
    } while (cursor);
    return out;
  };

  it('narrows by words, recorder and dates; sorts by date or by recording, each order across pages', async () => {
    const t = get();
    const days = ['2026-03-05', '2026-03-01', '2026-03-20', '2026-03-12', '2026-03-28'];
    for (const [i, day] of days.entries()) {
      clock.advance(60_000);
      const r = await t.inject({
        method: 'POST',
        url: '/api/registers/regulatory-events/entries',
        headers: h(i % 2 ? 'compliance_officer' : 'security_officer'),
        payload: {
          data: {
            type: 'interview',
            authority: i === 3 ? '省公安厅' : '市网信办',
            occurredOn: day,
            subject: `事项${i}`,
          },
        },
      });
      assert.equal(r.statusCode, 201, r.body);
    }
    const dates = (es: Entry[]) => es.map((e) => e.data.occurredOn);
    assert.deepEqual(dates(await all('sort=occurred_desc', 2)), [...days].sort().reverse());
    assert.deepEqual(dates(await all('sort=occurred_asc', 2)), [...days].sort());
    assert.deepEqual(dates(await all('sort=recorded_asc', 2)), days, 'in the order they were recorded');
    assert.deepEqual(dates(await all('sort=recorded_desc', 3)), [...days].reverse());

    assert.deepEqual(dates((await list(`q=${encodeURIComponent('公安')}`)).entries), ['2026-03-12']);
    assert.deepEqual(
      (await list('recordedBy=compliance_officer')).entries.map((e) => e.recordedBy),
      ['compliance_officer', 'compliance_officer'],
    );
    assert.deepEqual(dates((await list('from=2026-03-05&to=2026-03-20&sort=occurred_asc')).entries), [
      '2026-03-05',
      '2026-03-12',
      '2026-03-20',
    ]);
    assert.equal((await list('status=pending')).entries.length, 0);
    // Filters and order hold across pages.
    assert.deepEqual(dates(await all('recordedBy=security_officer&sort=occurred_asc', 1)), [
      '2026-03-05',
      '2026-03-20',
      '2026-03-28',
    ]);

    const first = await list('sort=recorded_asc&limit=2');
    const other = await t.inject({
      method: 'GET',
      url: `/api/registers/regulatory-events?sort=occurred_desc&cursor=${first.next}`,
      headers: h('auditor'),
    });
    assert.equal(other.statusCode, 400);
    assert.equal(other.json().error.field, 'cursor');
    const bad = await t.inject({
      method: 'GET',
      url: '/api/registers/regulatory-events?sort=data',
      headers: h('auditor'),
    });
    assert.equal(bad.statusCode, 400);
  });
});
