import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addDays,
  addDuration,
  beijingDate,
  beijingDateTime,
  beijingMidnight,
  DAY,
  deadlineStatus,
  dueSoonWindow,
  HOUR,
  isCivilDate,
  isFutureDate,
  isFutureInstant,
  isHourClock,
  weekday,
} from './time.js';

describe('time: Beijing civil dates, the future, durations, deadline status', () => {
  it('the Beijing date of an instant and the midnight of a date', () => {
    assert.equal(beijingDate(new Date('2026-01-31T15:59:59Z')), '2026-01-31');
    assert.equal(
      beijingDate(new Date('2026-01-31T16:00:00Z')),
      '2026-02-01',
      'from 16:00 UTC it is tomorrow',
    );
    assert.equal(beijingMidnight('2026-02-01').toISOString(), '2026-01-31T16:00:00.000Z');
    assert.equal(beijingDateTime(new Date('2026-12-01T06:30:00Z')), '2026-12-01 14:30');
    assert.equal(addDays('2026-02-28', 1), '2026-03-01');
    assert.equal(addDays('2028-02-28', 1), '2028-02-29', 'leap year');
    assert.equal(weekday('2026-02-14'), 6, 'a Saturday');
    assert.ok(isCivilDate('2028-02-29'));
    assert.ok(!isCivilDate('2026-02-29'));
    assert.ok(!isCivilDate('2026-2-1'));
  });

  it('"not in the future" by the Beijing date, and for instants with a minute of leeway', () => {
    const now = new Date('2026-03-01T17:00:00Z'); // 01:00 on 2 March in Beijing
    assert.equal(isFutureDate('2026-03-02', now), false, 'already today in Beijing');
    assert.equal(isFutureDate('2026-03-03', now), true);
    assert.equal(isFutureInstant(new Date(now.getTime() + 30_000), now), false);
    assert.equal(isFutureInstant(new Date(now.getTime() + 61_000), now), true);
  });

  it('adds calendar durations in Beijing time', () => {
    const t = new Date('2026-01-31T02:00:00Z'); // 10:00 in Beijing
    assert.equal(addDuration(t, 'PT4H').toISOString(), '2026-01-31T06:00:00.000Z');
    assert.equal(beijingDate(addDuration(t, 'P1M')), '2026-02-28', 'clamped to the end of February');
    assert.equal(beijingDate(addDuration(t, 'P1Y')), '2027-01-31');
    assert.equal(beijingDate(addDuration(t, 'P30D')), '2026-03-02');
    assert.throws(() => addDuration(t, '4 hours'), RangeError);
    assert.deepEqual(['PT1H', 'PT4H', 'PT23H59M', 'PT24H', 'P1D', 'P30D'].map(isHourClock), [
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('due soon at the smaller of the due-soon days and a quarter of the clock', () => {
    const start = new Date('2026-12-01T02:30:00Z');
    const fourHours = { startAt: start, dueAt: new Date(start.getTime() + 4 * HOUR) };
    assert.equal(
      dueSoonWindow(fourHours.dueAt, fourHours.startAt, 30),
      HOUR,
      'a 4-hour clock at 1 hour left',
    );
    const at = (ms: number) => new Date(start.getTime() + ms);
    assert.equal(deadlineStatus(fourHours, at(2 * HOUR), 30), 'on_track');
    assert.equal(deadlineStatus(fourHours, at(3 * HOUR - 1000), 30), 'on_track');
    assert.equal(deadlineStatus(fourHours, at(3 * HOUR), 30), 'due_soon');
    assert.equal(deadlineStatus(fourHours, at(4 * HOUR), 30), 'due_soon', 'due at the instant itself');
    assert.equal(deadlineStatus(fourHours, at(4 * HOUR + 1), 30), 'overdue');

    const thirty = { startAt: start, dueAt: new Date(start.getTime() + 30 * DAY) };
    assert.equal(dueSoonWindow(thirty.dueAt, thirty.startAt, 30), 7.5 * DAY, 'a 30-day clock at 7.5 days');
    assert.equal(deadlineStatus(thirty, at(22 * DAY), 30), 'on_track', '8 days left');
    assert.equal(deadlineStatus(thirty, at(22.5 * DAY), 30), 'due_soon');
    const year = { startAt: start, dueAt: new Date(start.getTime() + 365 * DAY) };
    assert.equal(dueSoonWindow(year.dueAt, year.startAt, 30), 30 * DAY, 'a year: the due-soon days');
    assert.equal(
      deadlineStatus({ dueAt: thirty.dueAt }, at(1 * DAY), 30),
      'due_soon',
      'no start: the days alone',
    );
    assert.equal(deadlineStatus({ dueAt: null }, at(0), 30), 'open');
  });
});
