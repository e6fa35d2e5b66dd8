import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import { verifyPack } from '../ledger/pack-io.js';
import { buildApp } from '../app.js';
import { fixedClock } from '../platform/clock.js';
import { describeEachDatabase, fakePdf, testConfig } from '../../test/helpers.js';

describeEachDatabase('content safety in the audit pack and its report', (ctx) => {
  it('carries the disposals, complaints and takedown demands under the signed manifest, and the report has a row for each', async () => {
    // 15:00 Beijing on 1 December 2026: the demo's records are of the days before.
    const clock = fixedClock(new Date('2026-12-01T07:00:00Z'));
    const database = await ctx().open();
    // No Chromium: this test is about the pack's files, not the PDF.
    const app = await buildApp({
      config: testConfig({ demo: true }),
      database,
      jobs: false,
      clock,
      printPdf: fakePdf,
    });
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-content-pack-'));
    try {
      await app.services.ledger.sequence();
      const out = path.join(root, 'pack');
      // The period ends after now: the demo's records are made at the clock's instant, and a period's end is exclusive.
      await app.services.pack.export(out, {
        from: new Date('2026-01-01T00:00:00Z'),
        to: new Date(clock.now().getTime() + 60_000),
      });
      assert.equal(verifyPack(out).ok, true);
      const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
        files: Record<string, string>;
      };
      for (const file of ['content-disposals.json', 'content-complaints.json', 'content-takedowns.json'])
        assert.ok(manifest.files[file], `${file} is under the signed manifest`);
      const disposals = JSON.parse(fs.readFileSync(path.join(out, 'content-disposals.json'), 'utf8')) as {
        disposals: { evidenceId: string; contentHash: string; excerpt: string }[];
      };
      assert.ok(disposals.disposals.length > 0);
      // Each disposal's ledger record is in the same pack.
      const records = fs.readFileSync(path.join(out, 'records.tsv'), 'utf8');
      for (const d of disposals.disposals) assert.ok(records.includes(d.evidenceId), d.evidenceId);

      const report = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
      assert.match(report, /信息内容处置、处置要求与投诉举报/);
      assert.match(report, /Content disposals, takedown demands and complaints/);
      for (const kind of ['处置记录 Disposal', '处置要求 Takedown demand', '投诉 Complaint'])
        assert.ok(report.includes(kind), `a row of kind ${kind}`);
      // The report names the content by hash (and the rule that decided), never by its text.
      assert.match(report, /SHA-256 [0-9a-f]{16}/);
      for (const d of disposals.disposals)
        assert.ok(!report.includes(d.excerpt), `no excerpt in the report: ${d.excerpt}`);
    } finally {
      await app.close();
      // The app does not close a database it was given.
      await database.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
