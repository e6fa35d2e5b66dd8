import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeResidentId, validateResidentId } from './index.js';

/** "Today" in Beijing for these tests. */
const TODAY = '2026-12-02';

/** GB 11643-1999 written out again, independently of the code under test (LAW-FACTS section 7). */
function check(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * weights[i]!;
  return '10X98765432'.charAt(sum % 11);
}
/** A full number from its 17 digits. */
const id = (first17: string) => first17 + check(first17);
/** The same 17 digits with a check character that is not theirs. */
function wrongCheck(first17: string): string {
  const right = check(first17);
  return first17 + (right === '1' ? '2' : '1');
}

const codes = (r: { reasons: { code: string }[] }) => r.reasons.map((x) => x.code);
const warns = (r: { warnings: { code: string }[] }) => r.warnings.map((x) => x.code);

describe('resident identity numbers (GB 11643-1999)', () => {
  it('takes valid numbers of many areas, dates and sexes, with the check computed here', () => {
    const cases = [
      '11010519491231002', // the standard's own example: check X
      '44030519900307123',
      '31010119800101001',
      '51010720000229004', // 29 February of a leap year
      '65010219670815314',
      '54010219881130002',
      '81000019900101001', // a Hong Kong resident's residence permit
      '82000020000101002', // Macao
      '83000019850505003', // Taiwan (not an MCA division code, but issued)
    ];
    for (const first17 of cases) {
      const n = id(first17);
      const r = validateResidentId(n, TODAY);
      assert.deepEqual(r.reasons, [], n);
      assert.equal(r.valid, true, n);
      assert.equal(r.normalized, n);
    }
    assert.equal(id('11010519491231002'), '11010519491231002X');
  });

  it('accepts the forms people type: lower-case x, full-width digits, spaces and hyphens', () => {
    const n = '11010519491231002X';
    for (const typed of [
      '11010519491231002x',
      '１１０１０５１９４９１２３１００２Ｘ',
      '１１０１０５１９４９１２３１００２ｘ',
      '110105 19491231 002X',
      ' 110105-19491231-002X ',
      '110105\u300019491231\u3000002x',
    ]) {
      const r = validateResidentId(typed, TODAY);
      assert.equal(r.valid, true, typed);
      assert.equal(r.normalized, n, typed);
    }
  });

  const mistakes: [string, string, string][] = [
    ['a wrong check character', wrongCheck('44030519900307123'), 'checksum'],
    ['a wrong check character X', '44030519900307123X', 'checksum'],
    ['30 February', id('44030519900230123'), 'date'],
    ['month 13', id('44030519901301123'), 'date'],
    ['month 00', id('44030519900001123'), 'date'],
    ['day 32', id('44030519900132123'), 'date'],
    ['29 February of a year not leap', id('44030519000229123'), 'date'],
    ['born tomorrow', id('44030520261203123'), 'date'],
    ['born next year', id('44030520270101123'), 'date'],
    ['born before 1880', id('44030518791231123'), 'date'],
    ['born in the year 50', id('44030500500101123'), 'date'],
    ['an area code never issued', id('99999919900307123'), 'area'],
    ['an area code never issued inside a province', id('11019919900307123'), 'area'],
    ['a province that does not exist', id('00000019900307123'), 'area'],
  ];
  for (const [what, n, code] of mistakes)
    it(`refuses ${what} with the reason ${code}`, () => {
      const r = validateResidentId(n, TODAY);
      assert.equal(r.valid, false);
      assert.equal(r.normalized, null);
      assert.ok(codes(r).includes(code), `${n}: ${JSON.stringify(r.reasons)}`);
    });

  it('takes a birth date of today', () => {
    assert.equal(validateResidentId(id('44030520261202123'), TODAY).valid, true);
    assert.equal(validateResidentId(id('44030518800101123'), TODAY).valid, true);
  });

  it('names every reason at once', () => {
    const r = validateResidentId(wrongCheck('99999919901301123'), TODAY);
    assert.deepEqual(codes(r).sort(), ['area', 'checksum', 'date']);
  });

  it('keeps an abolished area code valid, with the area_abolished warning, whatever the years', () => {
    // 110103 崇文区 was merged into 东城区 in 2010; numbers issued with it stay.
    for (const first17 of ['11010319750612001', '11010320150612001']) {
      const r = validateResidentId(id(first17), TODAY);
      assert.equal(r.valid, true, first17);
      assert.deepEqual(warns(r), ['area_abolished']);
    }
    // 110118 密云区 exists since 2015: a number of someone born in 1960 may still carry it.
    const r = validateResidentId(id('11011819600101001'), TODAY);
    assert.equal(r.valid, true);
    assert.deepEqual(r.warnings, []);
  });

  it('refuses the wrong length, counting characters as a person does', () => {
    for (const n of [
      '',
      '1',
      '4403051990030712',
      '44030519900307123',
      '4403051990030712345',
      '😀'.repeat(9),
    ]) {
      const r = validateResidentId(n, TODAY);
      assert.equal(r.valid, false, n);
      assert.deepEqual(codes(r), ['length'], n);
    }
    // Nine emoji are 18 UTF-16 units but nine characters.
    assert.match(validateResidentId('😀'.repeat(9), TODAY).reasons[0]!.message.en, /this one has 9\./);
    assert.deepEqual(codes(validateResidentId('😀'.repeat(18), TODAY)), ['characters']);
    assert.match(validateResidentId('4403051990030712', TODAY).reasons[0]!.message.zh, /16位/);
  });

  it('refuses characters that are not digits (or X last)', () => {
    for (const n of [
      '4403051990030712X3',
      '44030519900307123Y',
      'A40305199003071234',
      '440305199003071２3❤',
      '①①0105194912310022',
      '11010519491231002\u0000',
      '11010519491231002\ud800',
    ]) {
      const r = validateResidentId(n, TODAY);
      assert.equal(r.valid, false, n);
      assert.deepEqual(codes(r), ['characters'], n);
    }
    assert.deepEqual(codes(validateResidentId('44030519900307X', TODAY)), ['characters']);
  });

  it('converts the 15-digit form to 18 with the legacy_15 warning', () => {
    // 440305 900307 123: born 1990-03-07; the 18-digit form inserts 19 and adds the check.
    const r = validateResidentId('440305900307123', TODAY);
    assert.equal(r.valid, true);
    assert.equal(r.normalized, id('44030519900307123'));
    assert.equal(r.normalized?.length, 18);
    assert.ok(warns(r).includes('legacy_15'));
    assert.deepEqual(codes(validateResidentId('440305901307123', TODAY)), ['date']);
    assert.deepEqual(codes(validateResidentId('999999900307123', TODAY)), ['area']);
  });

  it('warns of the sequence 000', () => {
    const r = validateResidentId(id('44030519900307000'), TODAY);
    assert.equal(r.valid, true);
    assert.deepEqual(warns(r), ['sequence']);
  });

  it('never repeats the number or its parts in its messages', () => {
    const n = wrongCheck('11010319901301123');
    const r = validateResidentId(n, TODAY);
    assert.equal(r.reasons.length, 2);
    for (const m of [...r.reasons, ...r.warnings].flatMap((x) => [x.message.zh, x.message.en])) {
      assert.doesNotMatch(m, /110103|1990|1301|123|崇文/, m);
      assert.doesNotMatch(m, /\d{4,}/, m);
    }
  });

  it('describes a valid number: area with its province, birth date, sex', () => {
    assert.deepEqual(describeResidentId(id('11010519491231002')), {
      area: '北京市 朝阳区',
      birthDate: '1949-12-31',
      sex: 'female',
    });
    assert.equal(describeResidentId(id('44030519900307123')).sex, 'male');
    assert.match(describeResidentId(id('44030519900307123')).area ?? '', /^广东省 深圳市 南山区$/);
  });
});
