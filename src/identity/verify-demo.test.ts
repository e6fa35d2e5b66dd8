import assert from 'node:assert/strict';
import { it } from 'node:test';
import { fixedClock } from '../platform/clock.js';
import type { ModuleContext } from '../platform/module.js';
import { addDays, beijingDate } from '../platform/time.js';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';
import { seedVaultDemo } from './vault-part.js';
import { seedVerifyDemo } from './verify-demo.js';

describeEachDatabase('real-name gate demo', (ctx) => {
  const clock = fixedClock(new Date('2026-05-04T02:00:00Z'));
  const get = useTestApp(ctx, { clock });

  it('configures demo-forum and demo-im, verifies the vault demo people (one expired) and seals the past days', async () => {
    const t = get();
    const { vault, verify, gate } = t.app.services.identity;
    const demoCtx = {
      clock,
      get: (key: string) => (t.app.services as unknown as Record<string, unknown>)[key],
    } as unknown as ModuleContext;
    await seedVaultDemo(vault, demoCtx);
    await seedVerifyDemo(verify, t.app.services.identity, demoCtx);
    const seals = await gate.sealDays();
    const auth = { authorization: `Bearer ${t.tokens.auditor}` };
    const services = (await t.inject({ method: 'GET', url: '/api/identity/services', headers: auth })).json();
    assert.deepEqual(
      services.services.map((s: { key: string; requires: string[] }) => `${s.key}:${s.requires.join('+')}`),
      ['demo-forum:sms_otp', 'demo-im:sms_otp+id_check'],
    );
    const officer = await t.app.services.auth.findActor('compliance_officer');
    assert.equal(gate.check(officer, 'demo-forum', 'forum-1001').allowed, true);
    assert.equal(gate.check(officer, 'demo-im', 'im-2002').allowed, true);
    assert.equal(gate.check(officer, 'demo-forum', 'forum-1002').reason, 'verification_expired');
    // Five days configured: the five finished days of each service are sealed.
    const today = beijingDate(clock.now());
    assert.equal(seals.length, 10);
    assert.ok(seals.every((s) => s.day < today && s.day >= addDays(today, -5)));
    assert.ok(seals.some((s) => s.verifications > 0));
  });
});
