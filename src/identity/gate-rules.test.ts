import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VerificationMethod } from '../../contract/identity.js';
import { decide, type GateEntry, type MethodHold } from './gate-rules.js';

const NOW = Date.parse('2026-03-10T02:00:00Z');
const valid: MethodHold = { verifiedUntil: NOW + 1000, attempted: false };
const ranOut: MethodHold = { verifiedUntil: NOW, attempted: false };
const begun: MethodHold = { verifiedUntil: null, attempted: true };
const entry = (methods: GateEntry['methods']): GateEntry => ({ handle: 'h1', methods });

describe('the gate decides from the requirement, the holds and the instant', () => {
  const cases: [string, VerificationMethod[] | undefined, GateEntry | undefined, string | null][] = [
    ['no configuration', undefined, entry({ sms_otp: valid }), 'service_not_configured'],
    ['no account', ['sms_otp'], undefined, 'not_enrolled'],
    ['a code pending', ['sms_otp'], entry({ sms_otp: begun }), 'not_verified'],
    ['enrolled, nothing begun', ['sms_otp'], entry({}), 'not_verified'],
    ['verified', ['sms_otp'], entry({ sms_otp: valid }), null],
    ['both verified', ['sms_otp', 'id_check'], entry({ sms_otp: valid, id_check: valid }), null],
    ['run out at this very instant', ['sms_otp'], entry({ sms_otp: ranOut }), 'verification_expired'],
    [
      'run out, a new code pending',
      ['sms_otp'],
      entry({ sms_otp: { verifiedUntil: NOW - 1, attempted: true } }),
      'verification_expired',
    ],
    ['the requirement grew', ['sms_otp', 'id_check'], entry({ sms_otp: valid }), 'stronger_method_needed'],
    [
      'the added check begun, not passed',
      ['sms_otp', 'id_check'],
      entry({ sms_otp: valid, id_check: begun }),
      'not_verified',
    ],
    [
      'one of two run out',
      ['sms_otp', 'id_check'],
      entry({ sms_otp: valid, id_check: ranOut }),
      'verification_expired',
    ],
    ['holding another method only', ['sms_otp'], entry({ id_check: valid }), 'stronger_method_needed'],
  ];
  for (const [what, requires, e, reason] of cases)
    it(`${what}: ${reason ?? 'allowed'}`, () => {
      const r = decide(requires, e, NOW);
      assert.equal(r.reason, reason);
      assert.equal(r.allowed, reason === null);
      assert.ok(r.message.zh && r.message.en);
      if (reason === null) assert.equal(r.validUntil, new Date(NOW + 1000).toISOString());
      else assert.equal(r.validUntil, null);
    });
  it('allowed until the earliest expiry of what is required', () => {
    const r = decide(
      ['sms_otp', 'id_check'],
      entry({ sms_otp: valid, id_check: { verifiedUntil: NOW + 10, attempted: false } }),
      NOW,
    );
    assert.equal(r.validUntil, new Date(NOW + 10).toISOString());
    assert.deepEqual(r.holds, ['sms_otp', 'id_check']);
    assert.equal(r.handle, 'h1');
  });
});
