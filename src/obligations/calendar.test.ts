import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import YAML from 'yaml';
import { addDuration, beijingDate, CalendarError, holidaysFile, WorkCalendar } from './calendar.js';

const cal = new WorkCalendar(
  holidaysFile.parse(
    YAML.parse(
      fs.readFileSync(path.resolve(import.meta.dirname, '..', '..', 'catalog', 'holidays.yaml'), 'utf8'),
    ),
  ),
);

describe('PRC working days', () => {
  it('knows the holidays and the weekend days worked in exchange', () => {
    assert.equal(cal.isWorkingDay('2026-02-16'), false, 'Spring Festival 2026 (a Monday)');
    assert.equal(cal.isWorkingDay('2026-02-14'), true, 'Saturday worked before the Spring Festival');
    assert.equal(cal.isWorkingDay('2026-02-28'), true, 'Saturday worked after it');
    assert.equal(cal.isWorkingDay('2025-10-08'), false, 'National Day 2025 runs to 8 October');
    assert.equal(cal.isWorkingDay('2025-09-28'), true, 'a Sunday worked');
    assert.equal(cal.isWorkingDay('2025-10-11'), true, 'a Saturday worked');
    assert.equal(cal.isWorkingDay('2026-03-07'), false, 'an ordinary Saturday');
  });

  it('counts working days across the Spring Festival and National Day', () => {
    assert.equal(
      cal.addWorkingDays('2026-02-13', 1),
      '2026-02-14',
      'Friday + 1: the Saturday that is worked',
    );
    assert.equal(cal.addWorkingDays('2026-02-13', 2), '2026-02-24', 'then nine days off');
    assert.equal(
      cal.addWorkingDays('2025-01-24', 3),
      '2025-02-05',
      'Fri 24 Jan 2025 -> Sun 26 (worked), Mon 27, then 5 Feb',
    );
    assert.equal(cal.addWorkingDays('2025-09-30', 1), '2025-10-09', 'after National Day 2025');
    assert.equal(cal.addWorkingDays('2026-09-30', 3), '2026-10-10', 'Thu 8, Fri 9, Sat 10 (worked)');
    assert.equal(cal.addWorkingDays('2026-03-02', 15), '2026-03-23', 'an ordinary 15 working days');
  });

  it('refuses to compute past the last year it knows', () => {
    assert.throws(
      () => cal.addWorkingDays('2026-12-28', 5),
      (e: unknown) => e instanceof CalendarError && /2027/.test(e.message),
    );
    assert.throws(() => cal.isWorkingDay('2024-06-03'), CalendarError);
  });

  it('adds calendar durations in Beijing time', () => {
    const t = new Date('2026-01-31T02:00:00Z'); // 10:00 in Beijing
    assert.equal(addDuration(t, 'PT4H').toISOString(), '2026-01-31T06:00:00.000Z');
    assert.equal(beijingDate(addDuration(t, 'P1M')), '2026-02-28', 'clamped to the end of February');
    assert.equal(beijingDate(addDuration(t, 'P1Y')), '2027-01-31');
    assert.equal(beijingDate(addDuration(t, 'P30D')), '2026-03-02');
    assert.equal(
      beijingDate(new Date('2026-01-31T17:00:00Z')),
      '2026-02-01',
      'after 16:00 UTC it is the next day in Beijing',
    );
    assert.throws(() => addDuration(t, '4 hours'), RangeError);
  });
});
