import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileScreener, type EngineDefaults, type Screener } from './index.js';

const defaults: EngineDefaults = { categoryAction: {}, fallbackAction: 'review' };
const screener = compileScreener(
  ['a', 'ab', 'fraud', '刷单', '赌博', '😀x', '𠀀', 'e\u0301', 'aa', 'ba'].map((pattern) => ({
    pattern,
    category: 'other',
  })),
  [{ pattern: 'abc' }],
  defaults,
);

function check(s: Screener, text: string): void {
  const out = s.screen(text);
  assert.ok(['allow', 'review', 'block'].includes(out.decision));
  for (const m of out.matches) {
    assert.ok(Number.isInteger(m.start) && Number.isInteger(m.end));
    assert.ok(
      m.start >= 0 && m.start < m.end && m.end <= text.length,
      `${m.start}-${m.end} of ${text.length}`,
    );
    assert.equal(m.text, text.slice(m.start, m.end));
  }
}

describe('screening never throws', () => {
  it('on random strings of any code units (lone surrogates, emoji with ZWJ, combining marks)', () => {
    const pieces = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 20 }), // any code point
      fc.string({
        unit: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)),
        maxLength: 20,
      }), // lone surrogates
      fc.constantFrom(
        '👨\u200d👩\u200d👧',
        '🏳️\u200d🌈',
        'e\u0301\u0301\u0301',
        'Z\u0336\u0335',
        '\ud83d',
        '\ude00',
        'ab',
        '刷单',
        'ｆｒａｕｄ',
      ),
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => check(screener, parts.join(''))),
      { numRuns: 3000 },
    );
  });

  it('on a 1 MB line, hostile or plain, in linear time', () => {
    const lines = [
      'a'.repeat(1 << 20), // one run: one match
      'ab'.repeat(1 << 19), // a match every unit
      '\ud800'.repeat(1 << 20), // lone surrogates: all noise
      '😀'.repeat(1 << 19),
      '刷 单 '.repeat(1 << 18),
      'e\u0301'.repeat(1 << 19),
    ];
    for (const line of lines) {
      const t0 = performance.now();
      check(screener, line);
      const ms = performance.now() - t0;
      assert.ok(ms < 5000, `${ms} ms for ${JSON.stringify(line.slice(0, 4))}...`);
    }
    assert.equal(screener.screen('a'.repeat(1 << 20)).matches.length, 2); // a, and aa collapsed to a
  });

  it('with every option off as well', () => {
    const exact = compileScreener([{ pattern: 'ab', category: 'other' }], [], defaults, {
      maxGap: 0,
      case: false,
      width: false,
      traditional: false,
      repeats: false,
      lookalikes: false,
    });
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 50 }), (t) => check(exact, t)),
      { numRuns: 1000 },
    );
  });
});
