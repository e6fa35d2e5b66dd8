import assert from 'node:assert/strict';
import { it } from 'node:test';
import { fixedClock } from '../platform/clock.js';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';

// 2026-12-01 17:00 UTC is already 2 December in Beijing.
const clock = fixedClock(new Date('2026-12-01T17:00:00Z'));
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const id = (s: string) => s + '10X98765432'.charAt([...s].reduce((a, c, i) => a + Number(c) * W[i]!, 0) % 11);

describeEachDatabase('POST /api/identity/validate', (ctx) => {
  const get = useTestApp(ctx, { clock });
  const post = (role: keyof ReturnType<typeof get>['tokens'], payload: unknown) =>
    get().inject({
      method: 'POST',
      url: '/api/identity/validate',
      headers: { authorization: `Bearer ${get().tokens[role]}` },
      payload: payload as Record<string, unknown>,
    });

  it('answers the validator result and, for a valid resident number, its area, birth date and sex', async () => {
    const res = await post('compliance_officer', { kind: 'resident-id', value: '11010519491231002x' });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), {
      valid: true,
      normalized: '11010519491231002X',
      reasons: [],
      warnings: [],
      details: { area: '北京市 朝阳区', birthDate: '1949-12-31', sex: 'female' },
    });
    const bad = await post('compliance_officer', { kind: 'resident-id', value: '11010519491231002' });
    assert.equal(bad.statusCode, 200);
    assert.equal(bad.json().valid, false);
    assert.equal(bad.json().details, null);
    assert.deepEqual(
      bad.json().reasons.map((r: { code: string }) => r.code),
      ['length'],
    );
    const uscc = await post('security_officer', { kind: 'uscc', value: '91350100M000100Y43' });
    assert.deepEqual([uscc.json().valid, uscc.json().details], [true, null]);
    const mobile = await post('data_protection_officer', { kind: 'mobile', value: '+86 138 0013 8000' });
    assert.equal(mobile.json().normalized, '13800138000');
  });

  it('checks birth dates against the Beijing date of the clock', async () => {
    assert.equal(
      (await post('admin', { kind: 'resident-id', value: id('44030520261202123') })).json().valid,
      true,
    );
    const tomorrow = await post('admin', { kind: 'resident-id', value: id('44030520261203123') });
    assert.deepEqual(
      tomorrow.json().reasons.map((r: { code: string }) => r.code),
      ['date'],
    );
  });

  it('is open to every reader role, the auditor with a read-only token included; not to a moderator', async () => {
    for (const role of [
      'admin',
      'compliance_officer',
      'security_officer',
      'data_protection_officer',
      'auditor',
    ] as const)
      assert.equal((await post(role, { kind: 'mobile', value: '13800138000' })).statusCode, 200, role);
    const moderator = await post('moderator', { kind: 'mobile', value: '13800138000' });
    assert.equal(moderator.statusCode, 403);
  });

  it('refuses a bad body without repeating the value', async () => {
    const long = `${'4'.repeat(199)}77`;
    const tooLong = await post('admin', { kind: 'resident-id', value: long });
    assert.equal(tooLong.statusCode, 400);
    assert.equal(tooLong.json().error.code, 'validation_failed');
    assert.doesNotMatch(tooLong.body, /4444444444/);
    const kind = await post('admin', { kind: 'passport', value: 'E12345678' });
    assert.equal(kind.statusCode, 400);
    assert.doesNotMatch(kind.body, /E12345678/);
  });

  it('records the check in the audit trail with its kind, never the value', async () => {
    const t = get();
    const n = id('44030519900307123');
    await post('compliance_officer', { kind: 'resident-id', value: n });
    await post('compliance_officer', { kind: 'resident-id', value: `${n.slice(0, 17)}0` });
    await post('compliance_officer', { kind: 'resident-id', value: 'x'.repeat(300) });
    const trail = await t.inject({
      method: 'GET',
      url: '/api/audit-events?action=identity.validate&limit=50',
      headers: { authorization: `Bearer ${t.tokens.admin}` },
    });
    assert.equal(trail.statusCode, 200);
    const events = trail.json().events as { path: string; detail: Record<string, unknown> | null }[];
    assert.ok(events.length >= 2);
    assert.ok(events.every((e) => e.path === '/api/identity/validate'));
    assert.ok(events.some((e) => e.detail?.kind === 'resident-id' && e.detail.valid === true));
    assert.ok(events.some((e) => e.detail?.kind === 'resident-id' && e.detail.valid === false));
    const all = await t.inject({
      method: 'GET',
      url: '/api/audit-events?limit=200',
      headers: { authorization: `Bearer ${t.tokens.admin}` },
    });
    for (const needle of [n, n.slice(0, 17), '440305', '19900307', '13800138000', 'xxxxxxxx'])
      assert.ok(!all.body.includes(needle), `the trail holds ${needle}`);
  });
});
