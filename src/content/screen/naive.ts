import type { ScreenMatch } from '../../../contract/content.js';
import { foldCodePoint, NOISE, resolveOptions, type NormaliseOptions } from './fold.js';
import {
  decide,
  normalisePattern,
  patternWarning,
  resolveAction,
  ScreenRuleError,
  type EngineDefaults,
  type EngineRule,
  type Screener,
} from './rules.js';

/**
 * The reference matcher: the semantics of src/content/screen/index.ts written
 * the slow, obvious way (the text cut into words of runs, every pattern tried
 * at every run). It shares only the per-character fold (fold.ts) with the
 * automaton; the property tests hold the automaton to it.
 */

/** A run: one canonical character and the original units it covers (several when repeats collapse). */
interface Run {
  c: number;
  start: number;
  end: number;
}

/** The words of a text: runs of characters no more than maxGap noise code points apart. */
export function words(text: string, o: NormaliseOptions): Run[][] {
  const out: Run[][] = [];
  let word: Run[] = [];
  let gap = 0;
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    const c = foldCodePoint(cp, o);
    if (c === NOISE) {
      gap++;
    } else {
      if (word.length > 0 && gap > o.maxGap) {
        out.push(word);
        word = [];
      }
      const last = word[word.length - 1];
      if (o.repeats && last && last.c === c) last.end = i + len;
      else word.push({ c, start: i, end: i + len });
      gap = 0;
    }
    i += len;
  }
  if (word.length) out.push(word);
  return out;
}

export interface Hit {
  /** Index into the patterns given. */
  index: number;
  start: number;
  end: number;
}

/** Every occurrence of every pattern (already normalised), overlaps included, sorted by start, end, index. */
export function naiveHits(text: string, patterns: readonly number[][], o: NormaliseOptions): Hit[] {
  const hits: Hit[] = [];
  for (const word of words(text, o)) {
    for (let p = 0; p < patterns.length; p++) {
      const pat = patterns[p]!;
      if (pat.length === 0) continue;
      for (let s = 0; s + pat.length <= word.length; s++) {
        let k = 0;
        while (k < pat.length && word[s + k]!.c === pat[k]) k++;
        if (k === pat.length)
          hits.push({ index: p, start: word[s]!.start, end: word[s + pat.length - 1]!.end });
      }
    }
  }
  return hits.sort((a, b) => a.start - b.start || a.end - b.end || a.index - b.index);
}

/** The reference screener (the same contract as compileScreener). */
export function compileNaiveScreener(
  rules: EngineRule[],
  allow: { pattern: string }[],
  defaults: EngineDefaults,
  options?: Partial<NormaliseOptions>,
): Screener {
  const o = resolveOptions(options);
  const warnings: Screener['warnings'] = [];
  const rulePats = rules.map((r, i) => {
    const n = normalisePattern(r.pattern, o);
    if (n.chars.length === 0) throw new ScreenRuleError('rules', i, r.pattern);
    const w = patternWarning(r.pattern, n);
    if (w) warnings.push(w);
    return n.chars;
  });
  const allowPats = allow.map((a, i) => {
    const n = normalisePattern(a.pattern, o);
    if (n.chars.length === 0) throw new ScreenRuleError('allow', i, a.pattern);
    return n.chars;
  });
  const actions = rules.map((r) => resolveAction(r, defaults));
  return {
    rules: rules.length,
    allow: allow.length,
    memoryBytes: 0,
    warnings,
    screen(text: string) {
      const allowed = naiveHits(text, allowPats, o);
      const matches: ScreenMatch[] = [];
      for (const h of naiveHits(text, rulePats, o)) {
        if (allowed.some((a) => a.start <= h.start && h.end <= a.end)) continue;
        const r = rules[h.index]!;
        matches.push({
          rule: r.pattern,
          category: r.category,
          severity: r.severity ?? 'medium',
          action: actions[h.index]!,
          start: h.start,
          end: h.end,
          text: text.slice(h.start, h.end),
        });
      }
      return { decision: decide(matches), matches };
    },
  };
}
