import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openItem } from '../obligations/deadlines.js';
import { beijingMidnight, HOUR } from '../platform/time.js';
import { buildEscalation, buildReminder } from './reminders.js';
import type { Overview } from './types.js';

const base = {
  items: [],
  byChapter: [],
  exposure: [],
  ledger: {} as Overview['ledger'],
  dueSoonDays: 30,
  deadlines: [],
} satisfies Overview;

const now = new Date('2026-05-01T02:00:00Z');
const item = (x: Partial<Parameters<typeof openItem>[0]>) =>
  openItem(
    {
      source: 'rectifications',
      entryId: 'e1',
      obligations: ['csl.regulatory-interview'],
      label: { zh: '完成整改', en: 'Complete the rectification' },
      subject: '修补接口鉴权',
      party: 'operator',
      dueAt: beijingMidnight('2026-04-20'),
      basis: 'calendar',
      rule: { id: 'registers.rectifications.deadlines.0' },
      ...x,
    },
    now,
    30,
  );

it('the daily reminder lists open items due soon or overdue, and is silent when nothing is', () => {
  assert.equal(buildReminder(base), null);
  const r = buildReminder({
    ...base,
    items: [
      {
        id: 'csl.mlps-assessment',
        title: { zh: '等级测评', en: 'Periodic MLPS conformity assessment' },
        status: 'due_soon',
        // Midnight in Beijing: 16:00 UTC the day before.
        nextDue: beijingMidnight('2026-05-10').toISOString(),
      } as Overview['items'][number],
    ],
    deadlines: [
      {
        ...item({}),
        duties: [
          { id: 'csl.regulatory-interview', title: { zh: '约谈后整改', en: 'Rectify after an interview' } },
        ],
      },
      item({
        source: 'cii-supplier-agreements',
        entryId: 'e2',
        label: { zh: '协议续签', en: 'Renew the agreement' },
        subject: 'A',
        dueAt: beijingMidnight('2027-06-20'),
      }),
      item({
        source: 'toy',
        entryId: 'i1',
        label: { zh: '报告事件', en: 'Report the incident' },
        subject: 'ransomware',
        basis: 'hours',
        startAt: now,
        dueAt: new Date(now.getTime() + 4 * HOUR - 1),
      }),
    ],
  });
  assert.ok(r);
  assert.match(r.markdown, /Periodic MLPS conformity assessment \(2026-05-10\)/, 'the Beijing date, not UTC');
  assert.match(r.markdown, /Open items \(1\)/);
  assert.match(
    r.markdown,
    /overdue: 完成整改 \/ Complete the rectification: 修补接口鉴权 \(2026-04-20\) — 义务 duty: 约谈后整改 \/ Rectify after an interview/,
  );
  assert.doesNotMatch(r.markdown, /Renew the agreement/);
  assert.doesNotMatch(r.markdown, /Report the incident/, 'on track: the escalations take care of it');
});

it('an escalation names the item, the duty by its title, its exact due time in Beijing, the time left and the articles as cited', () => {
  const d = item({
    source: 'toy',
    label: { zh: '报告事件', en: 'Report the incident' },
    subject: 'ransomware',
    basis: 'hours',
    startAt: now,
    dueAt: new Date(now.getTime() + 4 * HOUR),
    rule: { id: 'toy.report-4h', citations: ['csl2025:25', 'csl2016:25'] },
  });
  d.duties = [{ id: 'csl.incident-report', title: { zh: '报告网络安全事件', en: 'Report incidents' } }];
  const m = buildEscalation({ key: 'k', point: 'quarter', item: d }, new Date(now.getTime() + 3 * HOUR));
  assert.match(
    m.title,
    /报告事件，剩余四分之一时间 \/ wangan urgent: Report the incident, a quarter of the time left/,
  );
  assert.match(m.text, /Due: 2026-05-01 14:00 \(Beijing\) \(剩余 left: 1 h 0 min\)/);
  assert.match(m.text, /义务 Duty: 报告网络安全事件 \/ Report incidents/, 'the duty by its title');
  assert.doesNotMatch(m.text, /toy\.report-4h|csl\.incident-report|csl2025:/, 'no ids or keys');
  assert.match(
    m.text,
    /依据 Basis: 《网络安全法》（2025年修正）第二十五条；《网络安全法》（2016年文本）第二十五条 \/ CSL 2025 Art 25; CSL 2016 Art 25/,
  );
  const expired = buildEscalation({ key: 'k', point: 'expiry', item: d }, new Date(now.getTime() + 4 * HOUR));
  assert.match(expired.title, /the deadline has passed/);
  assert.doesNotMatch(expired.text, /left:/);
});
