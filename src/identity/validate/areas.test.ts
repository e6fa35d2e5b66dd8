import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AREA_CODE_LINES } from './area-codes.js';
import { AREA_CODES_AS_OF, AREA_CODES_SOURCE, areaCode, areaCodeCount, areaName } from './index.js';

describe('the shipped list of area codes', () => {
  it('has every province-level division', () => {
    const provinces = [
      ['110000', '北京市'],
      ['120000', '天津市'],
      ['130000', '河北省'],
      ['140000', '山西省'],
      ['150000', '内蒙古自治区'],
      ['210000', '辽宁省'],
      ['220000', '吉林省'],
      ['230000', '黑龙江省'],
      ['310000', '上海市'],
      ['320000', '江苏省'],
      ['330000', '浙江省'],
      ['340000', '安徽省'],
      ['350000', '福建省'],
      ['360000', '江西省'],
      ['370000', '山东省'],
      ['410000', '河南省'],
      ['420000', '湖北省'],
      ['430000', '湖南省'],
      ['440000', '广东省'],
      ['450000', '广西壮族自治区'],
      ['460000', '海南省'],
      ['500000', '重庆市'],
      ['510000', '四川省'],
      ['520000', '贵州省'],
      ['530000', '云南省'],
      ['540000', '西藏自治区'],
      ['610000', '陕西省'],
      ['620000', '甘肃省'],
      ['630000', '青海省'],
      ['640000', '宁夏回族自治区'],
      ['650000', '新疆维吾尔自治区'],
      ['710000', '台湾省'],
      ['810000', '香港特别行政区'],
      ['820000', '澳门特别行政区'],
    ];
    assert.equal(provinces.length, 34);
    for (const [code, name] of provinces) {
      const a = areaCode(code!);
      assert.ok(a, code);
      assert.equal(a.name, name);
      assert.equal(a.last, null, `${code} is in use`);
    }
  });

  it('keeps codes abolished since, with the year they went', () => {
    assert.deepEqual(areaCode('110103'), { code: '110103', first: 1981, last: 2010, name: '崇文区' });
    assert.equal(areaCode('110104')?.last, 2010); // 宣武区
    assert.equal(areaCode('110223')?.name, '通县');
    assert.equal(areaName('110103'), '北京市 崇文区');
    assert.equal(areaCode('999999'), undefined);
    assert.equal(areaName('999999'), undefined);
  });

  it('is the generated file, of thousands of codes, with its source and date', () => {
    const lines = AREA_CODE_LINES.split('\n');
    // One more: the Taiwan residents' residence-permit code the list lacks (areas.ts).
    assert.equal(areaCodeCount(), lines.length + 1);
    assert.ok(lines.length > 6000);
    for (const line of lines) assert.match(line, /^\d{6} \d{4} (\d{4}|-) \S+$/, line);
    assert.match(AREA_CODES_AS_OF, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(AREA_CODES_SOURCE.zh, /民政部/);
  });
});
