import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isShortClock } from '../obligations/deadlines.js';
import { DAY, HOUR } from '../platform/time.js';
import { loadContentCatalog } from './catalog-io.js';
import { isOverdue, takedownDue, takedownOpenItem } from './takedowns-rules.js';
import { takedownDeadlineSetting, takedownDeadlineVariable } from './takedowns-settings.js';

const catalog = loadContentCatalog().takedowns;
const t0 = new Date('2026-12-01T02:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('takedown demands: deadlines, lateness and the open item', () => {
  it('a demand naming no deadline takes the default; one naming its own keeps it', () => {
    assert.deepEqual(takedownDue(t0, undefined, 'PT24H'), { dueAt: at(DAY), defaultDeadline: true });
    assert.deepEqual(takedownDue(t0, at(2 * HOUR), 'PT24H'), { dueAt: at(2 * HOUR), defaultDeadline: false });
  });

  it('overdue: past its deadline and not done by then', () => {
    const due = at(4 * HOUR);
    const cases: [doneAt: Date | null, now: Date, overdue: boolean][] = [
      [null, at(3 * HOUR), false],
      [null, at(4 * HOUR), false],
      [null, at(5 * HOUR), true],
      [at(3 * HOUR), at(9 * HOUR), false],
      [at(4 * HOUR), at(9 * HOUR), false],
      [at(6 * HOUR), at(9 * HOUR), true],
    ];
    for (const [doneAt, now, expected] of cases)
      assert.equal(
        isOverdue({ due_at: due, done_at: doneAt }, now),
        expected,
        `${doneAt?.toISOString()} ${now.toISOString()}`,
      );
  });

  it('the open item starts when the demand arrived: within hours it is a short clock, counted in hours', () => {
    const demand = (hours: number) => ({
      id: 'd1',
      issuer: 'cac',
      issuerName: '某市网信办',
      documentNumber: '网信〔2026〕1号',
      receivedAt: t0.toISOString(),
      dueAt: at(hours * HOUR).toISOString(),
      targets: [{ value: 'https://a.example.cn/1' }, { value: 'https://a.example.cn/2' }],
    });
    const short = takedownOpenItem(demand(6), { zh: '网信部门', en: 'CAC' }, at(HOUR), 7);
    assert.deepEqual(
      [short.basis, short.startAt, short.status, short.subject, isShortClock(short)],
      ['hours', t0.toISOString(), 'on_track', 'https://a.example.cn/1 (+1)', true],
    );
    assert.equal(takedownOpenItem(demand(6), { zh: '', en: '' }, at(5 * HOUR), 7).status, 'due_soon');
    const long = takedownOpenItem(demand(48), { zh: '网信部门', en: 'CAC' }, at(HOUR), 7);
    assert.deepEqual([long.basis, isShortClock(long)], ['calendar', false]);
  });

  it('the default deadline is the catalogue’s, marked uncertain, unless the environment overrides it', () => {
    const def = takedownDeadlineSetting(catalog);
    assert.deepEqual(
      [def.value, def.uncertain, def.overridden, def.citations],
      ['PT24H', true, false, ['csl2025:52', 'csl2016:50']],
    );
    const set = takedownDeadlineSetting(catalog, { [takedownDeadlineVariable]: ' PT12H ' });
    assert.deepEqual([set.value, set.overridden], ['PT12H', true]);
    for (const bad of ['12h', 'PT0H', 'P31D', 'P'])
      assert.throws(
        () => takedownDeadlineSetting(catalog, { [takedownDeadlineVariable]: bad }),
        (e: { field?: string; messages?: { zh: string } }) =>
          e.field === takedownDeadlineVariable && /不超过30天/.test(e.messages?.zh ?? ''),
        bad,
      );
  });
});
