import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateMobile, validateUscc } from './index.js';

/** GB 32100-2015 written out again, independently of the code under test (LAW-FACTS section 7). */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function usccCheck(first17: string): string {
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17.charAt(i)) * weights[i]!;
  const c = 31 - (sum % 31);
  return ALPHABET.charAt(c === 31 ? 0 : c);
}
const uscc = (first17: string) => first17 + usccCheck(first17);
const codes = (r: { reasons: { code: string }[] }) => r.reasons.map((x) => x.code);
const warns = (r: { warnings: { code: string }[] }) => r.warnings.map((x) => x.code);

describe('unified social credit codes (GB 32100-2015)', () => {
  it('takes valid codes, with the check computed here', () => {
    assert.equal(uscc('91350100M000100Y4'), '91350100M000100Y43'); // the standard's example
    for (const first17 of [
      '91350100M000100Y4',
      '91110000600037341',
      '91440300MA5DC0QW2',
      '12100000400000624',
      '53110000500021676',
      'Y1440305MA5F1U8X7',
      '91110108MA01ABCD3',
    ]) {
      const c = uscc(first17);
      const r = validateUscc(c);
      assert.deepEqual(r, { valid: true, normalized: c, reasons: [], warnings: [] }, c);
    }
  });

  it('tidies what people type: lower case, full width, spaces', () => {
    for (const typed of [
      '91350100m000100y43',
      '９１３５０１００Ｍ０００１００Ｙ４３',
      '9135 0100 M000 100Y 43',
    ]) {
      const r = validateUscc(typed);
      assert.equal(r.valid, true, typed);
      assert.equal(r.normalized, '91350100M000100Y43');
    }
  });

  it('keeps a code that fails the check valid, with the checksum warning (early pilot codes)', () => {
    const right = usccCheck('91350100M000100Y4');
    const wrong = `91350100M000100Y4${right === '0' ? '1' : '0'}`;
    const r = validateUscc(wrong);
    assert.equal(r.valid, true);
    assert.equal(r.normalized, wrong);
    assert.deepEqual(warns(r), ['checksum']);
    assert.doesNotMatch(r.warnings[0]!.message.zh, /91350100|M000100/);
  });

  it('refuses the characters the code never uses (I O S V Z) and any other', () => {
    for (const bad of ['I', 'O', 'S', 'V', 'Z', '-', '!', '中', '😀']) {
      const c = `91350100M000100Y4${bad}`;
      const r = validateUscc(c.replace('-', '_'));
      assert.equal(r.valid, false, c);
      assert.deepEqual(codes(r), ['characters'], c);
      assert.equal(r.normalized, null);
    }
  });

  it('refuses the wrong length', () => {
    for (const c of ['', '9135010', '91350100M000100Y4', '91350100M000100Y433']) {
      const r = validateUscc(c);
      assert.deepEqual(codes(r), ['length'], c);
    }
  });

  it('refuses an unknown registration authority or a non-digit area code (format)', () => {
    assert.deepEqual(codes(validateUscc(uscc('01350100M000100Y4'))), ['format']);
    assert.deepEqual(codes(validateUscc(uscc('B1350100M000100Y4'))), ['format']);
    assert.deepEqual(codes(validateUscc(uscc('913501A0M000100Y4'))), ['format']);
  });

  it('warns of an area code not in the list, without refusing', () => {
    const r = validateUscc(uscc('91999999M000100Y4'));
    assert.equal(r.valid, true);
    assert.deepEqual(warns(r), ['area']);
  });
});

describe('mainland mobile numbers', () => {
  it('takes 11 digits starting 13 to 19, with +86, 0086, spaces and hyphens', () => {
    for (const typed of [
      '13800138000',
      '+8613800138000',
      '008613800138000',
      '+86 138 0013 8000',
      '138-0013-8000',
      '(+86) 138-0013-8000',
      '＋８６ １３８００１３８０００',
    ]) {
      const r = validateMobile(typed);
      assert.deepEqual(r, { valid: true, normalized: '13800138000', reasons: [], warnings: [] }, typed);
    }
    for (const p of ['13', '14', '15', '16', '17', '18', '19'])
      assert.equal(validateMobile(`${p}912345678`).valid, true, p);
  });

  it('refuses a wrong prefix', () => {
    for (const n of ['12345678901', '10086100861', '02345678901', '+8611234567890'])
      assert.deepEqual(codes(validateMobile(n)), ['prefix'], n);
  });

  it('refuses the wrong length', () => {
    for (const n of ['', '1380013800', '138001380001', '+86138001380', '8613800138000'])
      assert.deepEqual(codes(validateMobile(n)), ['length'], n);
  });

  it('refuses letters and other characters', () => {
    for (const n of [
      '1380013800O',
      'abc',
      '+87 13800138000',
      '138.0013.8000',
      '13800138000😀',
      '１３８００１３８０００ext',
    ])
      assert.deepEqual(codes(validateMobile(n)), ['characters'], n);
  });

  it('never repeats the number in its messages', () => {
    for (const n of ['12345678901', '1380013800', '1380013800x'])
      for (const x of validateMobile(n).reasons) {
        assert.doesNotMatch(x.message.zh, /1380013800|12345678901/);
        assert.doesNotMatch(x.message.en, /1380013800|12345678901/);
      }
  });
});
