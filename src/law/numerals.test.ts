import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseChineseNumeral, parseRoman, toChineseNumeral } from './numerals.js';

describe('numerals', () => {
  it('parses Chinese article numbers', () => {
    const cases: [string, number][] = [
      ['一', 1],
      ['十', 10],
      ['十一', 11],
      ['二十', 20],
      ['七十九', 79],
      ['八十一', 81],
      ['一百', 100],
      ['一百零一', 101],
      ['一百一十', 110],
      ['两百二十五', 225],
      ['79', 79],
    ];
    for (const [text, n] of cases) assert.equal(parseChineseNumeral(text), n, text);
    assert.equal(parseChineseNumeral('条'), undefined);
  });

  it('round-trips 1..300 through Chinese', () => {
    for (let n = 1; n <= 300; n++) assert.equal(parseChineseNumeral(toChineseNumeral(n)), n);
    assert.equal(toChineseNumeral(105), '一百零五');
    assert.equal(toChineseNumeral(16), '十六');
  });

  it('parses Roman chapter numbers', () => {
    assert.equal(parseRoman('VI'), 6);
    assert.equal(parseRoman('iv'), 4);
    assert.equal(parseRoman('XIV'), 14);
    assert.equal(parseRoman('Chapter'), undefined);
  });
});
