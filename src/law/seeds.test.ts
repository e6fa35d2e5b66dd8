import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readSeed, seedSkip } from '../../test/seeds.js';
import { loadCatalog } from '../obligations/catalog-io.js';
import { importStatute } from './importer.js';
import type { KnownVersion } from './model.js';

describe('importing the seed texts (../shared/seeds)', { skip: seedSkip }, () => {
  const known: KnownVersion[] = loadCatalog().versions.map((v) => ({
    key: v.key,
    law: v.law,
    status: v.status,
    articles: v.articles,
    in_force: v.in_force,
  }));
  const run = (prefix: string) => importStatute(readSeed(prefix), { known });
  const brief = (r: ReturnType<typeof run>) => r.defects.map((d) => `${d.kind}:${d.article}`);

  it('000, CSL 2025 bilingual: 78 articles; 29, 30, 66 missing; 65 carries 66; 41 and 70 lose items', () => {
    const r = run('000');
    assert.equal(r.law, 'csl');
    assert.equal(r.version, 'csl2025');
    assert.equal(r.articles.length, 78);
    assert.deepEqual(brief(r), [
      'missing:29',
      'missing:30',
      'missing:66',
      'misplaced:65',
      'item_gap:41',
      'item_gap:70',
    ]);
    assert.match(
      r.defects.find((d) => d.kind === 'misplaced')!.detail,
      /paragraphs 3-4 of Article 65 .*Article 66/,
    );
    assert.match(r.defects.find((d) => d.article === 41)!.detail, /stops after \(3\)/);
    assert.match(r.defects.find((d) => d.article === 70)!.detail, /stops after \(1\)/);
    assert.ok(
      r.notes.some((n) => n.article === 81 && /2017-06-01/.test(n.detail)),
      'the base-law commencement date is noted',
    );
  });

  it('001, CSL 2016 English after commentary: 79 articles, no false defects', () => {
    const r = run('001');
    assert.equal(r.version, 'csl2016');
    assert.equal(r.articles.length, 79);
    assert.deepEqual(r.defects, []);
  });

  it('002, CSL 2016 English on one line after a commentary: 79 articles', () => {
    const r = run('002');
    assert.equal(r.version, 'csl2016');
    assert.equal(r.articles.length, 79);
    assert.deepEqual(
      brief(r).filter((d) => !d.startsWith('item_gap')),
      [],
    );
  });

  it('003, Chinese running text: the 2015 draft (68 articles) despite its commencement line', () => {
    const r = run('003');
    assert.equal(r.version, 'csl2015draft');
    assert.equal(r.articles.length, 68);
    assert.deepEqual(brief(r), ['count_mismatch:0']);
    assert.match(r.defects[0]!.detail, /2017-06-01.*68 articles/);
  });

  it('004, CII 2017 draft interleaved: 55 articles, the Art 46 amount typo noted', () => {
    const r = run('004');
    assert.equal(r.law, 'cii');
    assert.equal(r.version, 'cii2017');
    assert.equal(r.articles.length, 55);
    assert.deepEqual(r.defects, []);
    assert.ok(r.notes.some((n) => n.article === 46 && /五十万元以上五十万元以下/.test(n.detail)));
    assert.ok(
      r.articles.every((a) => a.zh && a.en),
      'every article has both languages',
    );
  });
});
