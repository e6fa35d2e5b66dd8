import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { counterparts } from './article-map.js';
import { diffWords } from './diff.js';

describe('article diff', () => {
  it('marks words added and removed in English', () => {
    const parts = diffWords(
      'a fine of up to RMB 100,000 shall be imposed',
      'a fine of up to RMB 500,000 shall be imposed on the operator',
    );
    assert.deepEqual(
      parts.filter((p) => p.op !== 'same').map((p) => `${p.op}:${p.text.trim()}`),
      ['removed:100', 'added:500', 'added:on the operator'],
    );
    const rebuilt = (side: 'removed' | 'added') =>
      parts
        .filter((p) => p.op !== side)
        .map((p) => p.text)
        .join('');
    assert.equal(rebuilt('added'), 'a fine of up to RMB 100,000 shall be imposed');
    assert.equal(rebuilt('removed'), 'a fine of up to RMB 500,000 shall be imposed on the operator');
  });

  it('diffs Chinese character by character', () => {
    const parts = diffWords('处一万元以上十万元以下罚款', '处五万元以上五十万元以下罚款');
    assert.deepEqual(
      parts.filter((p) => p.op === 'added').map((p) => p.text),
      ['五', '五'],
    );
    assert.deepEqual(
      parts.filter((p) => p.op === 'removed').map((p) => p.text),
      ['一'],
    );
  });

  it('finds counterparts through the article map, both ways', () => {
    const map = [
      { csl2016: '21', csl2025: '23', kind: 'renumbered' },
      { csl2016: '64', csl2025: '71(2)', kind: 'merged' },
      { csl2016: '70', csl2025: '71(1)', kind: 'merged' },
      { csl2016: null, csl2025: '3', kind: 'new' },
    ];
    assert.deepEqual(
      counterparts(map, 'csl2016', 21).map((c) => c.article),
      [23],
    );
    assert.deepEqual(
      counterparts(map, 'csl2025', 71).map((c) => c.ref),
      ['64', '70'],
    );
    assert.deepEqual(counterparts(map, 'csl2025', 3), []);
  });
});
