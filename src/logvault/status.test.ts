import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { VaultStatusDto } from '../../contract/logvault.js';
import type { Actor } from '../platform/auth/roles.js';
import { fixedClock } from '../platform/clock.js';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';

const officer: Actor = { userId: 'so', username: 'so', role: 'security_officer', via: 'session' };

describeEachDatabase('log vault status', (ctx) => {
  // 10:00 Beijing on 1 March 2026.
  const clock = fixedClock(new Date('2026-03-01T02:00:00Z'));
  const get = useTestApp(ctx, { clock });
  const status = async (role: 'auditor' | 'compliance_officer' | 'data_protection_officer' = 'auditor') => {
    const res = await get().inject({
      method: 'GET',
      url: '/api/logvault/status',
      headers: { authorization: `Bearer ${get().tokens[role]}` },
    });
    return res;
  };

  it('shows the policy against the legal floor, the unsealed days of the window and the listeners', async () => {
    const t = get();
    const first = await status();
    assert.equal(first.statusCode, 200, first.body);
    const s0 = first.json() as VaultStatusDto;
    assert.equal(s0.policyDays, 185);
    assert.equal(s0.minimumMonths, 6);
    assert.equal(s0.longestSixMonthsDays, 184);
    assert.deepEqual(s0.citations, ['csl2025:23(3)', 'csl2016:21(3)']);
    assert.equal(s0.startedOn, '2026-03-01');
    assert.deepEqual(s0.unsealedDays, []);
    assert.equal(s0.refusing, null);
    assert.deepEqual(
      s0.listeners.map((l) => [l.transport, l.address]),
      [
        ['udp', null],
        ['tcp', null],
        ['tls', null],
      ],
      'syslog is off unless enabled',
    );

    await t.app.services.logvault.ingest(officer, [{ host: 'fw-01', message: 'Blocked 10.0.0.7' }], null);
    // Three days later nothing was sealed: every finished day of the window is listed.
    clock.set(new Date('2026-03-04T02:00:00Z'));
    const late = (await status('compliance_officer')).json() as VaultStatusDto;
    assert.deepEqual(late.unsealedDays, ['2026-03-01', '2026-03-02', '2026-03-03']);
    assert.equal(late.events, 1);
    assert.equal(late.oldestDay, '2026-03-01');
    await t.app.services.logvault.sealDays();
    const sealed = (await status()).json() as VaultStatusDto;
    assert.deepEqual(sealed.unsealedDays, []);
    assert.equal(sealed.sealedDays, 3);
    assert.equal(sealed.lastSealed, '2026-03-03');

    // Logs hold personal data, but the status does not: still, only the roles that answer for logs see it.
    assert.equal((await status('data_protection_officer')).statusCode, 403);
  });
});
