import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRuleFile, RuleFileError } from './index.js';

const rulesOpts = { kind: 'rules' as const, wordListAction: 'review' as const };

function lineOf(fn: () => unknown): number | null {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof RuleFileError, String(err));
    assert.ok(err.messages.zh.length > 0 && err.messages.en.length > 0);
    return err.line;
  }
  assert.fail('no error');
}

describe('parseRuleFile', () => {
  it('txt: one word a line, comments and blank lines skipped, a tab and a category allowed, CRLF and BOM read', () => {
    const text = '\ufeff# 示例词库\r\n刷单\r\n\r\n  博彩网站  \n代开发票\tfraud\n';
    const { rules, allow } = parseRuleFile(text, 'txt', rulesOpts);
    assert.deepEqual(allow, []);
    assert.deepEqual(rules, [
      { pattern: '刷单', category: 'other', severity: 'medium', action: 'review' },
      { pattern: '博彩网站', category: 'other', severity: 'medium', action: 'review' },
      { pattern: '代开发票', category: 'fraud', severity: 'medium', action: 'review' },
    ]);
    const blocked = parseRuleFile('刷单\n', 'txt', {
      ...rulesOpts,
      category: 'fraud',
      wordListAction: 'block',
    });
    assert.deepEqual(blocked.rules, [
      { pattern: '刷单', category: 'fraud', severity: 'medium', action: 'block' },
    ]);
  });

  it('txt allow list: one entry a line', () => {
    const { rules, allow } = parseRuleFile('反诈骗\n# 注释\n防赌博\n', 'txt', {
      ...rulesOpts,
      kind: 'allow',
    });
    assert.deepEqual(rules, []);
    assert.deepEqual(allow, [{ pattern: '反诈骗' }, { pattern: '防赌博' }]);
  });

  it('txt errors name the line', () => {
    assert.equal(
      lineOf(() => parseRuleFile('ok\n\nword\tBad Category\n', 'txt', rulesOpts)),
      3,
    );
    assert.equal(
      lineOf(() => parseRuleFile('a\tb\tc\n', 'txt', rulesOpts)),
      1,
    );
    assert.equal(
      lineOf(() => parseRuleFile(`ok\n${'长'.repeat(201)}\n`, 'txt', rulesOpts)),
      2,
    );
    assert.equal(
      lineOf(() => parseRuleFile('ok\nx\tfraud\n', 'txt', { ...rulesOpts, kind: 'allow' })),
      2,
    );
  });

  it('JSON: an array of rules, or rules and allow together; a rule without action keeps none (its category decides)', () => {
    const arr = parseRuleFile('[{"pattern":"刷单","category":"fraud","severity":"high"}, "博彩"]', 'json', {
      ...rulesOpts,
      category: 'gambling',
    });
    assert.deepEqual(arr.rules, [
      { pattern: '刷单', category: 'fraud', severity: 'high' },
      { pattern: '博彩', category: 'gambling' },
    ]);
    const obj = parseRuleFile(
      JSON.stringify({
        rules: [{ pattern: 'x', category: 'other', action: 'block', note: 'n' }],
        allow: ['反诈骗', { pattern: 'y' }],
      }),
      'json',
      rulesOpts,
    );
    assert.deepEqual(obj.rules, [{ pattern: 'x', category: 'other', action: 'block' }]);
    assert.deepEqual(obj.allow, [{ pattern: '反诈骗' }, { pattern: 'y' }]);
  });

  it('JSON errors name the line', () => {
    assert.equal(
      lineOf(() => parseRuleFile('[\n  {"pattern": "a",}\n]', 'json', rulesOpts)),
      2,
    );
    const bad =
      '[\n  {"pattern": "a", "category": "fraud"},\n  {"pattern": "b", "category": "fraud", "action": "delete"}\n]';
    assert.equal(
      lineOf(() => parseRuleFile(bad, 'json', rulesOpts)),
      3,
    );
    assert.equal(
      lineOf(() => parseRuleFile('{"rules": [], "extra": 1}', 'json', rulesOpts)),
      1,
    );
    assert.equal(
      lineOf(() => parseRuleFile('[\n{"pattern": "a", "colour": "red"}]', 'json', rulesOpts)),
      2,
    );
  });

  it('YAML: rules and allow with categories; errors name the line', () => {
    const yaml =
      'rules:\n  - pattern: 刷单\n    category: fraud\n  - { pattern: 博彩, category: gambling, severity: low }\nallow:\n  - 反诈骗\n';
    const { rules, allow } = parseRuleFile(yaml, 'yaml', rulesOpts);
    assert.deepEqual(rules, [
      { pattern: '刷单', category: 'fraud' },
      { pattern: '博彩', category: 'gambling', severity: 'low' },
    ]);
    assert.deepEqual(allow, [{ pattern: '反诈骗' }]);
    assert.equal(
      lineOf(() =>
        parseRuleFile(
          'rules:\n  - pattern: a\n    category: fraud\n  - pattern: b\n    severity: huge\n',
          'yaml',
          rulesOpts,
        ),
      ),
      4,
    );
    assert.equal(
      lineOf(() => parseRuleFile('rules:\n  - pattern: a\n   category: [\n', 'yaml', rulesOpts)),
      3,
    );
    assert.equal(
      lineOf(() => parseRuleFile('just text', 'yaml', rulesOpts)),
      1,
    );
  });

  it('YAML allow list as a plain array', () => {
    assert.deepEqual(
      parseRuleFile('- 反诈骗\n- pattern: 防赌博\n', 'yaml', { ...rulesOpts, kind: 'allow' }).allow,
      [{ pattern: '反诈骗' }, { pattern: '防赌博' }],
    );
  });
});
