import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import { verifyPack } from '../ledger/pack-io.js';
import type { Actor } from '../platform/auth/roles.js';
import { fixedClock } from '../platform/clock.js';
import type { CapabilityModule } from '../platform/module.js';
import { modules } from '../modules.js';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';
import { logvaultModule } from './module.js';
import { checkSealsFile, SEALS_FILE, type SealsFile } from './pack-io.js';

const withVault = modules.map((m) =>
  m.key === 'logvault' ? logvaultModule : m,
) as readonly CapabilityModule<object>[];
const officer: Actor = { userId: 'so', username: 'so', role: 'security_officer', via: 'session' };

describeEachDatabase('log vault in the audit pack', (ctx) => {
  // 10:00 Beijing on 1 March 2026.
  const clock = fixedClock(new Date('2026-03-01T02:00:00Z'));
  const get = useTestApp(ctx, { clock, modules: withVault });

  it('carries each sealed day with its signed checkpoints, checkable offline; the report has a section', async () => {
    const t = get();
    const svc = t.app.services.logvault;
    await svc.ingest(officer, [{ host: 'fw-01', message: 'Blocked 10.0.0.7' }], '127.0.0.1');
    clock.advance(3_600_000);
    await svc.ingest(officer, [{ host: 'web-01', severity: 3, message: 'Failed password for root' }], null);
    // Each day sealed the morning after it.
    clock.set(new Date('2026-03-02T02:00:00Z'));
    await svc.ingest(officer, [{ host: 'fw-01', message: 'next day' }], null);
    assert.equal((await svc.sealDays()).length, 1);
    clock.set(new Date('2026-03-03T02:00:00Z'));
    assert.equal((await svc.sealDays()).length, 1);
    await t.app.services.ledger.sequence();

    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-lv-pack-'));
    try {
      const out = path.join(root, 'pack');
      // The pack of 2 March (Beijing): the seal recorded that day, of 1 March.
      await t.app.services.pack.export(out, {
        from: new Date('2026-03-01T16:00:00Z'),
        to: new Date('2026-03-02T16:00:00Z'),
      });
      assert.equal(verifyPack(out).ok, true);
      const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
        files: Record<string, string>;
      };
      assert.ok(manifest.files[SEALS_FILE], 'under the signed manifest');
      const file = JSON.parse(fs.readFileSync(path.join(out, SEALS_FILE), 'utf8')) as SealsFile;
      assert.deepEqual(
        file.seals.map((s) => s.date),
        ['2026-03-01'],
        'the seals recorded in the period',
      );
      const [day] = file.seals;
      assert.equal(
        day!.segments.reduce((n, s) => n + s.size, 0),
        2,
      );
      assert.ok(
        day!.segments.every((s) => s.checkpoint?.includes('— ')),
        'each with its signed note',
      );
      assert.equal(checkSealsFile(file), null);
      assert.equal(file.policyDays, 185);
      assert.match(file.citation, /23/);
      // The seal's ledger record, with its inclusion proof, is in the same pack and carries the root.
      const records = fs.readFileSync(path.join(out, 'records.tsv'), 'utf8');
      assert.ok(records.includes(day!.evidenceId), 'the seal record is in the pack');
      assert.ok(records.includes(day!.dayRootHex));

      // A changed root, a checkpoint of another key: caught and named.
      const forged = structuredClone(file);
      forged.seals[0]!.segments[0]!.root = Buffer.alloc(32, 7).toString('base64');
      assert.match(checkSealsFile(forged) ?? '', /2026-03-01\.0001: the checkpoint signs another root/);
      const other = structuredClone(file);
      other.seals[0]!.dayRootHex = '00'.repeat(32);
      assert.match(checkSealsFile(other) ?? '', /day's root/);
      const otherKey = 'other.example+12345678+AQ' + 'A'.repeat(42);
      assert.match(checkSealsFile(file, otherKey) ?? '', /does not verify/);

      const report = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
      assert.match(report, /网络日志留存/);
      assert.match(report, /Network logs kept/);
      assert.match(report, /2026-03-01/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
