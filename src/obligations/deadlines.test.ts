import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HOUR, MINUTE } from '../platform/time.js';
import { dueEscalations, foldDeadlines, openItem, openItemKey, type EscalationPoint } from './deadlines.js';

const start = new Date('2026-12-01T02:30:00Z'); // 10:30 in Beijing
const at = (ms: number) => new Date(start.getTime() + ms);
const fourHour = (now: Date, extra: Partial<Parameters<typeof openItem>[0]> = {}) =>
  openItem(
    {
      source: 'toy',
      entryId: 'incident-1',
      obligations: ['csl.incident-report'],
      label: { zh: '报告事件', en: 'Report the incident' },
      subject: 'ransomware on the billing system',
      party: 'operator',
      dueAt: at(4 * HOUR),
      startAt: start,
      basis: 'hours',
      rule: { id: 'toy.report-4h', citations: ['csl2025:25'] },
      ...extra,
    },
    now,
    30,
  );

describe('open items', () => {
  it('carry their exact instant, the clock start, the basis and the rule', () => {
    const d = fourHour(at(0));
    assert.deepEqual(
      [d.dueAt, d.startAt, d.due, d.basis, d.estimate, d.rule, d.status],
      [
        '2026-12-01T06:30:00.000Z',
        '2026-12-01T02:30:00.000Z',
        '2026-12-01',
        'hours',
        null,
        { id: 'toy.report-4h', citations: ['csl2025:25'] },
        'on_track',
      ],
    );
    assert.equal(fourHour(at(3 * HOUR)).status, 'due_soon', 'an hour left of four');
    assert.equal(fourHour(at(4 * HOUR + MINUTE)).status, 'overdue');
  });

  it('fold into the duty with the time of day for a clock of hours', () => {
    const folded = foldDeadlines(
      { status: 'met', lastEvidence: null, nextDue: null, reason: { zh: '', en: '' } },
      [fourHour(at(3 * HOUR))],
    );
    assert.equal(folded.status, 'due_soon');
    assert.equal(folded.nextDue?.toISOString(), '2026-12-01T06:30:00.000Z');
    assert.match(folded.reason.en, /due 2026-12-01 14:30 \(Beijing\)/);
    assert.match(folded.reason.zh, /2026-12-01 14:30（北京时间）到期/);
  });
});

describe('escalation of clocks shorter than a day', () => {
  const run = (nowMs: number, sent: Map<string, EscalationPoint[]>) => {
    const now = at(nowMs);
    return dueEscalations([fourHour(now)], now, sent).map((e) => e.point);
  };

  it('at half and a quarter of the time left and at expiry, each once', () => {
    const sent = new Map<string, EscalationPoint[]>();
    const key = openItemKey(fourHour(at(0)));
    const step = (ms: number) => {
      const points = run(ms, sent);
      for (const p of points) sent.set(key, [...(sent.get(key) ?? []), p]);
      return points;
    };
    assert.deepEqual(step(1 * HOUR), [], '3 hours of 4 left');
    assert.deepEqual(step(2 * HOUR - MINUTE), []);
    assert.deepEqual(step(2 * HOUR), ['half']);
    assert.deepEqual(step(2 * HOUR + MINUTE), [], 'not twice');
    assert.deepEqual(step(3 * HOUR), ['quarter']);
    assert.deepEqual(step(3 * HOUR + 30 * MINUTE), []);
    assert.deepEqual(step(4 * HOUR), ['expiry']);
    assert.deepEqual(step(5 * HOUR), [], 'expired once');
    assert.deepEqual(sent.get(key), ['half', 'quarter', 'expiry']);
  });

  it('after a gap only the latest point goes out, and an earlier one never after it', () => {
    assert.deepEqual(run(3 * HOUR + 10 * MINUTE, new Map()), ['quarter'], 'half was missed: quarter only');
    const key = openItemKey(fourHour(at(0)));
    assert.deepEqual(run(3 * HOUR + 20 * MINUTE, new Map([[key, ['quarter']]])), []);
  });

  it('leaves clocks of a day or more, clocks without a start, and the authority alone', () => {
    const now = at(20 * HOUR);
    const day = fourHour(now, { dueAt: at(24 * HOUR) });
    const noStart = fourHour(now, { startAt: null });
    const authority = fourHour(now, { party: 'authority' });
    assert.deepEqual(dueEscalations([day, noStart, authority], at(5 * HOUR), new Map()), []);
  });
});
