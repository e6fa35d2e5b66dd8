/**
 * The screening engine (issue 14 item 1): many words and phrases matched at
 * once over Chinese and English text, with the normalisation that evasion
 * needs, positions reported in the original text. Pure: no I/O.
 *
 * Normalisation maps each code point of the original to one canonical
 * character or to "noise" (fold.ts), the same way for rules, allow entries
 * and texts, so what a rule means is predictable:
 * - case folding (FRAUD = fraud), full-width to half-width (ＦＲＡＵＤ =
 *   FRAUD, U+FF01-FF5E and the ideographic space U+3000), traditional to
 *   simplified Chinese through OpenCC's one-character table (賭博 = 赌博;
 *   t2s-table.ts, generated from opencc-js by scripts/gen-t2s-table.mjs, one
 *   unit to one unit so offsets stay exact), look-alikes folded to one class
 *   on both sides (0/o, 1/l/i, 2/z, 3/e, 4/a, 5/s, 6/b, 8/b, 7/t, 9/g; Latin
 *   letters with diacritics to their base letter; Cyrillic and Greek letters
 *   that look Latin), each switchable in NormaliseOptions;
 * - noise: separators (Z*), punctuation (P*), symbols (S*, emoji among them),
 *   format characters (Cf: zero-width space and joiners), control characters
 *   (Cc: tab) and combining marks (Mn, Me: strike-through and "Zalgo" marks),
 *   lone surrogates. Noise is never part of a word: up to `maxGap` noise code
 *   points may stand between two characters of a word (刷*单, f.r.a.u.d,
 *   刷 单, 刷\u200b单); more noise than that ends the word. Noise inside a
 *   rule is dropped (a rule "f r a u d" is the rule "fraud"); a rule or allow
 *   entry that is all noise is refused (ScreenRuleError). With maxGap 0 any
 *   noise ends a word.
 * - repeated characters: a run of the same canonical character counts as one
 *   (刷刷单 = 刷单, noise up to maxGap allowed inside the run). Rules collapse
 *   too: a rule 谢谢 becomes 谢 and matches every 谢, alone or doubled; such
 *   a rule is reported in `warnings` (as is one that loses noise), for the
 *   console to show.
 * - characters beyond the BMP are read as whole code points: emoji and other
 *   symbols are noise, rare ideographs match as themselves (no folding).
 *
 * Matches: every occurrence of every rule, overlaps included, sorted by
 * start, end, then rule order. `start`/`end` are UTF-16 code units of the
 * original text (`end` exclusive) and `text` is the original slice: a match
 * starts at the first unit of its first character (of the run, when repeats
 * collapse) and ends after the last unit of its last character (of its run);
 * noise before the first or after the last character is not part of it.
 * An allow entry suppresses the matches whose span lies within one of its
 * occurrences (found the same way), and nothing else: 反诈骗 allowed hides
 * the rule 诈骗 inside it, while 诈骗 elsewhere in the text still matches.
 *
 * Decision: block if any match's action is block, else review if any is
 * review, else allow. A rule's action defaults to its category's
 * (EngineDefaults.categoryAction, then fallbackAction); severity to medium.
 *
 * screen() never throws on any string (lone surrogates, emoji sequences,
 * combining marks, megabyte lines) and runs in time linear in the text plus
 * the matches.
 */
import { compileAutomatonScreener } from './automaton.js';
import type { NormaliseOptions } from './fold.js';
import type { EngineDefaults, EngineRule, Screener } from './rules.js';

export { defaultNormalise, exactNormalise, MAX_GAP_LIMIT, type NormaliseOptions } from './fold.js';
export {
  ScreenRuleError,
  type EngineDefaults,
  type EngineRule,
  type ScreenMatch,
  type ScreenOutcome,
  type Screener,
} from './rules.js';
export { parseRuleFile, RuleFileError, type ParsedRuleFile, type RuleFileOptions } from './rule-file.js';

/**
 * Compiles rules and allow entries into a screener. Throws ScreenRuleError
 * for a rule or allow entry that is all noise.
 */
export function compileScreener(
  rules: EngineRule[],
  allow: { pattern: string }[],
  defaults: EngineDefaults,
  options?: Partial<NormaliseOptions>,
): Screener {
  return compileAutomatonScreener(rules, allow, defaults, options);
}
