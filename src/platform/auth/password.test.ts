import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashPassword, verifyPassword } from './password.js';

describe('password hashing', () => {
  it('verifies the right password only, salts each hash, keeps no plain text', async () => {
    const a = await hashPassword('密码 correct horse');
    const b = await hashPassword('密码 correct horse');
    assert.notEqual(a, b);
    assert.doesNotMatch(a, /correct/);
    assert.match(a, /^scrypt\$16\$8\$1\$/);
    assert.equal(await verifyPassword('密码 correct horse', a), true);
    assert.equal(await verifyPassword('密码 correct horse!', a), false);
    assert.equal(await verifyPassword('x', 'not-a-hash'), false);
  });
});
