import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { importStatute, ImportError } from './importer.js';
import type { Defect, KnownVersion } from './model.js';

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');
const known: KnownVersion[] = [
  { key: 'sample2030', law: 'csl', status: 'enacted', articles: 7, in_force: '2030-01-01' },
  { key: 'act2031', law: 'csl', status: 'enacted', articles: 6, in_force: '2031-03-01' },
  { key: 'data2031', law: 'csl', status: 'enacted', articles: 12, in_force: '2031-06-01' },
  { key: 'facility2029', law: 'cii', status: 'draft', articles: 5 },
];
const brief = (defects: Defect[]) => defects.map((d) => `${d.kind}:${d.article}`);

describe('statute importer on our own fixtures (one per layout, defects planted)', () => {
  it('bilingual blocks: a missing article, the paragraphs it lost, a list that stops short', () => {
    const r = importStatute(fixture('blocks.txt'), { known });
    assert.equal(r.layout, 'bilingual-blocks');
    assert.deepEqual(r.languages, ['zh', 'en']);
    assert.equal(r.version, 'sample2030');
    assert.deepEqual(
      r.articles.map((a) => a.number),
      [1, 2, 3, 4, 6, 7],
    );
    assert.deepEqual(brief(r.defects), ['missing:5', 'misplaced:4', 'item_gap:6']);
    assert.match(r.defects[1]!.detail, /paragraphs 3-4 of Article 4 .* missing Article 5/);
    // The console's Chinese view reads each finding in Chinese; the English is the CLI's `detail`.
    for (const d of r.defects) {
      assert.equal(d.messages.en, d.detail);
      assert.match(d.messages.zh, /[\u4e00-\u9fff]/);
      assert.doesNotMatch(d.messages.zh, /\b(Article|paragraph|missing|items?)\b/);
    }
    assert.match(r.defects[1]!.messages.zh, /第4条的第3至4款很可能属于缺失的第5条/);
    const a3 = r.articles.find((a) => a.number === 3)!;
    assert.deepEqual(
      a3.zh![0]!.items.map((i) => i.number),
      [1, 2, 3],
    );
    assert.equal(a3.en![0]!.items[2]!.text, 'check themselves regularly.');
    assert.equal(r.articles.find((a) => a.number === 4)!.zh!.length, 4);
    assert.match(r.articles[0]!.chapter ?? '', /Chapter I General Rules/);
  });

  it('English running text after a commentary: cross references are not headings; duplicates and item jumps are caught', () => {
    const r = importStatute(fixture('running-en.txt'), { known });
    assert.equal(r.layout, 'english-running');
    assert.equal(r.version, 'act2031');
    assert.deepEqual(
      r.articles.map((a) => a.number),
      [1, 2, 3, 4, 5, 6],
    );
    assert.deepEqual(brief(r.defects), ['duplicate:5', 'item_gap:3']);
    assert.match(r.defects[1]!.detail, /jump from \(2\) to \(4\)/);
    assert.match(r.defects[1]!.messages.zh, /从（2）跳到（4）/);
    assert.match(r.defects[0]!.messages.zh, /英文文本中第5条的标题出现了2次/);
    const last = r.articles.at(-1)!;
    assert.equal(
      last.en!.map((p) => p.text).join(' '),
      'This Act shall come into force on March 1, 2031.',
      'the footer after the commencement clause is dropped',
    );
    assert.match(r.articles.find((a) => a.number === 3)!.chapter ?? '', /Chapter 2 Duties/);
  });

  it('Chinese running text: numerals parse, paragraphs and item lines attach, gaps and a short count are reported', () => {
    const r = importStatute(fixture('running-zh.txt'), { known });
    assert.equal(r.layout, 'chinese-running');
    assert.equal(r.version, 'data2031', 'the commencement date names the version');
    assert.deepEqual(
      r.articles.map((a) => a.number),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 11],
    );
    assert.deepEqual(brief(r.defects), ['count_mismatch:0', 'missing:10', 'missing:12']);
    const a3 = r.articles.find((a) => a.number === 3)!;
    assert.equal(a3.zh!.length, 2);
    const a4 = r.articles.find((a) => a.number === 4)!;
    assert.equal(a4.zh!.length, 1, 'item lines belong to the paragraph that introduces them');
    assert.deepEqual(
      a4.zh![0]!.items.map((i) => i.number),
      [1, 2, 3],
    );
    assert.equal(a3.chapter, '第二章 处理者义务');
    assert.equal(r.articles.find((a) => a.number === 8)!.chapter, '第三章 法律责任');
  });

  it('interleaved Chinese and English: merged by number, wrapped lines joined, no false defects', () => {
    const r = importStatute(fixture('interleaved.txt'), { known });
    assert.equal(r.layout, 'interleaved');
    assert.equal(r.law, 'cii');
    assert.equal(r.version, 'facility2029');
    assert.deepEqual(r.defects, []);
    const a2 = r.articles.find((a) => a.number === 2)!;
    assert.equal(a2.zh!.length, 2);
    assert.equal(a2.en!.length, 2);
    const a4 = r.articles.find((a) => a.number === 4)!;
    assert.equal(a4.en!.length, 1);
    assert.match(a4.en![0]!.text, /report the results to the protection department\.$/);
  });

  it('a version the caller names is checked against the count', () => {
    const r = importStatute(fixture('running-en.txt'), { known, version: 'data2031' });
    assert.equal(r.version, 'data2031');
    assert.ok(r.defects.some((d) => d.kind === 'count_mismatch' && /has 12 articles/.test(d.detail)));
  });

  it('a text without articles, or an unknown version, is refused with a clear error', () => {
    assert.throws(
      () => importStatute('just some words\nno headings here', { known }),
      (e: unknown) => e instanceof ImportError && e.code === 'no_articles',
    );
    assert.throws(
      () => importStatute(fixture('blocks.txt'), { known, version: 'csl1999' }),
      (e: unknown) => e instanceof ImportError && e.code === 'unknown_version',
    );
  });
});
