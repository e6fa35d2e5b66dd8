import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildReminder } from './reminders.js';
import type { Overview } from './types.js';

const base = {
  items: [],
  byChapter: [],
  exposure: [],
  ledger: {} as Overview['ledger'],
  dueSoonDays: 30,
  deadlines: [],
} satisfies Overview;

it('the daily reminder lists register items due soon or overdue, and is silent when nothing is', () => {
  assert.equal(buildReminder(base), null);
  const r = buildReminder({
    ...base,
    deadlines: [
      {
        source: 'rectifications',
        entryId: 'e1',
        obligations: ['csl.regulatory-interview'],
        label: { zh: '完成整改', en: 'Complete the rectification' },
        subject: '修补接口鉴权',
        due: '2026-04-20',
        status: 'overdue',
        party: 'operator',
      },
      {
        source: 'cii-supplier-agreements',
        entryId: 'e2',
        obligations: ['csl.cii-supplier-agreement'],
        label: { zh: '协议续签', en: 'Renew the agreement' },
        subject: 'A',
        due: '2027-06-20',
        status: 'on_track',
        party: 'operator',
      },
    ],
  });
  assert.ok(r);
  assert.match(r.markdown, /Register items \(1\)/);
  assert.match(r.markdown, /overdue: 完成整改 \/ Complete the rectification: 修补接口鉴权 \(2026-04-20\)/);
  assert.doesNotMatch(r.markdown, /Renew the agreement/);
});
