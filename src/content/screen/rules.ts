import type { ContentAction, ScreenMatch, Severity } from '../../../contract/content.js';
import { foldCodePoint, NOISE, type NormaliseOptions } from './fold.js';

export type { ScreenMatch };

/** One rule as the engine takes it. */
export interface EngineRule {
  pattern: string;
  category: string;
  /** Default medium. */
  severity?: Severity;
  /** Default: the category's action (EngineDefaults). */
  action?: ContentAction;
}

/** The actions when a rule names none: by category, and for a category the defaults do not know. */
export interface EngineDefaults {
  categoryAction: Record<string, ContentAction>;
  fallbackAction: ContentAction;
}

export interface ScreenOutcome {
  decision: ContentAction;
  matches: ScreenMatch[];
}

export interface Screener {
  screen(text: string): ScreenOutcome;
  readonly rules: number;
  readonly allow: number;
  /** Typed-array bytes of the automaton. */
  readonly memoryBytes: number;
  /** Rules whose meaning normalisation changes (e.g. 谢谢 -> 谢), with why: for the console to warn. */
  readonly warnings: { pattern: string; normalised: string; reason: string }[];
}

/** A rule or allow entry the engine refuses (all noise: nothing would ever match it). */
export class ScreenRuleError extends Error {
  readonly messages: { zh: string; en: string };
  constructor(
    readonly kind: 'rules' | 'allow',
    /** Its index in the list given. */
    readonly index: number,
    readonly pattern: string,
  ) {
    const what = kind === 'rules' ? { zh: '规则', en: 'rule' } : { zh: '白名单条目', en: 'allow-list entry' };
    const en = `${what.en} ${index + 1} ("${pattern}") is only spaces, punctuation or symbols: after normalisation nothing is left to match`;
    super(en);
    this.name = 'ScreenRuleError';
    this.messages = {
      zh: `第${index + 1}条${what.zh}（“${pattern}”）只有空格、标点或符号，规范化后没有可匹配的字符。`,
      en: `The ${en}.`,
    };
  }
}

/** A rule's pattern as the engine matches it: canonical code points, noise dropped, runs collapsed. */
export interface NormalisedPattern {
  chars: number[];
  /** The canonical form as text (for warnings and tests). */
  text: string;
  noiseDropped: boolean;
  collapsed: boolean;
}

export function normalisePattern(pattern: string, o: NormaliseOptions): NormalisedPattern {
  const chars: number[] = [];
  let noiseDropped = false;
  let collapsed = false;
  for (const ch of pattern) {
    const c = foldCodePoint(ch.codePointAt(0)!, o);
    if (c === NOISE) {
      noiseDropped = true;
      continue;
    }
    if (o.repeats && chars.length > 0 && chars[chars.length - 1] === c) {
      collapsed = true;
      continue;
    }
    chars.push(c);
  }
  return { chars, text: String.fromCodePoint(...chars), noiseDropped, collapsed };
}

/** The warning for a rule whose meaning normalisation changes, or undefined. */
export function patternWarning(
  pattern: string,
  n: NormalisedPattern,
): { pattern: string; normalised: string; reason: string } | undefined {
  const reasons: string[] = [];
  if (n.collapsed)
    reasons.push(
      `repeated characters count as one, so it matches every "${n.text}" (a single character as well as the doubled one)`,
    );
  if (n.noiseDropped)
    reasons.push('its spaces, punctuation and symbols are dropped (they are never matched)');
  return reasons.length ? { pattern, normalised: n.text, reason: reasons.join('; ') } : undefined;
}

export function resolveAction(rule: EngineRule, defaults: EngineDefaults): ContentAction {
  return rule.action ?? defaults.categoryAction[rule.category] ?? defaults.fallbackAction;
}

/** Block if any match blocks, else review if any holds for review, else allow. */
export function decide(matches: readonly { action: ContentAction }[]): ContentAction {
  let d: ContentAction = 'allow';
  for (const m of matches) {
    if (m.action === 'block') return 'block';
    if (m.action === 'review') d = 'review';
  }
  return d;
}
