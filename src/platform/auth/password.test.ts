import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashPassword, passwordCost, verifyPassword } from './password.js';

describe('password hashing', () => {
  it('verifies the right password only, salts each hash, keeps no plain text', async () => {
    const a = await hashPassword('密码 correct horse');
    const b = await hashPassword('密码 correct horse');
    assert.notEqual(a, b);
    assert.doesNotMatch(a, /correct/);
    assert.match(a, new RegExp(`^scrypt\\$${passwordCost()}\\$8\\$1\\$`));
    assert.equal(await verifyPassword('密码 correct horse', a), true);
    assert.equal(await verifyPassword('密码 correct horse!', a), false);
    assert.equal(await verifyPassword('x', 'not-a-hash'), false);
  });

  it('costs 2^16 unless WANGAN_PASSWORD_COST says otherwise; the cost travels with the hash', async () => {
    assert.equal(passwordCost({}), 16);
    assert.equal(passwordCost({ WANGAN_PASSWORD_COST: '18' }), 18);
    for (const bad of ['9', '23', 'high', '16.5'])
      assert.throws(() => passwordCost({ WANGAN_PASSWORD_COST: bad }), /10 to 22/);
    // The hash names its own cost: it verifies at that cost, whatever new hashes use.
    const a = await hashPassword('another password');
    assert.equal(await verifyPassword('another password', a), true);
    const other = a.replace(/^scrypt\$\d+\$/, 'scrypt$11$');
    assert.equal(await verifyPassword('another password', other), false, 'the cost is part of the hash');
  });
});
