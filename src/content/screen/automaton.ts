import type { ScreenMatch } from '../../../contract/content.js';
import { foldTable, isNoiseCodePoint, NOISE, resolveOptions, type NormaliseOptions } from './fold.js';
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
 * The Aho-Corasick automaton behind compileScreener, laid out for speed: one
 * class table indexed by UTF-16 code unit that folds every normalisation at
 * once (case, width, traditional, look-alikes) into a character class of the
 * rules (0: a character no rule has, 1: noise, 2: a high surrogate to read as
 * a pair, 3 and up: the rules' canonical characters); the root's transitions
 * as a dense row over the classes; below it, each state's first child in two
 * arrays and the others in one open-addressing hash table; failure and
 * output links as typed arrays. The scan allocates nothing per character and
 * builds no string: hits go into a reused Int32Array, and only matches become
 * objects.
 */

const OTHER = 0;
const NOISE_CLASS = 1;
const HIGH_SURROGATE = 2;
const FIRST_CLASS = 3;

/** Noise or not, for code points beyond the BMP (emoji): the regex once per code point. */
const astralNoise = new Map<number, boolean>();
function astralIsNoise(cp: number): boolean {
  let v = astralNoise.get(cp);
  if (v === undefined) {
    v = isNoiseCodePoint(cp);
    if (astralNoise.size > 50_000) astralNoise.clear();
    astralNoise.set(cp, v);
  }
  return v;
}

function pow2AtLeast(n: number): number {
  let p = 1;
  while (p < n) p <<= 1;
  return p;
}

function hashOf(s: number, c: number, mask: number): number {
  return (Math.imul(s ^ Math.imul(c, 0x85ebca6b), 0x9e3779b1) >>> 12) & mask;
}

export function compileAutomatonScreener(
  rules: EngineRule[],
  allow: { pattern: string }[],
  defaults: EngineDefaults,
  options?: Partial<NormaliseOptions>,
): Screener {
  const o = resolveOptions(options);
  const fold = foldTable(o);
  const maxGap = o.maxGap;
  const repeats = o.repeats;
  const nRules = rules.length;
  const nEntries = nRules + allow.length;

  // ---- patterns, normalised; their characters numbered as classes
  const warnings: Screener['warnings'] = [];
  const patterns: number[][] = new Array<number[]>(nEntries);
  let totalChars = 0;
  for (let e = 0; e < nEntries; e++) {
    const isRule = e < nRules;
    const source = isRule ? rules[e]!.pattern : allow[e - nRules]!.pattern;
    const n = normalisePattern(source, o);
    if (n.chars.length === 0)
      throw new ScreenRuleError(isRule ? 'rules' : 'allow', isRule ? e : e - nRules, source);
    if (isRule) {
      const w = patternWarning(source, n);
      if (w) warnings.push(w);
    }
    patterns[e] = n.chars;
    totalChars += n.chars.length;
  }
  const bmpClass = new Int32Array(0x10000); // canonical BMP character -> class (0: none)
  const astralClass = new Map<number, number>();
  let nClasses = FIRST_CLASS;
  for (const chars of patterns)
    for (let k = 0; k < chars.length; k++) {
      const ch = chars[k]!;
      if (ch < 0x10000) {
        if (bmpClass[ch] === 0) bmpClass[ch] = nClasses++;
      } else if (!astralClass.has(ch)) astralClass.set(ch, nClasses++);
    }
  const classOf = (ch: number) => (ch < 0x10000 ? bmpClass[ch]! : astralClass.get(ch)!);

  // The one table the scan reads per code unit.
  const cls = new Int32Array(0x10000);
  for (let u = 0; u < 0x10000; u++) {
    const f = fold[u]!;
    cls[u] = f === NOISE ? NOISE_CLASS : bmpClass[f]!;
  }
  for (let u = 0xd800; u < 0xdc00; u++) cls[u] = HIGH_SURROGATE;

  // ---- the trie
  const cap = totalChars + 1;
  const rootNext = new Int32Array(nClasses);
  let firstClass = new Int32Array(cap).fill(-1);
  let firstChild = new Int32Array(cap);
  let multi = new Uint8Array(cap);
  let depth = new Int32Array(cap);
  let parentClass = new Int32Array(cap);
  let parent = new Int32Array(cap);
  let head = new Int32Array(cap).fill(-1); // first entry ending here
  const nextSame = new Int32Array(nEntries).fill(-1);
  let hashCap = pow2AtLeast(Math.max(16, totalChars * 2));
  let hashMask = hashCap - 1;
  let hS = new Int32Array(hashCap).fill(-1);
  let hC = new Int32Array(hashCap);
  let hV = new Int32Array(hashCap);
  let states = 1;
  let hashCount = 0;

  const child = (s: number, c: number): number => {
    if (s === 0) return rootNext[c]! || -1;
    if (firstClass[s] === c) return firstChild[s]!;
    if (multi[s] === 0) return -1;
    for (let h = hashOf(s, c, hashMask); ; h = (h + 1) & hashMask) {
      const k = hS[h]!;
      if (k === -1) return -1;
      if (k === s && hC[h] === c) return hV[h]!;
    }
  };

  for (let e = 0; e < nEntries; e++) {
    const chars = patterns[e]!;
    let s = 0;
    for (let k = 0; k < chars.length; k++) {
      const c = classOf(chars[k]!);
      let t = child(s, c);
      if (t === -1) {
        t = states++;
        depth[t] = depth[s]! + 1;
        parent[t] = s;
        parentClass[t] = c;
        if (s === 0) rootNext[c] = t;
        else if (firstClass[s] === -1) {
          firstClass[s] = c;
          firstChild[s] = t;
        } else {
          multi[s] = 1;
          let h = hashOf(s, c, hashMask);
          while (hS[h] !== -1) h = (h + 1) & hashMask;
          hS[h] = s;
          hC[h] = c;
          hV[h] = t;
          hashCount++;
        }
      }
      s = t;
    }
    // Entries ending in the same state: a list in input order (so hits come out in rule order).
    if (head[s] === -1) head[s] = e;
    else {
      let last = head[s]!;
      while (nextSame[last] !== -1) last = nextSame[last]!;
      nextSame[last] = e;
    }
  }

  // Shrink to what was used; the hash table to twice its entries.
  firstClass = firstClass.slice(0, states);
  firstChild = firstChild.slice(0, states);
  multi = multi.slice(0, states);
  depth = depth.slice(0, states);
  head = head.slice(0, states);
  {
    const newCap = pow2AtLeast(Math.max(16, hashCount * 2));
    if (newCap < hashCap) {
      const s2 = new Int32Array(newCap).fill(-1);
      const c2 = new Int32Array(newCap);
      const v2 = new Int32Array(newCap);
      const m2 = newCap - 1;
      for (let h = 0; h < hashCap; h++) {
        const s = hS[h]!;
        if (s === -1) continue;
        let g = hashOf(s, hC[h]!, m2);
        while (s2[g] !== -1) g = (g + 1) & m2;
        s2[g] = s;
        c2[g] = hC[h]!;
        v2[g] = hV[h]!;
      }
      hS = s2;
      hC = c2;
      hV = v2;
      hashCap = newCap;
      hashMask = m2;
    }
  }

  // ---- failure and output links, breadth first (states sorted by depth)
  let maxDepth = 0;
  for (let s = 1; s < states; s++) if (depth[s]! > maxDepth) maxDepth = depth[s]!;
  const byDepthStart = new Int32Array(maxDepth + 2);
  for (let s = 1; s < states; s++) byDepthStart[depth[s]! + 1]!++;
  for (let d = 1; d <= maxDepth + 1; d++) byDepthStart[d]! += byDepthStart[d - 1]!;
  const order = new Int32Array(Math.max(0, states - 1));
  {
    const fillAt = byDepthStart.slice();
    for (let s = 1; s < states; s++) order[fillAt[depth[s]!]!++] = s;
  }
  const fail = new Int32Array(states);
  const emit = new Int32Array(states).fill(-1); // first state with entries on the failure chain, itself included
  const dict = new Int32Array(states).fill(-1); // the next one after it
  for (let i = 0; i < order.length; i++) {
    const v = order[i]!;
    const u = parent[v]!;
    let f = 0;
    if (u !== 0) {
      const c = parentClass[v]!;
      let w = fail[u]!;
      for (;;) {
        const t = child(w, c);
        if (t !== -1) {
          f = t;
          break;
        }
        if (w === 0) break;
        w = fail[w]!;
      }
    }
    fail[v] = f;
    dict[v] = emit[f]!;
    emit[v] = head[v] !== -1 ? v : emit[f]!;
  }
  parent = new Int32Array(0);
  parentClass = new Int32Array(0);

  const actions = rules.map((r) => resolveAction(r, defaults));
  const ringSize = pow2AtLeast(maxDepth + 1);
  const ringMask = ringSize - 1;
  const ring = new Int32Array(ringSize);
  let hits = new Int32Array(3 * 64);

  const memoryBytes =
    cls.byteLength +
    rootNext.byteLength +
    firstClass.byteLength +
    firstChild.byteLength +
    multi.byteLength +
    depth.byteLength +
    head.byteLength +
    nextSame.byteLength +
    hS.byteLength +
    hC.byteLength +
    hV.byteLength +
    fail.byteLength +
    emit.byteLength +
    dict.byteLength;

  /** Every occurrence of every entry as (entry, start, end) triples in `hits`; answers the count. */
  function scan(text: string): number {
    let n = 0;
    let s = 0;
    let gap = 0;
    let prev = -1; // class of the open run (-1: none)
    let runEnd = 0;
    let run = 0;
    const len = text.length;
    for (let i = 0; i < len; i++) {
      let c = cls[text.charCodeAt(i)]!;
      if (c === NOISE_CLASS) {
        gap++;
        continue;
      }
      const start = i;
      if (c === HIGH_SURROGATE) {
        const lo = i + 1 < len ? text.charCodeAt(i + 1) : 0;
        if (lo < 0xdc00 || lo > 0xdfff) {
          gap++; // a lone surrogate is noise
          continue;
        }
        const cp = ((text.charCodeAt(i) - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
        i++;
        if (astralIsNoise(cp)) {
          gap++;
          continue;
        }
        c = astralClass.get(cp) ?? OTHER;
      }
      const end = i + 1;
      const broken = gap > maxGap;
      if (!broken && repeats && c === prev) {
        runEnd = end;
        gap = 0;
        continue;
      }
      gap = 0;
      // The open run ends: report what ends with it.
      if (prev !== -1) {
        let t = emit[s]!;
        while (t !== -1) {
          for (let e = head[t]!; e !== -1; e = nextSame[e]!) {
            if (n * 3 + 3 > hits.length) {
              const bigger = new Int32Array(hits.length * 2);
              bigger.set(hits);
              hits = bigger;
            }
            hits[n * 3] = e;
            hits[n * 3 + 1] = ring[(run - depth[t]! + 1) & ringMask]!;
            hits[n * 3 + 2] = runEnd;
            n++;
          }
          t = dict[t]!;
        }
      }
      if (broken) s = 0;
      // A new run.
      run++;
      ring[run & ringMask] = start;
      runEnd = end;
      prev = c;
      if (c === OTHER) {
        s = 0;
        continue;
      }
      for (;;) {
        if (s === 0) {
          s = rootNext[c]!;
          break;
        }
        if (firstClass[s] === c) {
          s = firstChild[s]!;
          break;
        }
        if (multi[s] !== 0) {
          let h = (Math.imul(s ^ Math.imul(c, 0x85ebca6b), 0x9e3779b1) >>> 12) & hashMask;
          let found = -1;
          for (;;) {
            const k = hS[h]!;
            if (k === -1) break;
            if (k === s && hC[h] === c) {
              found = hV[h]!;
              break;
            }
            h = (h + 1) & hashMask;
          }
          if (found !== -1) {
            s = found;
            break;
          }
        }
        s = fail[s]!;
      }
    }
    if (prev !== -1) {
      let t = emit[s]!;
      while (t !== -1) {
        for (let e = head[t]!; e !== -1; e = nextSame[e]!) {
          if (n * 3 + 3 > hits.length) {
            const bigger = new Int32Array(hits.length * 2);
            bigger.set(hits);
            hits = bigger;
          }
          hits[n * 3] = e;
          hits[n * 3 + 1] = ring[(run - depth[t]! + 1) & ringMask]!;
          hits[n * 3 + 2] = runEnd;
          n++;
        }
        t = dict[t]!;
      }
    }
    return n;
  }

  return {
    rules: nRules,
    allow: allow.length,
    memoryBytes,
    warnings,
    screen(text: string) {
      const n = scan(text);
      if (n === 0) return { decision: 'allow', matches: [] };
      let allowed: number[] | undefined;
      const found: number[] = [];
      for (let k = 0; k < n; k++) {
        if (hits[k * 3]! >= nRules) (allowed ??= []).push(hits[k * 3 + 1]!, hits[k * 3 + 2]!);
        else found.push(k);
      }
      const out: { m: ScreenMatch; e: number }[] = [];
      for (const k of found) {
        const e = hits[k * 3]!;
        const start = hits[k * 3 + 1]!;
        const end = hits[k * 3 + 2]!;
        if (allowed) {
          let inside = false;
          for (let a = 0; a < allowed.length && !inside; a += 2)
            inside = allowed[a]! <= start && end <= allowed[a + 1]!;
          if (inside) continue;
        }
        const r = rules[e]!;
        const m: ScreenMatch = {
          rule: r.pattern,
          category: r.category,
          severity: r.severity ?? 'medium',
          action: actions[e]!,
          start,
          end,
          text: text.slice(start, end),
        };
        out.push({ m, e });
      }
      // Sorted by start, end, then rule order.
      if (out.length > 1) out.sort((x, y) => x.m.start - y.m.start || x.m.end - y.m.end || x.e - y.e);
      const matches = out.map((x) => x.m);
      return { decision: decide(matches), matches };
    },
  };
}
