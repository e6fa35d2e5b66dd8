import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  citationGroups,
  formatChapter,
  formatCitation,
  formatCitations,
  formatPenaltyId,
  formatRef,
  instruments,
  isDraftInstrument,
  parseRef,
} from '../contract/citation.js';
import { toRoman } from '../contract/numerals.js';
import { dateInWords, periodInWords } from '../contract/period.js';
import { loadCatalog } from '../src/obligations/catalog-io.js';

describe('citations as Chinese lawyers cite them (zh) and as CSL 2025 Art 42(2) (en)', () => {
  it('gives the issue examples exactly', () => {
    assert.equal(formatCitation('csl2025', '42/2', 'zh'), '《网络安全法》第四十二条第二款');
    assert.equal(formatCitation('csl2025', '23(3)', 'zh'), '《网络安全法》第二十三条第（三）项');
    assert.equal(formatCitation('cii2021', '17', 'zh'), '《关键信息基础设施安全保护条例》第十七条');
    assert.equal(formatChapter('csl2025/3', 'zh'), '第三章');
    assert.equal(formatCitation('csl2025', '42/2', 'en'), 'CSL 2025 Art 42(2)');
  });

  it('writes paragraphs (款) and items (项, full-width parentheses), together too', () => {
    assert.equal(formatRef('23/1(3)', 'zh'), '第二十三条第一款第（三）项');
    assert.equal(formatRef('61/3', 'zh'), '第六十一条第三款');
    assert.equal(formatRef('81', 'zh'), '第八十一条');
    assert.equal(formatRef('10', 'zh'), '第十条');
    assert.equal(formatRef('23/1(3)', 'en'), 'Art 23(1) item (3)');
    assert.equal(formatRef('23(3)', 'en'), 'Art 23 item (3)');
    assert.deepEqual(parseRef('23/1(3)'), { article: 23, paragraph: 1, item: 3 });
    assert.equal(parseRef('Art 5'), null);
  });

  it('names the 2016 text, and the 2025 amendment when both versions are cited together', () => {
    assert.equal(formatCitation('csl2016', '21', 'zh'), '《网络安全法》（2016年文本）第二十一条');
    assert.equal(
      formatCitation('csl2025', '23', 'zh', { version: true }),
      '《网络安全法》（2025年修正）第二十三条',
    );
    assert.equal(formatCitation('csl2016', '21', 'zh', { version: false }), '《网络安全法》第二十一条');
    assert.equal(formatCitation('csl2016', '21', 'en'), 'CSL 2016 Art 21');
    assert.equal(
      formatCitations({ csl2016: ['21(1)'], csl2025: ['23(1)', '36(1)'], cii2021: ['13', '14'] }, 'zh'),
      '《网络安全法》（2025年修正）第二十三条第（一）项、第三十六条第（一）项；' +
        '《网络安全法》（2016年文本）第二十一条第（一）项；' +
        '《关键信息基础设施安全保护条例》第十三条、第十四条',
    );
    assert.equal(
      formatCitations({ csl2016: ['21(1)'], csl2025: ['23(1)', '36(1)'], cii2021: ['13', '14'] }, 'en'),
      'CSL 2025 Art 23 item (1), 36 item (1); CSL 2016 Art 21 item (1); CII Reg. 2021 Art 13, 14',
    );
    // Only the version in force: no label needed.
    assert.equal(formatCitations({ csl2025: ['42/2'] }, 'zh'), '《网络安全法》第四十二条第二款');
  });

  it('labels the drafts as drafts, never with a version, and can leave them out', () => {
    assert.equal(formatCitation('csl2015draft', '7', 'zh'), '《网络安全法（草案）》第七条');
    assert.equal(
      formatCitation('cii2017', '31', 'zh'),
      '《关键信息基础设施安全保护条例（征求意见稿）》第三十一条',
    );
    assert.equal(formatCitation('cii2017', '31', 'en'), 'CII Reg. 2017 draft Art 31');
    const all = { csl2015draft: ['7'], csl2016: ['10'], csl2025: ['11'], cii2017: ['45'] };
    assert.deepEqual(
      citationGroups(all, 'zh').map((g) => [g.instrument, g.draft]),
      [
        ['csl2025', false],
        ['csl2016', false],
        ['csl2015draft', true],
        ['cii2017', true],
      ],
    );
    assert.equal(
      formatCitations(all, 'zh', { drafts: false }),
      '《网络安全法》（2025年修正）第十一条；《网络安全法》（2016年文本）第十条',
    );
    assert.ok(isDraftInstrument('cii2017') && isDraftInstrument('csl2015draft'));
    assert.ok(!isDraftInstrument('csl2016'));
  });

  it('reads the "version:ref" strings open items carry, without repeating a provision', () => {
    assert.equal(
      formatCitations(['csl2025:23', 'csl2025:23', 'cii2021:18'], 'zh'),
      '《网络安全法》第二十三条；《关键信息基础设施安全保护条例》第十八条',
    );
    assert.equal(formatPenaltyId('csl2025:61/1', 'en'), 'CSL 2025 Art 61(1)');
    assert.equal(formatPenaltyId('csl2016:59/2', 'zh'), '《网络安全法》（2016年文本）第五十九条第二款');
  });

  it('writes chapters with the law when asked, Roman numerals in English', () => {
    assert.equal(formatChapter('csl2025/3', 'zh', { law: true }), '《网络安全法》第三章');
    assert.equal(formatChapter('cii2021/4', 'zh', { law: true }), '《关键信息基础设施安全保护条例》第四章');
    assert.equal(formatChapter('csl2025/3', 'en'), 'Chapter III');
    assert.equal(formatChapter('csl2025/4', 'en', { law: true }), 'CSL 2025 Chapter IV');
    assert.equal(toRoman(9), 'IX');
    assert.equal(toRoman(14), 'XIV');
  });

  it('knows every version of the catalogue, drafts as the catalogue marks them, and every ref it cites', () => {
    const c = loadCatalog();
    for (const v of c.versions) {
      assert.ok(instruments[v.key], `${v.key} has a citation style`);
      assert.equal(instruments[v.key]!.draft, v.status === 'draft', v.key);
      assert.equal(instruments[v.key]!.law, v.law, v.key);
    }
    for (const o of c.obligations)
      for (const refs of Object.values(o.citations))
        for (const ref of refs ?? []) assert.match(formatRef(ref, 'zh'), /^第.+条/, `${o.id} ${ref}`);
  });
});

describe('periods in words', () => {
  it('2026年1月1日至2026年6月30日 / 1 January 2026 to 30 June 2026', () => {
    assert.equal(periodInWords('2026-01-01', '2026-06-30', 'zh'), '2026年1月1日至2026年6月30日');
    assert.equal(periodInWords('2026-01-01', '2026-06-30', 'en'), '1 January 2026 to 30 June 2026');
    assert.equal(dateInWords('2025-12-09', 'en'), '9 December 2025');
    assert.equal(periodInWords(null, null, 'zh', '2026-03-05'), '首条记录至2026年3月5日');
    assert.equal(periodInWords('2026-01-01', null, 'en', '2026-03-05'), '1 January 2026 to 5 March 2026');
  });
});
