/**
 * Screening engine benchmark (npm run bench:screen), in process, no database.
 * A seeded, generated corpus of about 10 MB (UTF-8) of mixed Chinese and
 * English messages, a few in a hundred carrying a rule word, half of those
 * disguised (noise between the characters, full-width, capitals,
 * traditional characters, repeats); 5,000 generated rules (Chinese words of
 * 2-4 characters, English words). Each engine screens every message, one
 * call per message, best of RUNS passes, timed by the process's CPU time
 * (the machines these run on are shared; the wall clock goes to stderr).
 * - mb_per_second: our engine, every normalisation on (goal >= 100); anchor:
 *   @monyone/aho-corasick's fast build (a double-array Aho-Corasick) on the
 *   same raw messages, which it cannot normalise.
 * - mint_ratio: ours / mint-filter 4.0.3 (goal >= 5); monyone_ratio: ours /
 *   @monyone/aho-corasick fast (goal >= 1.5).
 * - build_100k_seconds: 100,000 rules compiled (goal < 1 s); anchor:
 *   mint-filter building the same words.
 * - automaton_mb: the typed arrays of the 5,000-rule automaton; anchor: the
 *   100,000-rule one.
 * Progress goes to stderr, figures to stdout.
 */
import { AhoCorasick } from '@monyone/aho-corasick/fast';
import { Mint } from 'mint-filter';
import { compileScreener, type EngineRule } from '../src/content/screen/index.js';
import { T2S_PAIRS } from '../src/content/screen/t2s-table.js';
import { line } from './figure.js';

const CORPUS_BYTES = Number(process.env.BENCH_SCREEN_MB ?? 10) * 1_000_000;
const RULES = 5_000;
const BIG_RULES = 100_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/** The process's CPU time: on a shared machine, steadier than the wall clock (every engine is timed alike). */
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const info = (m: string) => process.stderr.write(`# ${m}\n`);

/** mulberry32: a small seeded PRNG, so every run screens the same corpus. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(20261201);
const int = (n: number) => Math.floor(rand() * n);
/** Skewed towards the front of a pool (common characters and words come up more often). */
const skewed = <T>(pool: readonly T[]) => pool[Math.floor(pool.length * rand() * rand())]!;

// Simplified characters that have a traditional form (for disguised rule words), and a pool
// of 3,500 Chinese characters in which they are frequent.
const toTraditional = new Map<string, string>();
for (let i = 0; i + 1 < T2S_PAIRS.length; i += 2) toTraditional.set(T2S_PAIRS[i + 1]!, T2S_PAIRS[i]!);
const hanPool: string[] = [];
{
  const seen = new Set<string>();
  const simplified = [...toTraditional.keys()].filter((c) => c >= '\u4e00' && c <= '\u9fa5');
  while (hanPool.length < 3500) {
    const c =
      rand() < 0.4 ? simplified[int(simplified.length)]! : String.fromCharCode(0x4e00 + int(0x9fa5 - 0x4e00));
    if (!seen.has(c)) {
      seen.add(c);
      hanPool.push(c);
    }
  }
}
const latin = 'abcdefghijklmnopqrstuvwxyz';
function englishWord(min: number, max: number): string {
  let w = '';
  const n = min + int(max - min + 1);
  for (let i = 0; i < n; i++) w += latin[int(26)];
  return w;
}
const vocabulary = Array.from({ length: 3000 }, () => englishWord(2, 9));

function makeRules(n: number): string[] {
  const out = new Set<string>();
  while (out.size < n) {
    if (rand() < 0.7) {
      let w = '';
      const len = 2 + int(3);
      for (let i = 0; i < len; i++) w += hanPool[int(hanPool.length)];
      out.add(w);
    } else out.add(englishWord(5, 10));
  }
  return [...out];
}

const noise = ['*', ' ', '\u200b', '.', '-', '·'];
/** A rule word as an evader writes it. */
function disguise(word: string): string {
  const chars = [...word];
  switch (int(6)) {
    case 0:
      return chars.join(noise[int(noise.length)]);
    case 1:
      return chars
        .map((c) => (c >= 'a' && c <= 'z' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c))
        .join('');
    case 2:
      return word.toUpperCase();
    case 3:
      return chars.map((c) => toTraditional.get(c) ?? c).join('');
    case 4:
      return chars.map((c, i) => (i === 0 ? c + c : c)).join('');
    default:
      return chars.map((c) => (c === 'a' ? '4' : c === 'o' ? '0' : c === 'e' ? '3' : c)).join('\u200b');
  }
}

const punct = ['，', '。', '！', '？', ', ', '. ', ' ', '、', '：'];
function message(rules: string[]): string {
  const target = 20 + int(280);
  let m = '';
  while (m.length < target) {
    if (rand() < 0.6) {
      const len = 4 + int(24);
      for (let i = 0; i < len; i++) m += skewed(hanPool);
    } else {
      const len = 2 + int(7);
      for (let i = 0; i < len; i++) m += (i ? ' ' : '') + skewed(vocabulary);
    }
    if (rand() < 0.1) m += String(int(100000));
    m += punct[int(punct.length)];
  }
  if (rand() < 0.03) {
    const w = rules[int(rules.length)]!;
    const at = int(m.length);
    m = m.slice(0, at) + (rand() < 0.5 ? w : disguise(w)) + m.slice(at);
  }
  return m;
}

info(`generating ${CORPUS_BYTES / 1e6} MB corpus and ${RULES} rules`);
const rules = makeRules(RULES);
const messages: string[] = [];
let bytes = 0;
while (bytes < CORPUS_BYTES) {
  const m = message(rules);
  messages.push(m);
  bytes += Buffer.byteLength(m, 'utf8');
}
const mb = bytes / 1e6;
info(`${messages.length} messages, ${mb.toFixed(1)} MB`);

const categories = ['fraud', 'gambling', 'drugs', 'weapons', 'phishing'];
const engineRules = (words: string[]): EngineRule[] =>
  words.map((pattern, i) => ({ pattern, category: categories[i % categories.length]! }));
const defaults = {
  categoryAction: Object.fromEntries(categories.map((c) => [c, 'block' as const])),
  fallbackAction: 'review' as const,
};

/** The best of RUNS passes over the corpus, in MB/s, with the matches found in the last pass. */
function rate(name: string, screenOne: (text: string) => number): { mbps: number; found: number } {
  let best = Infinity;
  let bestWall = Infinity;
  let found = 0;
  for (let r = 0; r < RUNS; r++) {
    found = 0;
    const t0 = performance.now();
    const c0 = cpuSeconds();
    for (const m of messages) found += screenOne(m);
    best = Math.min(best, cpuSeconds() - c0);
    bestWall = Math.min(bestWall, (performance.now() - t0) / 1000);
  }
  const mbps = mb / best;
  info(
    `${name}: ${mbps.toFixed(1)} MB/s of CPU time (${(mb / bestWall).toFixed(1)} MB/s wall clock), ${found} matches`,
  );
  return { mbps, found };
}

const ours = compileScreener(engineRules(rules), [], defaults);
const mint = new Mint(rules);
const monyone = new AhoCorasick(rules);

const oursRate = rate('wangan (normalised)', (t) => ours.screen(t).matches.length);
const mintRate = rate('mint-filter', (t) => mint.filter(t, { replace: false }).words.length);
const monyoneRate = rate('@monyone/aho-corasick fast', (t) => monyone.matchInText(t).length);

line(
  'screen',
  'mb_per_second',
  oursRate.mbps,
  'MB/s',
  '@monyone/aho-corasick fast (raw)',
  monyoneRate.mbps,
  oursRate.mbps / monyoneRate.mbps,
);
line(
  'screen',
  'mint_ratio',
  oursRate.mbps / mintRate.mbps,
  'ratio',
  'mint-filter 4.0.3 MB/s (raw)',
  mintRate.mbps,
  oursRate.mbps / mintRate.mbps,
);
line(
  'screen',
  'monyone_ratio',
  oursRate.mbps / monyoneRate.mbps,
  'ratio',
  '@monyone/aho-corasick 1.1.11 fast MB/s (raw)',
  monyoneRate.mbps,
  oursRate.mbps / monyoneRate.mbps,
);

info(`building ${BIG_RULES} rules`);
const bigWords = makeRules(BIG_RULES);
const bigRules = engineRules(bigWords);
let buildBest = Infinity;
let big = ours;
for (let r = 0; r < RUNS; r++) {
  const t0 = cpuSeconds();
  big = compileScreener(bigRules, [], defaults);
  buildBest = Math.min(buildBest, cpuSeconds() - t0);
}
const m0 = cpuSeconds();
new Mint(bigWords);
const mintBuild = cpuSeconds() - m0;
line(
  'screen',
  'build_100k_seconds',
  buildBest,
  's',
  'mint-filter build, same words',
  mintBuild,
  buildBest / mintBuild,
);
line(
  'screen',
  'automaton_mb',
  ours.memoryBytes / 1e6,
  'MB',
  `automaton_mb with ${BIG_RULES} rules`,
  big.memoryBytes / 1e6,
  ours.memoryBytes / big.memoryBytes,
);
