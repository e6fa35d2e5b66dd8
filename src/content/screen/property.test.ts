import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  compileScreener,
  defaultNormalise,
  exactNormalise,
  type EngineDefaults,
  type NormaliseOptions,
} from './index.js';
import { compileNaiveScreener } from './naive.js';

/**
 * The automaton against the reference (naive.ts: words of runs, every pattern
 * tried at every run). The two share the per-character fold (fold.ts) and the
 * rule normalisation (normalisePattern), nothing of the matching.
 */

// Small alphabets, so that random rules occur in random texts: letters with their
// capitals, full-width forms and look-alikes, simplified and traditional characters,
// repeats, noise of every kind, characters beyond the BMP and lone surrogates.
const letters = ['a', 'b', 'A', 'ａ', 'Ｂ', '4', '8', 'à', 'а' /* Cyrillic */, 'l', '1', 'I'];
const han = ['刷', '单', '單', '赌', '賭', '博', '谢', '𠀀' /* U+20000 */, '𠀁'];
const noise = [
  ' ',
  '*',
  '.',
  '\u200b',
  '\u3000',
  '，',
  '\u0301',
  '😀',
  '\u200d',
  '\t',
  '\ud800',
  '\udc00',
  '🇨🇳',
];
const alphabet = [...letters, ...han, ...noise];

const ch = fc.constantFrom(...alphabet);
const text = fc.array(ch, { maxLength: 40 }).map((a) => a.join(''));
const pattern = fc
  .array(fc.constantFrom(...letters, ...han, ...noise.slice(0, 4)), { minLength: 1, maxLength: 4 })
  .map((a) => a.join(''));

const optionsArb: fc.Arbitrary<Partial<NormaliseOptions>> = fc.oneof(
  fc.constant(defaultNormalise),
  fc.constant(exactNormalise),
  fc.record({
    maxGap: fc.integer({ min: 0, max: 3 }),
    case: fc.boolean(),
    width: fc.boolean(),
    traditional: fc.boolean(),
    repeats: fc.boolean(),
    lookalikes: fc.boolean(),
  }),
);

const defaults: EngineDefaults = { categoryAction: { c0: 'block', c1: 'review' }, fallbackAction: 'allow' };

function both(rules: string[], allow: string[], options: Partial<NormaliseOptions>) {
  const r = rules.map((pattern, i) => ({ pattern, category: `c${i % 3}` }));
  const a = allow.map((p) => ({ pattern: p }));
  let ref;
  try {
    ref = compileNaiveScreener(r, a, defaults, options);
  } catch (err) {
    // A rule that is all noise: both refuse it, the same way.
    assert.throws(() => compileScreener(r, a, defaults, options), { message: (err as Error).message });
    return undefined;
  }
  return { ref, fast: compileScreener(r, a, defaults, options) };
}

describe('screening engine against the naive reference', () => {
  it('the same matches on random texts and rule sets, normalisation on, off and in between', () => {
    fc.assert(
      fc.property(
        fc.array(pattern, { minLength: 1, maxLength: 8 }),
        fc.array(pattern, { maxLength: 2 }),
        optionsArb,
        fc.array(text, { minLength: 1, maxLength: 5 }),
        (rules, allow, options, texts) => {
          const s = both(rules, allow, options);
          if (!s) return;
          assert.deepEqual(s.fast.warnings, s.ref.warnings);
          for (const t of texts) assert.deepEqual(s.fast.screen(t), s.ref.screen(t), JSON.stringify(t));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('the same matches with many overlapping rules (shared prefixes and suffixes, failure links deep)', () => {
    const small = fc
      .array(fc.constantFrom('a', 'b', 'A', '4', ' ', '刷', '單'), { minLength: 1, maxLength: 6 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(
        fc.array(small, { minLength: 1, maxLength: 40 }),
        fc.array(small, { maxLength: 3 }),
        optionsArb,
        fc.array(
          fc
            .array(fc.constantFrom('a', 'b', 'A', 'ａ', '4', ' ', '  ', '刷', '单', '單'), { maxLength: 60 })
            .map((a) => a.join('')),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        (rules, allow, options, texts) => {
          const s = both(rules, allow, options);
          if (!s) return;
          for (const t of texts) assert.deepEqual(s.fast.screen(t), s.ref.screen(t), JSON.stringify(t));
        },
      ),
      { numRuns: 1500 },
    );
  });
});
