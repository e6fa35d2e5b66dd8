import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isAppError } from '../platform/errors.js';
import {
  indexHash,
  maskIdNumber,
  maskName,
  maskPhone,
  newHandle,
  openRecord,
  rewrapKey,
  sealRecord,
  VaultIntegrityError,
  type RingKey,
} from './vault-crypto.js';
import { KeyRing } from './vault-keys-io.js';

const key = (id: string): RingKey => ({ id, key: crypto.randomBytes(32) });
const person = { name: '张三', idNumber: '110101199003074514', phone: '13800138000' };

/** Flips one bit of the byte at `at` of a sealed value's bytes. */
function flip(sealed: string, at: number): string {
  const raw = Buffer.from(sealed.slice(3), 'base64');
  raw[at % raw.length]! ^= 0x01;
  return `v1:${raw.toString('base64')}`;
}

describe('the vault envelope (AES-256-GCM data key per record, wrapped by the vault key)', () => {
  it('round trips, and the stored strings hold nothing of the person', () => {
    const k = key('vk-1');
    const env = sealRecord('s-1', person, k);
    assert.deepEqual(openRecord('s-1', env, k), person);
    const stored = JSON.stringify(env);
    for (const clear of [person.name, person.idNumber, person.phone, '1101', '8000'])
      assert.ok(!stored.includes(clear), `${clear} in the envelope`);
    // Two seals of one record differ (fresh data key and nonces).
    assert.notEqual(sealRecord('s-1', person, k).ciphertext, env.ciphertext);
  });

  it('refuses a changed byte anywhere in the ciphertext or the wrapped key, a swapped row, and the wrong key', () => {
    const k = key('vk-1');
    const env = sealRecord('s-1', person, k);
    for (const at of [0, 5, 12, 20, 28, 40, 60])
      assert.throws(
        () => openRecord('s-1', { ...env, ciphertext: flip(env.ciphertext, at) }, k),
        VaultIntegrityError,
      );
    for (const at of [0, 13, 30, 50])
      assert.throws(
        () => openRecord('s-1', { ...env, wrappedKey: flip(env.wrappedKey, at) }, k),
        VaultIntegrityError,
      );
    // A ciphertext (or the whole envelope) copied onto another row does not open there.
    const other = sealRecord('s-2', { ...person, name: '李四' }, k);
    assert.throws(() => openRecord('s-2', env, k), VaultIntegrityError);
    assert.throws(() => openRecord('s-2', { ...other, ciphertext: env.ciphertext }, k), VaultIntegrityError);
    assert.throws(
      () => openRecord('s-1', env, { id: 'vk-1', key: crypto.randomBytes(32) }),
      VaultIntegrityError,
    );
    // A key id changed beside the wrapped key: the id is authenticated too.
    const k2 = { id: 'vk-2', key: k.key };
    assert.throws(() => openRecord('s-1', { ...env, keyId: 'vk-2' }, k2), VaultIntegrityError);
  });

  it('a re-wrap moves the data key to the new vault key and keeps the ciphertext', () => {
    const old = key('vk-1');
    const next = key('vk-2');
    const env = sealRecord('s-1', person, old);
    const moved = rewrapKey('s-1', env, old, next);
    assert.equal(moved.ciphertext, env.ciphertext);
    assert.equal(moved.keyId, 'vk-2');
    assert.deepEqual(openRecord('s-1', moved, next), person);
    assert.throws(() => openRecord('s-1', moved, old), VaultIntegrityError);
  });

  it('the keyed index is stable under one key, differs across keys and kinds', () => {
    const a = key('ik-1');
    const b = key('ik-2');
    assert.equal(indexHash(a, 'id', person.idNumber), indexHash(a, 'id', person.idNumber));
    assert.notEqual(indexHash(a, 'id', person.idNumber), indexHash(b, 'id', person.idNumber));
    assert.notEqual(indexHash(a, 'id', '13800138000'), indexHash(a, 'phone', '13800138000'));
    assert.match(indexHash(a, 'phone', person.phone), /^[0-9a-f]{64}$/);
  });

  it('masks and handles', () => {
    assert.equal(maskName('张三'), '张*');
    assert.equal(maskName('欧阳娜娜'), '欧***');
    assert.equal(maskIdNumber('11010119900307123X'), '1101**********123X');
    assert.equal(maskPhone('13800138000'), '138****8000');
    const handles = new Set(Array.from({ length: 500 }, () => newHandle()));
    assert.equal(handles.size, 500);
    for (const h of handles) assert.match(h, /^u_[a-z2-7]{16}$/);
  });
});

describe('key rings', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-ring-'));
  const now = new Date('2026-12-01T02:00:00Z');

  it('a ring in the data folder is made on first start with mode 0600; rotation appends and another process picks it up', () => {
    const dir = tmp();
    const a = KeyRing.open({ which: 'vault', dataDir: dir, envName: 'WANGAN_VAULT_KEY', now });
    const file = path.join(dir, 'identity-vault.keys');
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const first = a.active();
    const b = KeyRing.open({ which: 'vault', dataDir: dir, envName: 'WANGAN_VAULT_KEY', now });
    assert.equal(b.active().id, first.id);
    const second = a.rotate(new Date(now.getTime() + 1000));
    assert.equal(a.active().id, second.id);
    assert.equal(a.keys().length, 2);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    // b meets the new id (a record another process wrote) and re-reads the file.
    assert.equal(b.get(second.id)?.key.toString('hex'), second.key.toString('hex'));
    assert.equal(b.active().id, second.id);
    assert.deepEqual(
      fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')),
      [],
    );
  });

  it('a named ring file of "id base64key" lines: the last is active; bad lines are named', () => {
    const dir = tmp();
    const file = path.join(dir, 'ring');
    const k1 = crypto.randomBytes(32).toString('base64');
    const k2 = crypto.randomBytes(32).toString('base64');
    fs.writeFileSync(file, `# comment\nold ${k1}\nnew ${k2} 2026-11-01T00:00:00Z\n`);
    const r = KeyRing.open({ which: 'index', file, dataDir: dir, envName: 'X', now });
    assert.deepEqual(
      r.keys().map((k) => k.id),
      ['old', 'new'],
    );
    assert.equal(r.active().id, 'new');
    assert.equal(r.source, 'file');
    fs.writeFileSync(file, `old ${k1.slice(0, 10)}\n`);
    assert.throws(
      () => KeyRing.open({ which: 'index', file, dataDir: dir, envName: 'X', now }),
      /line 1.*32 bytes/,
    );
  });

  it('a key in the environment is one key that cannot be rotated here: the refusal says how', () => {
    const k = crypto.randomBytes(32).toString('base64');
    const r = KeyRing.open({ which: 'vault', envKey: k, dataDir: tmp(), envName: 'WANGAN_VAULT_KEY', now });
    assert.equal(r.source, 'environment');
    assert.ok(!r.active().id.includes(k.slice(0, 8)));
    assert.throws(
      () => r.rotate(now),
      (err: unknown) =>
        isAppError(err) &&
        err.status === 409 &&
        /WANGAN_VAULT_KEY_FILE/.test(err.messages.en) &&
        /WANGAN_VAULT_KEY_FILE/.test(err.messages.zh),
    );
    assert.throws(
      () =>
        KeyRing.open({
          which: 'vault',
          envKey: 'c2hvcnQ=',
          dataDir: tmp(),
          envName: 'WANGAN_VAULT_KEY',
          now,
        }),
      /WANGAN_VAULT_KEY must be 32 bytes/,
    );
  });
});
