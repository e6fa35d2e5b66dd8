import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDue, shanghaiDate, shanghaiDateTime } from '../web/src/deadline-format.js';

describe('the console shows deadlines in Beijing time', () => {
  it('to the minute for a clock of hours, the date otherwise, whatever the browser time zone', () => {
    const tz = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles'; // a browser far from Beijing
    try {
      assert.equal(formatDue({ dueAt: '2026-12-01T06:30:00.000Z', basis: 'hours' }), '2026-12-01 14:30');
      assert.equal(formatDue({ dueAt: '2026-12-01T16:30:00.000Z', basis: 'hours' }), '2026-12-02 00:30');
      // A date deadline falls at 00:00 Beijing time: 16:00 UTC the day before.
      assert.equal(formatDue({ dueAt: '2027-01-10T16:00:00.000Z', basis: 'working_days' }), '2027-01-11');
      assert.equal(formatDue({ dueAt: null, basis: 'calendar' }), null);
      assert.equal(shanghaiDate('2026-03-30T16:00:00.000Z'), '2026-03-31');
      assert.equal(shanghaiDateTime('2026-03-30T15:59:00.000Z'), '2026-03-30 23:59');
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });
});
