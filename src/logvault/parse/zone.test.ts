import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isTimeZone, wallToInstant } from './zone.js';

const wall = (s: string) => Date.parse(`${s}Z`);
const at = (zone: string, s: string) => new Date(wallToInstant(zone, wall(s))).toISOString();

describe('wall time in a source zone', () => {
  it('reads Asia/Shanghai as UTC+8 all year, and knows IANA names', () => {
    assert.equal(at('Asia/Shanghai', '2026-07-01T08:00:00'), '2026-07-01T00:00:00.000Z');
    assert.equal(at('Asia/Shanghai', '2026-01-01T08:00:00'), '2026-01-01T00:00:00.000Z');
    assert.equal(isTimeZone('Asia/Shanghai'), true);
    assert.equal(isTimeZone('Asia/Kolkata'), true);
    assert.equal(isTimeZone('Mars/Olympus'), false);
    assert.equal(at('Asia/Kolkata', '2026-03-01T05:30:00'), '2026-03-01T00:00:00.000Z');
  });

  it('reads a wall time that happens twice as the first, one that never happens with the offset before the change', () => {
    // New York, 1 November 2026: 01:30 happens at -04:00, then again at -05:00.
    assert.equal(at('America/New_York', '2026-11-01T01:30:00'), '2026-11-01T05:30:00.000Z');
    // 8 March 2026: 02:30 never happens (02:00 -> 03:00); read at -05:00, i.e. 03:30 summer time.
    assert.equal(at('America/New_York', '2026-03-08T02:30:00'), '2026-03-08T07:30:00.000Z');
    assert.equal(at('America/New_York', '2026-03-08T03:30:00'), '2026-03-08T07:30:00.000Z');
  });
});
