import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '../platform/errors.js';
import { addDays } from '../platform/time.js';
import { loadLogvaultCatalog } from './catalog-io.js';
import { checkPolicyDays, daysToSeal, deletable, expiresOn, legalLastDay } from './retention.js';

const rules = loadLogvaultCatalog().retention;
const span = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

describe('log retention: six calendar months on Beijing dates', () => {
  it('the legal last day is the same day six months later, or that month’s end', () => {
    const cases: [string, string][] = [
      ['2026-03-01', '2026-09-01'], // the longest six months: 184 days
      ['2026-08-31', '2027-02-28'], // no 31 February: the month's last day
      ['2027-08-31', '2028-02-29'], // a leap year
      ['2028-02-29', '2028-08-29'],
      ['2026-12-31', '2027-06-30'],
      ['2026-06-15', '2026-12-15'],
    ];
    for (const [day, last] of cases) assert.equal(legalLastDay(day, rules), last, day);
  });

  it('six calendar months are 181 to 184 days for every day of three years, so 180 days fall short and 184 never do', () => {
    const lengths = new Set<number>();
    for (let d = '2026-01-01'; d < '2029-01-01'; d = addDays(d, 1))
      lengths.add(span(d, legalLastDay(d, rules)));
    assert.deepEqual([...lengths].sort(), [181, 182, 183, 184]);
    assert.equal(Math.max(...lengths), rules.longest_six_months_days);
  });

  it('a day expires the day after both the law and the policy have passed; never under a hold', () => {
    assert.equal(expiresOn('2026-03-01', 184, rules), '2026-09-02');
    assert.equal(expiresOn('2026-03-01', 185, rules), '2026-09-03');
    assert.equal(expiresOn('2026-08-31', 185, rules), '2027-03-05');
    assert.equal(deletable('2026-03-01', '2026-09-01', 184, rules), false, 'the last legal day: kept');
    assert.equal(deletable('2026-03-01', '2026-09-02', 184, rules), true);
    assert.equal(deletable('2026-03-01', '2027-09-02', 184, rules, true), false, 'a legal hold keeps it');
    // However the policy is set, the law still holds: a day is never deletable before its six months.
    for (let d = '2026-01-01'; d < '2027-01-01'; d = addDays(d, 7))
      assert.ok(expiresOn(d, rules.longest_six_months_days, rules) > legalLastDay(d, rules), d);
  });

  it('a policy below the longest six months is refused naming the field, in both languages', () => {
    assert.equal(checkPolicyDays(185, rules), 185);
    assert.equal(checkPolicyDays(184, rules), 184);
    for (const bad of [180, 183, 184.5, -1, '185', null]) {
      try {
        checkPolicyDays(bad, rules);
        assert.fail(`accepted ${String(bad)}`);
      } catch (err) {
        assert.ok(isAppError(err));
        assert.equal(err.field, 'policyDays');
        assert.match(err.messages.zh, /不少于184天/);
        assert.match(err.messages.en, /at least 184/);
      }
    }
  });

  it('the days to seal: the legal window back from yesterday, since the vault started', () => {
    const window = daysToSeal('2026-01-01', '2026-12-01', rules);
    assert.equal(window[0], '2026-06-01', 'the oldest day the law still keeps on 1 December');
    assert.equal(window.at(-1), '2026-11-30', 'today is still being written');
    assert.equal(window.length, 183);
    assert.deepEqual(daysToSeal('2026-11-29', '2026-12-01', rules), ['2026-11-29', '2026-11-30']);
    assert.deepEqual(daysToSeal('2026-12-01', '2026-12-01', rules), []);
  });
});
