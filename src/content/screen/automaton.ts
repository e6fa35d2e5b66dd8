import type { ScreenMatch } from '../../../contract/content.js';
import { foldTable, isNoiseCodePoint, NOISE, resolveOptions, type NormaliseOptions } from './fold.js';
import {
  decide,
  normalisePattern,
  patternWarning,
  resolveAction,
  PATTERN_LIMIT,
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
/** The hit buffer is reused between calls up to this many Int32 (then dropped after the call). */
const HITS_KEPT = 3 * 65_536;

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
    if (source.length > PATTERN_LIMIT)
      throw new ScreenRuleError(isRule ? 'rules' : 'allow', isRule ? e : e - nRules, source, 'long');
    const n = normalisePattern(source, o);
    if (n.chars.length === 0)
      throw new ScreenRuleError(isRule ? 'rules' : 'allow', isRule ? e : e - nRules, source);
    if (isRule) {
      const w = patternWarning(source, n, o);
      if (w) warnings.push(w);
    }
    patterns[e] = n.chars;
    totalChars += n.chars.length;
  }
  const bmpClass = new Int32Array(0x10000); // canonical BMP character -> class (0: none)
  const astralClass = new Map<number, number>();
  let nClasses = FIRST_CLASS;
  // BMP characters first: their classes stay below 65,536 (fewer letters than units), so the
  // class table is a Uint16Array; characters beyond the BMP come after.
  for (const chars of patterns)
    for (let k = 0; k < chars.length; k++) {
      const ch = chars[k]!;
      if (ch < 0x10000 && bmpClass[ch] === 0) bmpClass[ch] = nClasses++;
    }
  for (const chars of patterns)
    for (let k = 0; k < chars.length; k++) {
      const ch = chars[k]!;
      if (ch >= 0x10000 && !astralClass.has(ch)) astralClass.set(ch, nClasses++);
    }
  const classOf = (ch: number) => (ch < 0x10000 ? bmpClass[ch]! : astralClass.get(ch)!);

  // The one table the scan reads per code unit.
  const cls = new Uint16Array(0x10000);
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
  const parentClass = new Int32Array(cap);
  const parent = new Int32Array(cap);
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
    emit[v] = head[v] !== -1 ? v : emit[f]!;
  }
  // ---- the scan's layout: a double array (XOR variant) over the classes. A state is a
  // position; its child on class c sits at base[s] ^ c and is its child when check[] names s.
  // The root sits at 0 with base 0, so its children are at their class: a dense root row.
  const childStart = new Int32Array(states + 1);
  for (let v = 1; v < states; v++) childStart[parent[v]! + 1]!++;
  for (let u = 0; u < states; u++) childStart[u + 1]! += childStart[u]!;
  const children = new Int32Array(Math.max(1, states - 1));
  {
    const at = childStart.slice(0, states);
    for (let v = 1; v < states; v++) children[at[parent[v]!]!++] = v;
  }
  let size = pow2AtLeast(Math.max(nClasses + 1, states * 2, 64));
  let base = new Int32Array(size);
  let check = new Int32Array(size).fill(-1);
  // Free positions as a doubly linked list in position order (0 is the root: never free).
  let nextFree = new Int32Array(size);
  let prevFree = new Int32Array(size);
  const freeFrom = (lo: number, hi: number, tail: number) => {
    // links lo..hi-1 after `tail` (a free position or -1 for none), returns the new tail
    for (let p = lo; p < hi; p++) {
      prevFree[p] = tail;
      if (tail === -1) freeHead = p;
      else nextFree[tail] = p;
      tail = p;
    }
    if (tail !== -1) nextFree[tail] = -1;
    return tail;
  };
  let freeHead = -1;
  let freeTail = freeFrom(1, size, -1);
  const take = (p: number) => {
    const a = prevFree[p]!;
    const b = nextFree[p]!;
    if (a === -1) freeHead = b;
    else nextFree[a] = b;
    if (b === -1) freeTail = a;
    else prevFree[b] = a;
  };
  const grow = () => {
    const bigger = size * 2;
    const b2 = new Int32Array(bigger);
    b2.set(base);
    const c2 = new Int32Array(bigger).fill(-1);
    c2.set(check);
    const n2 = new Int32Array(bigger);
    n2.set(nextFree);
    const p2 = new Int32Array(bigger);
    p2.set(prevFree);
    base = b2;
    check = c2;
    nextFree = n2;
    prevFree = p2;
    freeTail = freeFrom(size, bigger, freeTail);
    size = bigger;
  };
  const pos = new Int32Array(states);
  check[0] = -2;
  let cursor = 1;
  const group: number[] = [];
  for (let i = -1; i < order.length; i++) {
    const u = i < 0 ? 0 : order[i]!;
    const from = childStart[u]!;
    const to = childStart[u + 1]!;
    if (from === to) continue;
    const pu = pos[u]!;
    let b: number;
    if (u === 0) b = 0;
    else {
      group.length = 0;
      for (let k = from; k < to; k++) group.push(parentClass[children[k]!]!);
      if (freeHead === -1) grow();
      const c0 = group[0]!;
      // A group of children searches from a cursor that only moves forward: past the crowded
      // front of the array, which single children (most states) fill from the free list's head.
      let p = group.length === 1 ? freeHead : cursor;
      let tries = 0;
      for (;;) {
        if (group.length === 1) {
          if (p === -1) {
            grow();
            p = freeHead;
            continue;
          }
          b = p ^ c0;
          break;
        }
        while (p < size && check[p] !== -1) p++;
        if (p >= size) {
          grow();
          continue;
        }
        const cand = p ^ c0;
        let ok = true;
        for (let k = 1; k < group.length && ok; k++) {
          const q = cand ^ group[k]!;
          ok = q !== 0 && check[q] === -1;
        }
        if (ok) {
          b = cand;
          if (tries > 16) cursor = p;
          break;
        }
        p++;
        tries++;
      }
    }
    base[pu] = b;
    for (let k = from; k < to; k++) {
      const v = children[k]!;
      const t = b ^ parentClass[v]!;
      take(t);
      check[t] = pu;
      pos[v] = t;
    }
  }
  // Every index the scan reads (base ^ class) lies below the power of two above the largest base and class.
  let maxBase = 0;
  for (let v = 0; v < states; v++) if (base[pos[v]!]! > maxBase) maxBase = base[pos[v]!]!;
  const positions = pow2AtLeast(Math.max(maxBase + 1, nClasses, 2));
  base = base.slice(0, positions);
  check = check.slice(0, positions);
  nextFree = new Int32Array(0);
  prevFree = new Int32Array(0);
  const failAt = new Int32Array(positions);
  const emitAt = new Int32Array(positions).fill(-1);
  const headAt = new Int32Array(positions).fill(-1);
  const depthAt = new Uint16Array(positions); // a pattern has at most PATTERN_LIMIT units
  for (let v = 0; v < states; v++) {
    const p = pos[v]!;
    failAt[p] = pos[fail[v]!]!;
    emitAt[p] = emit[v] === -1 ? -1 : pos[emit[v]!]!;
    headAt[p] = head[v]!;
    depthAt[p] = depth[v]!;
  }

  const actions = rules.map((r) => resolveAction(r, defaults));
  const ringSize = pow2AtLeast(maxDepth + 1);
  const ringMask = ringSize - 1;
  const ring = new Int32Array(ringSize);
  let hits = new Int32Array(3 * 64);

  const memoryBytes =
    cls.byteLength +
    base.byteLength +
    check.byteLength +
    failAt.byteLength +
    emitAt.byteLength +
    headAt.byteLength +
    depthAt.byteLength +
    nextSame.byteLength;

  const tables = {
    cls,
    base,
    check,
    fail: failAt,
    emit: emitAt,
    head: headAt,
    depth: depthAt,
    nextSame,
    ring,
    ringMask,
  };
  /** Every occurrence of every entry as (entry, start, end) triples in `hits`; answers the count. */
  function scan(text: string): number {
    // Locals, not the closure's variables: the JIT keeps them in registers.
    const { cls, base, check, fail, emit, head, nextSame, depth, ring, ringMask } = tables;
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
          t = emit[fail[t]!]!;
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
        const t = base[s]! ^ c;
        if (check[t] === s) {
          s = t;
          break;
        }
        if (s === 0) break;
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
        t = emit[fail[t]!]!;
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
      // Rule hits (indices into hits) and allow-entry hits apart.
      const found: number[] = [];
      const allowed: number[] = [];
      for (let k = 0; k < n; k++) (hits[k * 3]! >= nRules ? allowed : found).push(k);
      let kept = found;
      if (allowed.length > 0) {
        // Allow spans by start, with the largest end among those starting at or before each:
        // a hit lies inside one when the last span starting at or before it reaches its end.
        allowed.sort((x, y) => hits[x * 3 + 1]! - hits[y * 3 + 1]!);
        const starts = new Int32Array(allowed.length);
        const reach = new Int32Array(allowed.length);
        let most = -1;
        allowed.forEach((k, i) => {
          starts[i] = hits[k * 3 + 1]!;
          most = Math.max(most, hits[k * 3 + 2]!);
          reach[i] = most;
        });
        kept = found.filter((k) => {
          const start = hits[k * 3 + 1]!;
          let lo = 0;
          let hi = starts.length; // the first span starting after `start`
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (starts[mid]! <= start) lo = mid + 1;
            else hi = mid;
          }
          return lo === 0 || reach[lo - 1]! < hits[k * 3 + 2]!;
        });
      }
      // Hits come out by end; sorted by start, end, then rule order (often already so).
      const before = (x: number, y: number) =>
        hits[x * 3 + 1]! - hits[y * 3 + 1]! ||
        hits[x * 3 + 2]! - hits[y * 3 + 2]! ||
        hits[x * 3]! - hits[y * 3]!;
      for (let i = 1; i < kept.length; i++)
        if (before(kept[i - 1]!, kept[i]!) > 0) {
          kept.sort(before);
          break;
        }
      const matches: ScreenMatch[] = new Array<ScreenMatch>(kept.length);
      for (let i = 0; i < kept.length; i++) {
        const k = kept[i]!;
        const e = hits[k * 3]!;
        const start = hits[k * 3 + 1]!;
        const end = hits[k * 3 + 2]!;
        const r = rules[e]!;
        matches[i] = {
          rule: r.pattern,
          category: r.category,
          severity: r.severity ?? 'medium',
          action: actions[e]!,
          start,
          end,
          text: text.slice(start, end),
        };
      }
      // A hostile text's million hits are not kept alive with the screener.
      if (hits.length > HITS_KEPT) hits = new Int32Array(3 * 64);
      return { decision: decide(matches), matches };
    },
  };
}
