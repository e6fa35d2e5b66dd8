import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import YAML from 'yaml';
import { CalendarInputError, holidaysFile, parseCalendarYear, WorkCalendar, yearDays } from './calendar.js';

const shipped = holidaysFile.parse(
  YAML.parse(
    fs.readFileSync(path.resolve(import.meta.dirname, '..', '..', 'catalog', 'holidays.yaml'), 'utf8'),
  ),
);
const cal = new WorkCalendar(shipped.years);

/** A 2027 notice as an admin would add it (the dates here are made up for the test). */
const year2027 = `
year: 2027
reference: 国办发明电〔2026〕99号
notice:
  zh: 国务院办公厅关于2027年部分节假日安排的通知
days_off:
  - ["2027-01-01", "2027-01-03"]
  - "2027-04-05"
working_weekends: ["2027-01-09"]
`;

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
    const add = (d: string, n: number) => cal.addWorkingDays(d, n);
    assert.deepEqual(add('2026-02-13', 1), { date: '2026-02-14', unknownYears: [] }, 'the worked Saturday');
    assert.equal(add('2026-02-13', 2).date, '2026-02-24', 'then nine days off');
    assert.equal(
      add('2025-01-24', 3).date,
      '2025-02-05',
      'Fri 24 Jan 2025 -> Sun 26 (worked), Mon 27, then 5 Feb',
    );
    assert.equal(add('2025-09-30', 1).date, '2025-10-09', 'after National Day 2025');
    assert.equal(add('2026-09-30', 3).date, '2026-10-10', 'Thu 8, Fri 9, Sat 10 (worked)');
    assert.equal(add('2026-03-02', 15).date, '2026-03-23', 'an ordinary 15 working days');
  });

  it('past the known years: Monday to Friday, and said to be an estimate (never refused)', () => {
    const r = cal.addWorkingDays('2026-12-28', 5);
    assert.deepEqual(
      r,
      { date: '2027-01-04', unknownYears: [2027] },
      'Tue 29 .. Fri 1, Mon 4: no holiday known',
    );
    assert.equal(cal.isWorkingDay('2024-06-03'), true, 'a Monday of a year not known');
    // With the 2027 notice added, New Year's days are off and a Saturday is worked.
    const added = new WorkCalendar([...shipped.years, yearDays(parseCalendarYear(year2027))]);
    assert.deepEqual(added.addWorkingDays('2026-12-28', 5), { date: '2027-01-05', unknownYears: [] });
    assert.equal(added.isWorkingDay('2027-01-09'), true, 'the worked Saturday');
    assert.equal(added.isWorkingDay('2027-04-05'), false, 'a single day off');
  });

  it('an added year is checked strictly', () => {
    const refused = (y: Record<string, unknown>): string[] => {
      try {
        parseCalendarYear(y);
      } catch (err) {
        assert.ok(err instanceof CalendarInputError);
        return err.issues.map((i) => `${i.path} ${i.message}`);
      }
      assert.fail('accepted');
    };
    const base = {
      year: 2027,
      reference: '国办发明电〔2026〕99号',
      days_off: [['2027-01-01', '2027-01-03']],
    };
    assert.deepEqual(parseCalendarYear(base).working_weekends, []);
    assert.match(refused({ ...base, reference: undefined }).join(), /\/reference/);
    assert.match(
      refused({ ...base, days_off: [['2026-12-31', '2027-01-02']] }).join(),
      /2026-12-31 is not in 2027/,
    );
    assert.match(refused({ ...base, days_off: [['2027-01-03', '2027-01-01']] }).join(), /before/);
    assert.match(refused({ ...base, days_off: ['2027-02-30'] }).join(), /must be a date/);
    assert.match(refused({ ...base, working_weekends: ['2027-01-04'] }).join(), /not a Saturday or Sunday/);
    assert.match(
      refused({ ...base, working_weekends: ['2027-01-02'] }).join(),
      /2027-01-02 is also listed as a day off/,
    );
    assert.match(refused({ ...base, extra: 1 }).join(), /extra/i);
    assert.throws(() => parseCalendarYear('year: [unclosed'), CalendarInputError);
  });
});
