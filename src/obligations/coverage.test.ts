import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readSeed, seedSkip } from '../../test/seeds.js';
import { importStatute } from '../law/importer.js';
import { loadCatalog } from './catalog-io.js';
import { isDutyBearing, uncoveredArticles } from './coverage.js';

describe('every duty-bearing article is covered by the catalogue', { skip: seedSkip }, () => {
  const catalog = loadCatalog();
  const known = catalog.versions.map((v) => ({
    key: v.key,
    law: v.law,
    status: v.status,
    articles: v.articles,
    in_force: v.in_force,
  }));
  const dutyArticles = (prefix: string) =>
    importStatute(readSeed(prefix), { known })
      .articles.filter(isDutyBearing)
      .map((a) => a.number);

  it('the duty detector finds the duties it must (sanity)', () => {
    const csl2016 = dutyArticles('001');
    for (const n of [21, 22, 24, 25, 34, 40, 41, 42, 47])
      assert.ok(csl2016.includes(n), `2016 Art ${n} imposes a duty`);
    for (const n of [59, 61, 64]) assert.ok(!csl2016.includes(n), `2016 Art ${n} is a penalty`);
  });

  it('CSL 2016 (seed 001)', () => {
    assert.deepEqual(uncoveredArticles(dutyArticles('001'), 'csl2016', catalog), []);
  });

  it('CSL 2025 (seed 000, plus Arts 29 and 30 that the seed lacks)', () => {
    // Art 29 (no hacking) and Art 30 (technical support) bind everyone and operators; Art 66 is a penalty.
    const articles = [...dutyArticles('000'), 29, 30];
    assert.deepEqual(uncoveredArticles(articles, 'csl2025', catalog), []);
  });

  it('CII Regulation 2017 draft (seed 004)', () => {
    assert.deepEqual(uncoveredArticles(dutyArticles('004'), 'cii2017', catalog), []);
  });
});
