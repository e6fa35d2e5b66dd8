import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';
import { beijingMidnight } from '../platform/time.js';
import { chromiumPath, pageFooter, printPdf } from './pdf-io.js';
import { defaultPrintLimits, PrintQueue } from './print-queue.js';
import { renderReportHtml, type ReportInput } from './report.js';

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

describe('the report as an inspector reads it (HTML)', () => {
  const overview = {
    items: [
      {
        id: 'csl.log-retention',
        title: { zh: '网络日志留存不少于六个月', en: 'Keep network logs for at least six months' },
        chapter: 'csl2025/3',
        citations: { csl2016: ['21(3)'], csl2025: ['23(3)'], csl2015draft: ['20(3)'] },
        recurrence: { kind: 'continuous' as const },
        status: 'met' as const,
        reason: { zh: '', en: '' },
        nextDue: null,
        lastEvidenceAt: '2026-03-14T17:30:00.000Z',
        owner: null,
        pending: 0,
        openTasks: 0,
        maxFine: {},
      },
    ],
    byChapter: [],
    exposure: [],
    ledger: {
      size: 3,
      pending: 0,
      lastCheckpoint: { size: 3, at: '2026-06-30T17:05:00.000Z' },
      verifierKey: 'k',
      origin: 'o',
      lastVerification: null,
    },
    dueSoonDays: 30,
    deadlines: [],
    // Cast: the report reads none of the fields that differ from the dashboard's shape (reason).
  } as unknown as ReportInput['overview'];
  const input: ReportInput = {
    organisation: 'Test Co.',
    period: { from: '2026-01-01', to: '2026-07-01' },
    generatedAt: '2026-07-01T16:30:00.000Z',
    preparedBy: '王小明',
    kindLabels: { log: { zh: '日志', en: 'Log' } },
    overview,
    records: [
      {
        id: 'r1',
        index: 0,
        kind: 'log',
        obligations: ['csl.log-retention'],
        summary: 'log archive sealed',
        actor: 'security_officer',
        occurredAt: '2026-03-14T17:30:00.000Z',
        fileSha256: null,
      },
    ],
  };
  const html = renderReportHtml(input);

  it('states the period in words, its last day included', () => {
    assert.match(html, /2026年1月1日至2026年6月30日/);
    assert.match(html, /1 January 2026 to 30 June 2026/);
  });

  it('shows every time in Beijing time, never a UTC instant', () => {
    assert.match(
      html,
      /2026-07-02 00:30（北京时间 Beijing time）/,
      'generated: 16:30 UTC is 00:30 the next day',
    );
    assert.match(html, /2026-07-01 01:05（北京时间 Beijing time）/, 'the checkpoint');
    assert.match(html, /<td class="nowrap">2026-03-15<\/td>/, 'the evidence date in Beijing');
    assert.doesNotMatch(html, /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });

  it('labels kinds, names duties by title and cites as lawyers cite, drafts marked', () => {
    assert.match(html, /<td class="nowrap">日志<br><span class="en">Log<\/span><\/td>/);
    assert.doesNotMatch(html, /<td[^>]*>log<\/td>/);
    assert.match(html, /《网络安全法》（2025年修正）第二十三条第（三）项/);
    assert.match(html, /《网络安全法》（2016年文本）第二十一条第（三）项/);
    assert.match(html, /<span class="draft">《网络安全法（草案）》第二十条第（三）项/);
    assert.match(html, /CSL 2025 Art 23 item \(3\)/);
    assert.match(html, /《网络安全法》第三章/);
    assert.doesNotMatch(html, />csl\.log-retention</, 'the duty by its title, not its id');
  });

  it('ends with a sign-off block: prepared by the person who asked, reviewed by and date left to sign', () => {
    assert.match(html, /编制人 Prepared by：<b>王小明<\/b>/);
    assert.match(html, /审核人 Reviewed by：<span class="line"><\/span>/);
    assert.match(html, /日期 Date：<span class="line"><\/span>/);
    assert.match(html, /2026年7月2日 \/ 2 July 2026/, 'prepared on the Beijing date');
  });

  it('numbers the pages in the footer Chromium prints', () => {
    const footer = pageFooter();
    assert.match(footer, /第 <span class="pageNumber"><\/span> 页，共 <span class="totalPages"><\/span> 页/);
    assert.match(footer, /Page <span class="pageNumber"><\/span> of <span class="totalPages"><\/span>/);
  });
});

const canPrint = fs.existsSync(chromiumPath);
const pdftotext = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' });
const skipPrint = !canPrint
  ? `skipped: no Chromium at ${chromiumPath}`
  : pdftotext.error
    ? 'skipped: pdftotext not installed (apt-get install -y poppler-utils): the PDF text is not checked'
    : false;

describeEachDatabase('the printed PDF report', (ctx) => {
  const get = useTestApp(ctx, { printPdf });
  it(
    'shows the period in words, kind labels, page numbers and the sign-off block',
    { skip: skipPrint },
    async () => {
      const t = get();
      const duty = (await t.app.services.workspace.overview()).items[0]!;
      await t.app.services.ledger.record(await t.app.services.auth.findActor('security_officer'), {
        obligations: [duty.id],
        kind: 'drill',
        summary: 'tabletop exercise',
        occurredAt: beijingMidnight('2026-03-15'),
      });
      const r = await t.inject({
        method: 'GET',
        url: '/api/pack/report.pdf?from=2026-01-01&to=2026-07-01',
        headers: { authorization: `Bearer ${t.tokens.compliance_officer}` },
      });
      assert.equal(r.statusCode, 200);
      const text = spawnSync('pdftotext', ['-layout', '-', '-'], {
        input: r.rawPayload,
        encoding: 'utf8',
      }).stdout;
      assert.match(text, /1 January 2026 to 30 June 2026/);
      assert.match(text, /年1月1日至2026年6月30日/);
      const evidence = text.slice(text.indexOf('Evidence of the period'));
      assert.match(evidence, /应急演练[\s\S]*Drill/, 'the kind by its label');
      assert.doesNotMatch(evidence, /\bdrill\b/, 'not its code');
      assert.match(text, /Page 1 of \d+/);
      assert.match(text, /页，共 \d+ 页/);
      assert.match(text, /Prepared by：\s*compliance_officer/);
      assert.match(text, /Reviewed by/);
    },
  );
});
