import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../platform/errors.js';
import { loadLogvaultCatalog } from './catalog-io.js';
import { DEFAULT_MIN_FREE_BYTES, logvaultSettings } from './settings.js';

const rules = loadLogvaultCatalog().retention;
const section = logvaultSettings(rules);

describe('log vault settings', () => {
  it('defaults: the catalogue’s policy (185 days) and 256 MiB of free space', () => {
    assert.deepEqual(section.read({}), { policyDays: 185, minFreeBytes: DEFAULT_MIN_FREE_BYTES });
  });

  it('the policy can be raised, never set below the longest six calendar months', () => {
    assert.equal(section.read({ WANGAN_LOGVAULT_POLICY_DAYS: '400' }).policyDays, 400);
    assert.equal(section.read({ WANGAN_LOGVAULT_POLICY_DAYS: '184' }).policyDays, 184);
    for (const bad of ['183', '180', 'six months', '-1', '190.5']) {
      assert.throws(
        () => section.read({ WANGAN_LOGVAULT_POLICY_DAYS: bad }),
        (err: unknown) =>
          err instanceof AppError &&
          err.field === 'WANGAN_LOGVAULT_POLICY_DAYS' &&
          /不少于184天/.test(err.messages.zh),
        bad,
      );
    }
  });

  it('the free-space floor is a number of bytes', () => {
    assert.equal(section.read({ WANGAN_LOGVAULT_MIN_FREE_BYTES: '0' }).minFreeBytes, 0);
    assert.throws(
      () => section.read({ WANGAN_LOGVAULT_MIN_FREE_BYTES: '1GB' }),
      /WANGAN_LOGVAULT_MIN_FREE_BYTES/,
    );
  });
});
