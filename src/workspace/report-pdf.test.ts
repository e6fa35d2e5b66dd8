import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';
import { defaultPrintLimits, PrintQueue } from './print-queue.js';

/** A printer that takes a while and counts how many run at once. */
function fakePrinter(ms = 40) {
  const stats = { calls: 0, running: 0, maxRunning: 0 };
  const print = async (html: string) => {
    stats.calls++;
    stats.running++;
    stats.maxRunning = Math.max(stats.maxRunning, stats.running);
    await new Promise((r) => setTimeout(r, ms));
    stats.running--;
    return Buffer.from(`%PDF-fake ${stats.calls} ${html.length}`);
  };
  return { stats, print };
}

describeEachDatabase('PDF reports: queued, cached, rate limited', (ctx) => {
  const printer = fakePrinter();
  const get = useTestApp(ctx, { printPdf: printer.print });
  const as = (role: 'auditor' | 'compliance_officer' | 'admin') => ({
    authorization: `Bearer ${get().tokens[role]}`,
  });
  const download = (role: 'auditor' | 'compliance_officer', query = '') =>
    get().inject({ method: 'GET', url: `/api/pack/report.pdf${query}`, headers: as(role) });

  it(`six concurrent downloads by an auditor print at most ${defaultPrintLimits.concurrency} at a time`, async () => {
    const all = await Promise.all(
      ['01', '02', '03', '04', '05', '06'].map((d) => download('auditor', `?from=2025-${d}-01`)),
    );
    assert.deepEqual(
      all.map((r) => r.statusCode),
      [200, 200, 200, 200, 200, 200],
    );
    assert.ok(all.every((r) => r.headers['content-type'] === 'application/pdf'));
    assert.equal(printer.stats.calls, 6, 'six different periods, six prints');
    assert.ok(
      printer.stats.maxRunning <= defaultPrintLimits.concurrency,
      `${printer.stats.maxRunning} ran at once`,
    );
  });

  it('the same period again, with no new evidence, comes from the cache; new evidence prints afresh', async () => {
    const first = await download('auditor', '?from=2025-01-01');
    assert.equal(first.statusCode, 200);
    const calls = printer.stats.calls;
    const again = await download('auditor', '?from=2025-01-01');
    assert.equal(again.statusCode, 200);
    assert.equal(printer.stats.calls, calls, 'no second print');
    assert.equal(again.body, first.body);

    const t = get();
    const duty = (await t.app.services.workspace.overview()).items[0]!;
    await t.app.services.ledger.record(await t.app.services.auth.findActor('admin'), {
      obligations: [duty.id],
      kind: 'assessment',
      summary: 'a new record after the first download',
    });
    const after = await download('auditor', '?from=2025-01-01');
    assert.equal(after.statusCode, 200);
    assert.equal(printer.stats.calls, calls + 1, 'the ledger grew: the report is printed again');
    assert.notEqual(after.body, first.body);
  });

  it('an over-eager caller gets 429 rate_limited; the limit is per person, not per address', async () => {
    // The auditor used up most of their budget above; the officer (same address) has a full one.
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await download('compliance_officer')).statusCode);
    assert.deepEqual(codes, [...Array<number>(10).fill(200), 429]);
    const refused = await download('compliance_officer');
    assert.equal(refused.json().error.code, 'rate_limited');
  });
});

describe('print queue', () => {
  it('refuses with rate_limited once the queue is full, and keeps printing the rest', async () => {
    const printer = fakePrinter(30);
    const q = new PrintQueue(printer.print, { ...defaultPrintLimits, concurrency: 1, maxWaiting: 2 });
    const results = await Promise.allSettled(['a', 'b', 'c', 'd'].map((k) => q.get(k, () => `<p>${k}</p>`)));
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'fulfilled', 'fulfilled', 'rejected'],
    );
    const err = (results[3] as PromiseRejectedResult).reason as { code: string; status: number };
    assert.deepEqual([err.code, err.status], ['rate_limited', 429]);
    assert.equal(printer.stats.maxRunning, 1);
    // The same key asked while it prints shares the print.
    const [x, y] = await Promise.all([q.get('e', () => 'e'), q.get('e', () => 'e')]);
    assert.equal(x, y);
    assert.equal(printer.stats.calls, 4);
  });
});
