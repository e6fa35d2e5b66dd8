import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseRef } from '../../contract/citation.js';
import { contentCatalogFile, loadContentCatalog } from './catalog-io.js';

const catalog = loadContentCatalog();

describe('catalog/content.yaml', () => {
  it('loads, and every category cites the articles of both laws', () => {
    assert.ok(catalog.categories.length >= 5);
    for (const c of catalog.categories) {
      assert.ok(c.citations.csl2025?.length, `${c.code} cites CSL 2025`);
      assert.ok(c.citations.csl2016?.length, `${c.code} cites CSL 2016`);
      for (const ref of Object.values(c.citations).flat()) assert.ok(parseRef(ref), `${c.code}: ${ref}`);
    }
    assert.ok(catalog.categories.some((c) => c.code === 'other' && c.default_action === 'review'));
  });

  it('marks the defaults the law leaves open as uncertain, each with its citation', () => {
    assert.equal(catalog.disposal_retention.uncertain, true);
    assert.equal(catalog.deletion_due.uncertain, true);
    assert.equal(catalog.report_due.uncertain, true);
    assert.equal(catalog.complaints.handling.uncertain, true);
    assert.equal(catalog.takedowns.default_deadline.uncertain, true);
    assert.deepEqual(catalog.disposal_retention.citations.csl2025, ['49']);
    assert.equal(catalog.word_list_action, 'review');
  });

  it('refuses a broken file with a plain error naming it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'content-cat-'));
    const file = path.join(dir, 'content.yaml');
    const text = fs.readFileSync(contentCatalogFile, 'utf8').replace('default_days: 185', 'default_days: -1');
    fs.writeFileSync(file, text);
    assert.throws(
      () => loadContentCatalog(file),
      (e: Error) => e.message.startsWith(file) && e.message.includes('disposal_retention.default_days'),
    );
    fs.writeFileSync(file, 'categories: [\n');
    assert.throws(
      () => loadContentCatalog(file),
      (e: Error) => e.message.startsWith(file) && /not readable YAML/.test(e.message),
    );
    fs.rmSync(dir, { recursive: true });
  });
});
