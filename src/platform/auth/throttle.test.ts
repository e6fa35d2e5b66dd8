import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailureThrottle } from './throttle.js';

const MIN = 60_000;
const settings = { maxFailures: 3, windowMs: 15 * MIN, baseLockMs: MIN, maxLockMs: 4 * MIN };

describe('failure throttle', () => {
  it('locks after the limit within the window, for a lock that doubles up to the cap', () => {
    const t = new FailureThrottle(settings);
    let now = 0;
    const fail = (n: number) => {
      for (let i = 0; i < n; i++) assert.equal(t.attempt('a', now), 0, `attempt ${i + 1} may try`);
    };
    fail(3);
    assert.equal(t.attempt('a', now), MIN, 'the fourth is refused for a minute');
    const locks: number[] = [];
    for (let i = 0; i < 4; i++) {
      now += t.lockedFor('a', now);
      fail(3);
      locks.push(t.lockedFor('a', now));
    }
    assert.deepEqual(locks, [2 * MIN, 4 * MIN, 4 * MIN, 4 * MIN]);
  });

  it('failures older than the window do not count; success and a quiet day forget the key', () => {
    const t = new FailureThrottle(settings);
    t.attempt('a', 0);
    t.attempt('a', 0);
    t.attempt('a', 16 * MIN);
    assert.equal(t.lockedFor('a', 16 * MIN), 0, 'two of three failures are outside the window');
    t.attempt('a', 16 * MIN);
    t.succeeded('a');
    t.attempt('a', 16 * MIN);
    assert.equal(t.lockedFor('a', 16 * MIN), 0, 'success forgot the failures');
    for (let i = 0; i < 3; i++) t.attempt('b', 0);
    for (let i = 0; i < 3; i++) t.attempt('b', MIN);
    assert.equal(t.lockedFor('b', MIN), 2 * MIN, 'the second lock is longer');
    const nextDay = MIN + 24 * 60 * MIN + 1;
    for (let i = 0; i < 3; i++) t.attempt('b', nextDay);
    assert.equal(t.lockedFor('b', nextDay), MIN, 'after a quiet day the lock starts small again');
  });

  it('keys are independent, and a flood of new keys does not free a locked one', () => {
    const t = new FailureThrottle(settings, 100);
    for (let i = 0; i < 3; i++) t.attempt('victim', 0);
    assert.equal(t.lockedFor('other', 0), 0);
    for (let i = 0; i < 1000; i++) t.attempt(`made-up-${i}`, 1);
    assert.equal(t.lockedFor('victim', 2), MIN - 2);
  });

  it('a limit of 0 turns it off', () => {
    const t = new FailureThrottle({ ...settings, maxFailures: 0 });
    for (let i = 0; i < 50; i++) assert.equal(t.attempt('a', 0), 0);
  });
});
