import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compileScreener,
  exactNormalise,
  ScreenRuleError,
  type EngineDefaults,
  type EngineRule,
  type NormaliseOptions,
} from './index.js';

const defaults: EngineDefaults = {
  categoryAction: { fraud: 'block', gambling: 'block', other: 'review' },
  fallbackAction: 'review',
};

function spans(
  rules: (string | EngineRule)[],
  text: string,
  options?: Partial<NormaliseOptions>,
  allow: string[] = [],
) {
  const s = compileScreener(
    rules.map((r) => (typeof r === 'string' ? { pattern: r, category: 'fraud' } : r)),
    allow.map((pattern) => ({ pattern })),
    defaults,
    options,
  );
  return s.screen(text).matches.map((m) => `${m.rule}@${m.start}-${m.end}:${m.text}`);
}

describe('screening: evasions that must match', () => {
  const cases: [string, string, string][] = [
    ['刷单', '兼职刷*单日结', '刷单@2-5:刷*单'],
    ['fraud', 'a f.r.a.u.d b', 'fraud@2-11:f.r.a.u.d'],
    ['刷单', '刷 单', '刷单@0-3:刷 单'],
    ['刷单', '刷\u200b单', '刷单@0-3:刷\u200b单'],
    ['fraud', 'ＦＲＡＵＤ', 'fraud@0-5:ＦＲＡＵＤ'],
    ['FRAUD', 'Fraud', 'FRAUD@0-5:Fraud'],
    ['赌博', '網上賭博', '赌博@2-4:賭博'],
    ['賭博', '网上赌博', '賭博@2-4:赌博'],
    ['fraud', 'fr4ud', 'fraud@0-5:fr4ud'],
    ['fr4ud', 'FRAUD', 'fr4ud@0-5:FRAUD'],
    ['刷单', '刷刷单', '刷单@0-3:刷刷单'],
    ['刷单', '刷单单了', '刷单@0-3:刷单单'],
    ['paypal', 'pаypаl', 'paypal@0-6:pаypаl'], // Cyrillic а
    ['casino', 'cäsino', 'casino@0-6:cäsino'],
    // Combining marks are noise: the last one, after the last letter, is not part of the match.
    ['fraud', 'f\u0336r\u0336a\u0336u\u0336d\u0336', 'fraud@0-9:f\u0336r\u0336a\u0336u\u0336d'],
    ['god', 'goood', 'god@0-5:goood'],
    ['赌博', '赌🎲博', '赌博@0-4:赌🎲博'],
    ['刷单', '「刷单」', '刷单@1-3:刷单'],
  ];
  for (const [rule, text, want] of cases)
    it(`${rule} in ${JSON.stringify(text)}`, () => assert.deepEqual(spans([rule], text), [want]));

  it('a gap of exactly maxGap still joins; maxGap is configurable', () => {
    assert.deepEqual(spans(['刷单'], '刷**单'), ['刷单@0-4:刷**单']);
    assert.deepEqual(spans(['刷单'], '刷****单', { maxGap: 4 }), ['刷单@0-6:刷****单']);
  });
});

describe('screening: near-misses that must not match', () => {
  const cases: [string, string, Partial<NormaliseOptions>?][] = [
    ['刷单', '刷***单'], // more noise than maxGap 2
    ['刷单', '刷 单', { maxGap: 0 }],
    ['fraud', 'frxaud'], // a letter in between
    ['刷单', '刷个单'], // a character in between
    ['刷单', '刷卡'], // a different character
    ['fraud', 'fr4ud', { lookalikes: false }],
    ['fraud', 'ＦＲＡＵＤ', { width: false, case: true }],
    ['fraud', 'FRAUD', { case: false }],
    ['赌博', '賭博', { traditional: false }],
    ['god', 'goood', { repeats: false }],
    ['fraud', 'fruad'],
    ['casino', 'cäsino', { lookalikes: false }],
  ];
  for (const [rule, text, options] of cases)
    it(`${rule} not in ${JSON.stringify(text)} ${options ? JSON.stringify(options) : ''}`, () =>
      assert.deepEqual(spans([rule], text, options), []));

  it('without collapsing, a doubled character is two: the match starts at the second', () => {
    assert.deepEqual(spans(['刷单'], '刷刷单', { repeats: false }), ['刷单@1-3:刷单']);
  });

  it('exact options find only the exact word', () => {
    assert.deepEqual(spans(['fraud'], 'fraud FRAUD fr4ud f.raud', exactNormalise), ['fraud@0-5:fraud']);
  });
});

describe('screening: occurrences, overlaps, allow-list', () => {
  it('reports every occurrence of every rule, overlaps included, sorted by start then end', () => {
    assert.deepEqual(spans(['诈骗', '电信诈骗', '骗子', '诈骗电话'], '电信诈骗电话骗子，诈骗'), [
      '电信诈骗@0-4:电信诈骗',
      '诈骗@2-4:诈骗',
      '诈骗电话@2-6:诈骗电话',
      '骗子@6-8:骗子',
      '诈骗@9-11:诈骗',
    ]);
  });

  it('an allow-listed phrase suppresses the shorter rule inside it and nothing else', () => {
    const text = '反诈骗宣传：警惕诈骗';
    assert.deepEqual(spans(['诈骗'], text, {}, ['反诈骗']), ['诈骗@8-10:诈骗']);
    assert.deepEqual(spans(['诈骗', '反诈'], text, {}, ['反诈骗']), ['诈骗@8-10:诈骗']);
    // A rule longer than the allowed phrase is not inside it: it stays.
    assert.deepEqual(spans(['反诈骗宣传'], text, {}, ['反诈骗']), ['反诈骗宣传@0-5:反诈骗宣传']);
    // The allow entry is normalised too: traditional and noise inside it still allow.
    assert.deepEqual(spans(['诈骗'], '反 詐騙', {}, ['反诈骗']), []);
  });

  it('decides block over review over allow, and defaults actions by category', () => {
    const s = compileScreener(
      [
        { pattern: '博彩', category: 'gambling' },
        { pattern: '代购', category: 'other' },
        { pattern: '优惠', category: 'unknown_category' },
        { pattern: '免费', category: 'fraud', action: 'allow', severity: 'low' },
      ],
      [],
      defaults,
    );
    assert.equal(s.screen('今天天气好').decision, 'allow');
    assert.equal(s.screen('免费领取').decision, 'allow');
    assert.equal(s.screen('免费领取').matches.length, 1);
    assert.equal(s.screen('海外代购').decision, 'review');
    assert.equal(s.screen('优惠').decision, 'review');
    const m = s.screen('代购博彩');
    assert.equal(m.decision, 'block');
    assert.deepEqual(
      m.matches.map((x) => [x.rule, x.category, x.severity, x.action]),
      [
        ['代购', 'other', 'medium', 'review'],
        ['博彩', 'gambling', 'medium', 'block'],
      ],
    );
  });

  it('a doubled character collapses: 谢谢 matches every 谢, and says so in warnings', () => {
    const s = compileScreener([{ pattern: '谢谢', category: 'other' }], [], defaults);
    assert.deepEqual(
      s.screen('谢了，谢谢').matches.map((m) => m.text),
      ['谢', '谢谢'],
    );
    assert.equal(s.warnings.length, 1);
    assert.equal(s.warnings[0]!.pattern, '谢谢');
    assert.equal(s.warnings[0]!.normalised, '谢');
    assert.match(s.warnings[0]!.reason, /repeated/);
    const off = compileScreener([{ pattern: '谢谢', category: 'other' }], [], defaults, { repeats: false });
    assert.deepEqual(off.warnings, []);
    assert.deepEqual(
      off.screen('谢了，谢谢').matches.map((m) => m.text),
      ['谢谢'],
    );
  });

  it('refuses a rule or an allow entry that is all noise', () => {
    assert.throws(
      () =>
        compileScreener(
          [
            { pattern: 'ok', category: 'other' },
            { pattern: ' *** ', category: 'other' },
          ],
          [],
          defaults,
        ),
      (e: unknown) =>
        e instanceof ScreenRuleError &&
        e.kind === 'rules' &&
        e.index === 1 &&
        /第2条规则/.test(e.messages.zh),
    );
    assert.throws(
      () => compileScreener([], [{ pattern: '\u200b' }], defaults),
      (e: unknown) => e instanceof ScreenRuleError && e.kind === 'allow' && e.index === 0,
    );
  });

  it('counts rules and allow entries, and reports the automaton memory', () => {
    const s = compileScreener(
      [
        { pattern: 'a', category: 'other' },
        { pattern: 'b', category: 'other' },
      ],
      [{ pattern: 'ab' }],
      defaults,
    );
    assert.equal(s.rules, 2);
    assert.equal(s.allow, 1);
    assert.ok(s.memoryBytes >= 0);
  });
});
