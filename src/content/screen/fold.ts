import { T2S_PAIRS } from './t2s-table.js';

/** How texts, rules and allow entries are normalised (the same for all three). */
export interface NormaliseOptions {
  /** Noise code points allowed between two characters of a word (Unicode separators, punctuation, symbols, format characters). */
  maxGap: number;
  /** Case folding (A -> a, and Greek and Cyrillic capitals alike). */
  case: boolean;
  /** Full-width forms to half-width (U+FF01-FF5E, U+3000). */
  width: boolean;
  /** Traditional to simplified Chinese, one character to one (OpenCC's TSCharacters). */
  traditional: boolean;
  /** A run of the same canonical character counts as one. */
  repeats: boolean;
  /** Digit and letter look-alikes folded to one class (0/o, 1/l/i, 3/e, ...). */
  lookalikes: boolean;
}

export const defaultNormalise: NormaliseOptions = Object.freeze({
  maxGap: 2,
  case: true,
  width: true,
  traditional: true,
  repeats: true,
  lookalikes: true,
});

/** The options with nothing but the exact characters: no gap, no folding. */
export const exactNormalise: NormaliseOptions = Object.freeze({
  maxGap: 0,
  case: false,
  width: false,
  traditional: false,
  repeats: false,
  lookalikes: false,
});

/** The largest gap accepted (a larger one would join unrelated words). */
export const MAX_GAP_LIMIT = 16;

export function resolveOptions(options?: Partial<NormaliseOptions>): NormaliseOptions {
  const o = { ...defaultNormalise, ...(options ?? {}) };
  const gap = Number.isFinite(o.maxGap) ? Math.trunc(o.maxGap) : defaultNormalise.maxGap;
  o.maxGap = Math.min(MAX_GAP_LIMIT, Math.max(0, gap));
  return o;
}

/** What fold() answers for a noise code point. */
export const NOISE = -1;

/**
 * Noise: separators (Z*), punctuation (P*), symbols (S*, emoji among them),
 * format characters (Cf: zero-width space and joiners, the BOM), control
 * characters (Cc: tab, line feed) and combining marks (Mn, Me: the
 * strike-through and "Zalgo" marks evaders stack on letters), and lone
 * surrogates (Cs). None of them is ever part of a word.
 */
const NOISE_RE = /^[\p{Z}\p{P}\p{S}\p{Cf}\p{Cc}\p{Mn}\p{Me}\p{Cs}]$/u;

export function isNoiseCodePoint(cp: number): boolean {
  if (cp >= 0xd800 && cp <= 0xdfff) return true;
  return NOISE_RE.test(String.fromCodePoint(cp));
}

/**
 * Look-alikes, folded to one class whatever side they are on (rules and
 * texts alike): digits to the letter they imitate, and the Cyrillic and Greek
 * letters that look like Latin ones (the usual trick in phishing domains).
 * Applied after case folding, so capitals fold the same.
 */
const LOOKALIKES: Record<string, string> = {
  '0': 'o',
  '1': 'l',
  i: 'l',
  '2': 'z',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '6': 'b',
  '7': 't',
  '8': 'b',
  '9': 'g',
  // Cyrillic (lower case: capitals reach them through case folding)
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'l',
  ј: 'j',
  ѕ: 's',
  // Greek
  α: 'a',
  β: 'b',
  ε: 'e',
  ι: 'l',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
};

let t2s: Map<number, number> | undefined;
function traditionalTable(): Map<number, number> {
  if (!t2s) {
    t2s = new Map();
    for (let i = 0; i + 1 < T2S_PAIRS.length; i += 2)
      t2s.set(T2S_PAIRS.charCodeAt(i), T2S_PAIRS.charCodeAt(i + 1));
  }
  return t2s;
}

/**
 * The canonical form of one BMP code unit under the options, or NOISE. One
 * unit always maps to one unit (or to noise), so offsets into the original
 * stay exact. The steps, in order: noise; full-width to half-width (width);
 * Latin letters with diacritics to their base letter (é -> e, through NFD;
 * part of look-alikes); case; traditional to simplified; look-alikes.
 */
export function foldUnit(unit: number, o: NormaliseOptions): number {
  if (isNoiseCodePoint(unit)) return NOISE;
  let c = unit;
  if (o.width && c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
  if (o.lookalikes) {
    // é -> e: the decomposition's first unit when it is an ASCII letter (Hangul and the rest keep their form).
    const d = String.fromCharCode(c).normalize('NFD');
    if (d.length > 1 && /^[A-Za-z]$/.test(d[0]!)) c = d.charCodeAt(0);
  }
  if (o.case) {
    const lower = String.fromCharCode(c).toLowerCase();
    if (lower.length === 1) c = lower.charCodeAt(0);
  }
  if (o.traditional) c = traditionalTable().get(c) ?? c;
  if (o.lookalikes) {
    const l = LOOKALIKES[String.fromCharCode(c)];
    if (l !== undefined) c = l.charCodeAt(0);
  }
  if (c !== unit && isNoiseCodePoint(c)) return NOISE;
  return c;
}

/**
 * The canonical form of any code point: BMP units through foldUnit; code
 * points beyond the BMP are noise (emoji, other symbols) or themselves (rare
 * ideographs: no folding applies to them).
 */
export function foldCodePoint(cp: number, o: NormaliseOptions): number {
  if (cp < 0x10000) return foldUnit(cp, o);
  return isNoiseCodePoint(cp) ? NOISE : cp;
}

const tableCache = new Map<string, Int32Array>();

/**
 * The fold of every BMP code unit under the options, as one typed array
 * indexed by code unit (NOISE for noise; surrogates are NOISE here and read
 * as pairs by the scanner). Built once per set of folding options.
 */
export function foldTable(o: NormaliseOptions): Int32Array {
  const key = `${o.case ? 1 : 0}${o.width ? 1 : 0}${o.traditional ? 1 : 0}${o.lookalikes ? 1 : 0}`;
  let table = tableCache.get(key);
  if (!table) {
    table = new Int32Array(0x10000);
    for (let u = 0; u < 0x10000; u++) table[u] = foldUnit(u, o);
    tableCache.set(key, table);
  }
  return table;
}
