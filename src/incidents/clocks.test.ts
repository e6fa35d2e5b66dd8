import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fixedClock } from '../platform/clock.js';
import { AppError } from '../platform/errors.js';
import { DAY, HOUR } from '../platform/time.js';
import { loadIncidentsCatalog } from './catalog-io.js';
import {
  checkFinalReportTime,
  finalReportDue,
  isoBeijing,
  parseInstant,
  reportingDeadlines,
  reportMandatory,
} from './clocks.js';

const catalog = loadIncidentsCatalog();
// 23:30 Beijing time on 1 March 2026 is 15:30 UTC.
const discovered = new Date('2026-03-01T15:30:00Z');
const clock = fixedClock(new Date(discovered.getTime() + 10 * 60_000));

const due = (involvesCii: boolean, centralOrgan: boolean, grade: 'I' | 'II' | 'III' | 'IV' = 'III') =>
  reportingDeadlines({ grade, discoveredAt: discovered, involvesCii, centralOrgan }, catalog, clock.now());

/** The AppError `fn` throws: its field and both sentences. */
function refused(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.code, 'validation_failed');
    assert.ok(err.messages.zh.length > 0 && err.messages.en.length > 0);
    assert.notEqual(err.messages.zh, err.messages.en);
    return err;
  }
  assert.fail('expected a refusal');
}

describe('reporting clocks', () => {
  it('a 较大 (III) incident discovered at 23:30 Beijing time: 03:30 next day for an ordinary operator, 00:30 with CII, 01:30 for a central organ, both for its CII incident', () => {
    const view = (d: ReturnType<typeof due>) => d.reports.map((r) => [isoBeijing(r.due), r.within, r.to.zh]);
    assert.deepEqual(view(due(false, false)), [['2026-03-02T03:30:00+08:00', 'PT4H', '属地省级网信部门']]);
    assert.deepEqual(view(due(true, false)), [
      ['2026-03-02T00:30:00+08:00', 'PT1H', '保护工作部门和公安机关'],
    ]);
    assert.deepEqual(view(due(false, true)), [['2026-03-02T01:30:00+08:00', 'PT2H', '本部门网信工作机构']]);
    assert.deepEqual(view(due(true, true)), [
      ['2026-03-02T00:30:00+08:00', 'PT1H', '保护工作部门和公安机关'],
      ['2026-03-02T01:30:00+08:00', 'PT2H', '本部门网信工作机构'],
    ]);
    // The 4-hour rule is "every other case": a CII or central-organ incident does not owe it too.
    assert.ok(!due(true, true).reports.some((r) => r.within === 'PT4H'));
  });

  it('each report names its duty and cites the Measures and the CSL (and the CII Regulation for CII)', () => {
    const [cii] = due(true, false).reports;
    assert.equal(cii!.obligation, 'csl.incident-report-cii');
    assert.deepEqual(cii!.citations, ['measures2025:4', 'cii2021:18', 'csl2025:27', 'csl2016:25']);
    assert.match(
      cii!.citation.zh,
      /^《国家网络安全事件报告管理办法》第四条；《关键信息基础设施安全保护条例》第十八条/,
    );
    assert.match(
      cii!.citation.en,
      /Incident Reporting Measures 2025 Art 4; CII Reg\. 2021 Art 18; CSL 2025 Art 27/,
    );
    assert.equal(due(false, false).reports[0]!.obligation, 'csl.incident-report');
    assert.equal(due(false, true).reports[0]!.obligation, 'csl.incident-report-central-organ');
  });

  it('reporting is mandatory from III up; a general (IV) incident owes no report and no final report', () => {
    assert.deepEqual(
      (['I', 'II', 'III', 'IV'] as const).map((g) => reportMandatory(g, catalog)),
      [true, true, true, false],
    );
    for (const g of ['I', 'II'] as const) assert.equal(due(false, false, g).reports.length, 1);
    assert.deepEqual(due(true, true, 'IV'), {
      mandatory: false,
      reports: [],
      final_report: null,
      supplementary: null,
    });
    assert.match(due(false, false, 'III').supplementary!.summary.zh, /补报/);
    assert.equal(due(false, false, 'I').final_report?.within, 'P30D');
  });

  it('gives the same instants whatever the process time zone', () => {
    const script = `
      import { loadIncidentsCatalog } from ${JSON.stringify(path.join(import.meta.dirname, 'catalog-io.ts'))};
      import { reportingDeadlines, parseInstant, isoBeijing, finalReportDue } from ${JSON.stringify(path.join(import.meta.dirname, 'clocks.ts'))};
      const c = loadIncidentsCatalog();
      const now = new Date('2026-03-01T16:00:00Z');
      const out = [[false, false], [true, false], [false, true], [true, true]].map(([cii, central]) =>
        reportingDeadlines({ grade: 'III', discoveredAt: parseInstant('2026-03-01T23:30', 'd'), involvesCii: cii, centralOrgan: central }, c, now)
          .reports.map((r) => isoBeijing(r.due)));
      out.push([isoBeijing(finalReportDue(parseInstant('2026-03-01 23:45', 'h'), c, { now }).due)]);
      console.log(JSON.stringify({ tz: new Date(2026, 0, 1).getTimezoneOffset(), out }));`;
    const runs = ['UTC', 'America/New_York', 'Asia/Shanghai'].map((TZ) => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        env: { ...process.env, TZ },
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as { tz: number; out: string[][] };
    });
    // The zones really differ (the check would be vacuous otherwise) ...
    assert.deepEqual(
      runs.map((r) => r.tz),
      [0, 300, -480],
    );
    // ... and the answers do not.
    for (const r of runs)
      assert.deepEqual(r.out, [
        ['2026-03-02T03:30:00+08:00'],
        ['2026-03-02T00:30:00+08:00'],
        ['2026-03-02T01:30:00+08:00'],
        ['2026-03-02T00:30:00+08:00', '2026-03-02T01:30:00+08:00'],
        ['2026-03-31T23:45:00+08:00'],
      ]);
  });

  it('refuses a discovery time in the future (by the injected clock), naming the field in both languages', () => {
    const later = fixedClock(discovered);
    const ok = reportingDeadlines(
      { grade: 'III', discoveredAt: discovered, involvesCii: false, centralOrgan: false },
      catalog,
      later.now(),
    );
    assert.equal(ok.reports.length, 1);
    const err = refused(() =>
      reportingDeadlines(
        {
          grade: 'III',
          discoveredAt: new Date(discovered.getTime() + HOUR),
          involvesCii: false,
          centralOrgan: false,
        },
        catalog,
        later.now(),
      ),
    );
    assert.equal(err.field, 'discovered_at');
    assert.match(err.messages.zh, /发现时间.*将来/);
    assert.match(err.messages.en, /discovery time .* is in the future/);
    later.advance(2 * HOUR);
    assert.equal(
      reportingDeadlines(
        {
          grade: 'III',
          discoveredAt: new Date(discovered.getTime() + HOUR),
          involvesCii: false,
          centralOrgan: false,
        },
        catalog,
        later.now(),
      ).reports.length,
      1,
    );
  });

  it('refuses an unknown grade naming the field', () => {
    const err = refused(() =>
      reportingDeadlines(
        { grade: 'V' as 'I', discoveredAt: discovered, involvesCii: false, centralOrgan: false },
        catalog,
        clock.now(),
      ),
    );
    assert.equal(err.field, 'grade');
    assert.match(err.messages.zh, /事件级别/);
  });
});

describe('the final report', () => {
  const ended = new Date('2026-03-05T02:00:00Z'); // 10:00 Beijing time
  const now = new Date('2026-03-06T00:00:00Z');

  it('is due 30 days after handling ends, to the instant', () => {
    const f = finalReportDue(ended, catalog, { now, discoveredAt: discovered });
    assert.equal(f.within, 'P30D');
    assert.equal(f.due.getTime() - ended.getTime(), 30 * DAY);
    assert.equal(isoBeijing(f.due), '2026-04-04T10:00:00+08:00');
  });

  it('is refused while handling goes on, with an end in the future or before discovery, or sent before handling ended', () => {
    let err = refused(() => finalReportDue(null, catalog, { now }));
    assert.equal(err.field, 'handling_ended_at');
    assert.match(err.messages.zh, /处置尚未结束/);
    assert.match(err.messages.en, /Handling has not ended/);
    err = refused(() => finalReportDue(new Date(now.getTime() + DAY), catalog, { now }));
    assert.equal(err.field, 'handling_ended_at');
    assert.match(err.messages.en, /in the future/);
    err = refused(() =>
      finalReportDue(new Date(discovered.getTime() - HOUR), catalog, { now, discoveredAt: discovered }),
    );
    assert.equal(err.field, 'handling_ended_at');
    assert.match(err.messages.zh, /早于事件发现时间/);

    err = refused(() => checkFinalReportTime(new Date(ended.getTime() - HOUR), ended));
    assert.equal(err.field, 'sent_at');
    assert.match(err.messages.zh, /总结报告的提交时间.*早于处置结束时间/);
    assert.match(err.messages.en, /cannot be sent .* before handling ended/);
    err = refused(() => checkFinalReportTime(now, null));
    assert.equal(err.field, 'handling_ended_at');
    assert.doesNotThrow(() => checkFinalReportTime(new Date(ended.getTime() + HOUR), ended));
  });
});

describe('times as users write them', () => {
  it('reads a time without an offset as Beijing time, and honours an offset or Z', () => {
    const at = (s: string) => parseInstant(s, 'at').toISOString();
    assert.equal(at('2026-03-01T23:30'), '2026-03-01T15:30:00.000Z');
    assert.equal(at('2026-03-01 23:30:15'), '2026-03-01T15:30:15.000Z');
    assert.equal(at('2026-03-01T23:30:00+08:00'), '2026-03-01T15:30:00.000Z');
    assert.equal(at('2026-03-01T15:30:00Z'), '2026-03-01T15:30:00.000Z');
    assert.equal(at('2026-03-01T10:30:00-05:00'), '2026-03-01T15:30:00.000Z');
    assert.equal(at('2026-03-01T23:30:00.250+0800'), '2026-03-01T15:30:00.250Z');
  });

  it('refuses a date alone, an impossible date or time and nonsense, naming the field', () => {
    for (const bad of [
      '2026-03-01',
      '2026-02-30T10:00',
      '2026-03-01T24:00',
      '2026-03-01T10:60',
      'yesterday',
      '',
    ]) {
      const err = refused(() => parseInstant(bad, '--discovered'));
      assert.equal(err.field, '--discovered', bad);
      assert.match(err.messages.zh, /不是有效的日期时间/);
    }
  });

  it('writes instants at +08:00', () => {
    assert.equal(isoBeijing(new Date('2026-12-31T16:00:00Z')), '2027-01-01T00:00:00+08:00');
    assert.equal(isoBeijing(new Date('2026-12-31T16:00:00.5Z')), '2027-01-01T00:00:00.500+08:00');
  });
});
