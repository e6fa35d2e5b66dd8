import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import { buildApp } from '../app.js';
import { verifyPack } from '../ledger/pack-io.js';
import { fixedClock } from '../platform/clock.js';
import { describeEachDatabase, fakePdf, testConfig } from '../../test/helpers.js';

describeEachDatabase('the identity vault in the demo and the audit pack', (ctx) => {
  it('demo people under demo-forum and demo-im with a reveal waiting; the pack has the reveals (masks only) and key ids (no key bytes), the report its section', async () => {
    const clock = fixedClock(new Date('2026-12-01T07:00:00Z'));
    const database = await ctx().open();
    const app = await buildApp({
      config: testConfig({ demo: true }),
      database,
      jobs: false,
      clock,
      printPdf: fakePdf,
    });
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-identity-pack-'));
    try {
      const vault = app.services.identity.vault;
      const reader = { userId: 'a', username: 'auditor', role: 'auditor' as const, via: 'cli' as const };
      const forum = await vault.subjects(reader, { limit: 50, service: 'demo-forum' });
      const im = await vault.subjects(reader, { limit: 50, service: 'demo-im' });
      assert.ok(forum.subjects.length >= 2 && im.subjects.length >= 2);
      // One demo person holds an account in both services.
      assert.ok(forum.subjects.some((s) => im.subjects.some((t) => t.id === s.id)));
      const pending = await vault.reveals(reader, { limit: 50, status: 'pending' });
      assert.equal(pending.reveals.length, 1);
      // The demo's overdue item: an approved law-enforcement request past the day it named.
      const overview = await app.services.workspace.overview();
      const late = overview.deadlines.filter(
        (d) => d.status === 'overdue' && d.obligations.includes('csl.law-enforcement-support'),
      );
      assert.equal(late.length, 1, JSON.stringify(overview.deadlines.map((d) => [d.obligations, d.status])));

      await app.services.ledger.sequence();
      const out = path.join(root, 'pack');
      await app.services.pack.export(out, {
        from: new Date('2026-01-01T00:00:00Z'),
        to: new Date(clock.now().getTime() + 60_000),
      });
      assert.equal(verifyPack(out).ok, true);
      const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
        files: Record<string, string>;
      };
      for (const file of ['identity-reveals.csv', 'identity-keys.json'])
        assert.ok(manifest.files[file], `${file} is under the signed manifest`);
      // The bilingual report has the section: the demo's sealed days and its pending reveal, masked.
      const report = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
      assert.match(report, /网络实名核验与身份查看/);
      assert.match(report, /Real-name verification and identity reveals/);
      assert.match(report, /每日核验存证 Daily seal/);
      assert.match(report, /demo-forum \d{4}-\d{2}-\d{2}/);
      assert.match(report, /身份查看 Identity reveal/);
      assert.match(report, /待审批 pending/);
      const csv = fs.readFileSync(path.join(out, 'identity-reveals.csv'), 'utf8');
      const lines = csv.trim().split('\r\n');
      assert.equal(lines.length, 2, csv);
      assert.ok(lines[1]!.includes(pending.reveals[0]!.id));
      assert.ok(lines[1]!.includes('张*') && lines[1]!.includes('1101**********4514'));
      const keys = JSON.parse(fs.readFileSync(path.join(out, 'identity-keys.json'), 'utf8')) as {
        vault: { id: string; active: boolean }[];
        index: { id: string; active: boolean }[];
      };
      assert.equal(keys.vault.filter((k) => k.active).length, 1);
      assert.equal(keys.index.filter((k) => k.active).length, 1);
      // Nothing of the demo people in clear anywhere in the pack, and no key bytes.
      assert.doesNotMatch(
        fs.readFileSync(path.join(out, 'identity-keys.json'), 'utf8'),
        /[A-Za-z0-9+/]{43}=/,
        'no base64 key in the pack',
      );
      for (const file of fs.readdirSync(out, { recursive: true, encoding: 'utf8' })) {
        if (!fs.statSync(path.join(out, file)).isFile()) continue;
        const body = fs.readFileSync(path.join(out, file));
        for (const clear of ['张三', '110101199003074514', '13800138000', '李四', '13912345678'])
          assert.ok(!body.includes(Buffer.from(clear, 'utf8')), `${clear} in ${file}`);
      }
    } finally {
      await app.close();
      await database.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
