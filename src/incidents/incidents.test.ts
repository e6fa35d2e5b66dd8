import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';
import { fixedClock } from '../platform/clock.js';

/** 2026-03-01 23:30 Beijing time. */
const found = '2026-03-01T23:30';
const now = new Date('2026-03-01T16:00:00Z'); // 00:00 Beijing on 2 March

describeEachDatabase('incidents: open, edit, conflict', (ctx) => {
  const clock = fixedClock(now);
  const get = useTestApp(ctx, { clock });
  const as = (
    role: 'admin' | 'security_officer' | 'auditor' | 'compliance_officer' | 'data_protection_officer',
  ) => ({
    authorization: `Bearer ${get().tokens[role]}`,
  });
  const open = (payload: Record<string, unknown>) =>
    get().inject({ method: 'POST', url: '/api/incidents', headers: as('security_officer'), payload });

  it('opens a significant incident with its 4-hour clock', async () => {
    const r = await open({
      title: 'ransomware',
      category: 'malicious_program',
      discoveredAt: found,
      facts: { direct_loss_rmb: 6_000_000 },
    });
    assert.equal(r.statusCode, 201, r.body);
    const v = r.json();
    assert.match(v.ref, /^INC-2026-0001$/);
    assert.equal(v.grading.grade, 'III');
    assert.deepEqual(
      v.clocks.map((c: { rule: string; dueAt: string | null; status: string }) => [
        c.rule,
        c.dueAt,
        c.status,
      ]),
      [
        ['other', '2026-03-01T19:30:00.000Z', 'running'],
        ['final', null, 'waiting'],
      ],
    );
  });
});
