import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HOUR } from '../platform/time.js';
import {
  hourlyGaps,
  isQuiet,
  missingSeals,
  QUIET_DEFAULT_MS,
  quietAfterMs,
  retainedSpan,
} from './coverage.js';

describe('log vault coverage', () => {
  it('missing seals: every day of the window for every source active on it, oldest first', () => {
    const window = ['2026-11-28', '2026-11-29', '2026-11-30'];
    const sealed = new Map([
      ['2026-11-28', new Set(['fw', 'web'])],
      ['2026-11-29', new Set(['fw'])],
    ]);
    const sources = [
      { id: 'fw', from: '2026-01-01', to: null },
      { id: 'web', from: '2026-11-28', to: null },
      { id: 'old', from: '2026-01-01', to: '2026-11-27' }, // retired before the window
      { id: 'new', from: '2026-12-01', to: null }, // starts after it
    ];
    assert.deepEqual(missingSeals(window, sealed, sources), [
      { day: '2026-11-29', source: 'web' },
      { day: '2026-11-30', source: 'fw' },
      { day: '2026-11-30', source: 'web' },
    ]);
    const all = new Map(window.map((d) => [d, new Set(['fw', 'web'])]));
    assert.deepEqual(missingSeals(window, all, sources), [], 'every day sealed: met');
  });

  it('gaps: runs of empty hours of a regular source; none for a source that logs now and then', () => {
    const from = new Date('2026-12-01T00:00:00Z');
    const to = new Date(from.getTime() + 24 * HOUR);
    const counts = new Map<number, number>();
    for (let h = 0; h < 24; h++) if (h < 10 || h >= 14) counts.set(from.getTime() + h * HOUR, 50);
    counts.set(from.getTime() + 20 * HOUR, 0); // one empty hour: below minHours
    assert.deepEqual(
      hourlyGaps(counts, from, to).map((g) => [g.from.toISOString(), g.to.toISOString(), g.hours]),
      [['2026-12-01T10:00:00.000Z', '2026-12-01T14:00:00.000Z', 4]],
    );
    assert.equal(hourlyGaps(counts, from, to, { minHours: 1 }).length, 2);
    const sparse = new Map([[from.getTime() + 3 * HOUR, 2]]);
    assert.deepEqual(hourlyGaps(sparse, from, to), [], 'an irregular source has no gaps');
    // Silent up to the end of the window: the gap runs to it.
    const tail = new Map<number, number>();
    for (let h = 0; h < 20; h++) tail.set(from.getTime() + h * HOUR, 1);
    assert.deepEqual(
      hourlyGaps(tail, from, to).map((g) => g.hours),
      [4],
    );
  });

  it('quiet sources and the retained span against the legal window', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    assert.equal(isQuiet(new Date(now.getTime() - 31 * 60_000), now, 30), true);
    assert.equal(isQuiet(new Date(now.getTime() - 29 * 60_000), now, 30), false);
    assert.equal(isQuiet(null, now, 30), false, 'a source never heard from is not quiet, it is new');
    assert.deepEqual(retainedSpan('2026-06-01', '2026-01-01', '2026-06-01'), {
      oldestKept: '2026-06-01',
      required: '2026-06-01',
      shortDays: 0,
      sinceStart: false,
    });
    assert.equal(retainedSpan('2026-06-10', '2026-01-01', '2026-06-01').shortDays, 9, 'nine days lost');
    assert.deepEqual(retainedSpan('2026-11-01', '2026-11-01', '2026-06-01'), {
      oldestKept: '2026-11-01',
      required: '2026-11-01',
      shortDays: 0,
      sinceStart: true,
    });
  });
});

describe('quiet sources', () => {
  it('three expected intervals, at least an hour; a day without an expected volume', () => {
    assert.equal(quietAfterMs(null), QUIET_DEFAULT_MS);
    assert.equal(quietAfterMs(1), 3 * HOUR, 'one an hour: quiet after three hours');
    assert.equal(quietAfterMs(2), 1.5 * HOUR);
    assert.equal(quietAfterMs(60), HOUR, 'one a minute: three minutes would be noise; an hour at least');
    const last = new Date('2026-03-01T00:00:00Z');
    const after = (ms: number) => new Date(last.getTime() + ms);
    assert.equal(
      isQuiet(last, after(quietAfterMs(2)), quietAfterMs(2) / 60_000),
      false,
      'exactly then: not yet',
    );
    assert.equal(isQuiet(last, after(quietAfterMs(2) + 1000), quietAfterMs(2) / 60_000), true);
  });
});
