import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IdentifierResult } from '../../../contract/identity.js';
import { AREA_CODE_LINES } from './area-codes.js';
import { validateMobile, validateResidentId, validateUscc } from './index.js';

const TODAY = '2026-12-02';

/** mulberry32: a seeded generator, so a failure comes back on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** What hostile or careless input is made of. */
const PIECES = [
  ...'0123456789',
  ...'0123456789',
  'X',
  'x',
  'A',
  'I',
  'O',
  'S',
  'V',
  'Z',
  'M',
  'Y',
  'q',
  'ß',
  'ﬀ',
  '０',
  '５',
  '９',
  'Ｘ',
  'ｘ',
  '＋',
  '－',
  '+',
  '-',
  ' ',
  '\u3000',
  '\t',
  '\n',
  '(',
  ')',
  '.',
  '①',
  '¹',
  '𝟏',
  'Ⅹ',
  '中',
  '😀',
  '👨‍👩‍👧',
  '\ud800',
  '\udfff',
  '\u0000',
  '\u200b',
  '\ufeff',
];

function randomString(r: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += pick(r, PIECES);
  return s;
}

/** The invariants every answer keeps. */
function wellFormed(res: IdentifierResult, input: string): void {
  const where = JSON.stringify(input);
  assert.equal(res.valid, res.reasons.length === 0, where);
  assert.equal(res.normalized !== null, res.valid, where);
  for (const x of [...res.reasons, ...res.warnings]) {
    assert.equal(typeof x.code, 'string', where);
    assert.ok(x.message.zh.length > 0 && x.message.en.length > 0, where);
  }
  if (res.normalized !== null) assert.match(res.normalized, /^[0-9A-Z]+$/, where);
}

const validators: [string, (s: string) => IdentifierResult][] = [
  ['resident-id', (s) => validateResidentId(s, TODAY)],
  ['uscc', validateUscc],
  ['mobile', validateMobile],
];

const W_ID = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idCheck = (s: string) =>
  '10X98765432'.charAt([...s.slice(0, 17)].reduce((a, c, i) => a + Number(c) * W_ID[i]!, 0) % 11);
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const W_US = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const usCheck = (s: string) => {
  const c = 31 - ([...s.slice(0, 17)].reduce((a, ch, i) => a + ALPHABET.indexOf(ch) * W_US[i]!, 0) % 31);
  return ALPHABET.charAt(c === 31 ? 0 : c);
};
const AREAS = AREA_CODE_LINES.split('\n').map((l) => l.slice(0, 6));

/** A valid resident number: an issued area code, a real birth date 1900 to 2025, a sequence. */
function validId(r: () => number): string {
  const t = new Date(Date.UTC(1900, 0, 1) + Math.floor(r() * 125 * 365.2425 * 86_400_000));
  const date = t.toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `${pick(r, AREAS)}${date}${String(1 + Math.floor(r() * 999)).padStart(3, '0')}`;
  return first17 + idCheck(first17);
}
function validUscc(r: () => number): string {
  let first17 = `${pick(r, [...'123456789ANY'])}${pick(r, [...'123459'])}${pick(r, AREAS)}`;
  while (first17.length < 17) first17 += pick(r, [...ALPHABET]);
  return first17 + usCheck(first17);
}
/** The same string with the character at `i` replaced by another digit. */
function changeDigit(r: () => number, s: string, i: number): string {
  const d = Number(s[i]);
  const other = (d + 1 + Math.floor(r() * 9)) % 10;
  return s.slice(0, i) + String(other) + s.slice(i + 1);
}

describe(`validators under fuzz (seed ${SEED}; FUZZ_SEED=n to change it)`, () => {
  it('never throw, and keep their invariants, on random strings of every length 0 to 40', () => {
    const r = rng(SEED);
    let n = 0;
    for (let length = 0; length <= 40; length++)
      for (let k = 0; k < 150; k++) {
        const s = randomString(r, length);
        for (const [, v] of validators) {
          wellFormed(v(s), s);
          n++;
        }
      }
    assert.equal(n, 41 * 150 * 3);
  });

  it('take thousands of valid resident numbers and refuse each with one digit changed (checksum)', () => {
    const r = rng(SEED + 1);
    for (let k = 0; k < 3000; k++) {
      const n = validId(r);
      const ok = validateResidentId(n, TODAY);
      assert.equal(ok.valid, true, `${n}: ${JSON.stringify(ok.reasons)}`);
      assert.equal(ok.normalized, n);
      const i = Math.floor(r() * 17);
      const bad = changeDigit(r, n, i);
      const res = validateResidentId(bad, TODAY);
      wellFormed(res, bad);
      assert.equal(res.valid, false, bad);
      assert.ok(
        res.reasons.some((x) => x.code === 'checksum'),
        `${n} -> ${bad}: ${JSON.stringify(res.reasons)}`,
      );
    }
  });

  it('warn of the check on a unified code with one character changed, and keep it', () => {
    const r = rng(SEED + 2);
    for (let k = 0; k < 2000; k++) {
      const c = validUscc(r);
      const ok = validateUscc(c);
      assert.equal(ok.valid, true, c);
      assert.ok(!ok.warnings.some((w) => w.code === 'checksum'), c);
      const i = 8 + Math.floor(r() * 9); // the organisation's own characters
      const other = ALPHABET.charAt((ALPHABET.indexOf(c[i]!) + 1 + Math.floor(r() * 30)) % 31);
      const bad = c.slice(0, i) + other + c.slice(i + 1);
      const res = validateUscc(bad);
      wellFormed(res, bad);
      assert.ok(
        res.warnings.some((w) => w.code === 'checksum'),
        `${c} -> ${bad}`,
      );
    }
  });

  it('keep their invariants on valid numbers cut, stretched and sprinkled with noise', () => {
    const r = rng(SEED + 3);
    for (let k = 0; k < 2000; k++) {
      const base = pick(r, [
        validId(r),
        validUscc(r),
        `1${3 + Math.floor(r() * 7)}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`,
      ]);
      const cut = Math.floor(r() * (base.length + 1));
      const variants = [
        base.slice(0, cut),
        base.slice(0, cut) + pick(r, PIECES) + base.slice(cut),
        base.slice(0, cut) + base.slice(cut + 1),
        base + base,
        base.toLowerCase(),
      ];
      for (const s of variants) for (const [, v] of validators) wellFormed(v(s), s);
    }
  });

  it('answer long hostile input quickly', () => {
    const long = '1'.repeat(1 << 20) + '😀\ud800 -'.repeat(1 << 16);
    const t = Date.now();
    for (const [, v] of validators) assert.equal(v(long).valid, false);
    assert.ok(Date.now() - t < 2000, `${Date.now() - t} ms`);
  });
});
