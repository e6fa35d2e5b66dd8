import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';
import { leafHash, verifyInclusion } from './merkle.js';
import { openCheckpoint } from './note.js';
import { verifyPack, writePack } from './pack-io.js';
import { systemClock } from '../platform/clock.js';
import { FileStore } from './files-io.js';
import { LedgerService } from './service.js';
import type { LedgerStore } from './store.js';
import { loadOrCreateIdentity, TreeLog } from './tree-log-io.js';

describeEachDatabase('evidence ledger', (ctx) => {
  const get = useTestApp(ctx);

  it('records evidence, sequences it into a signed checkpoint, and proves inclusion', async () => {
    const t = get();
    const auth = { authorization: `Bearer ${t.tokens.security_officer}` };
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.inject({
        method: 'POST',
        url: '/api/evidence',
        headers: auth,
        payload: {
          obligations: ['csl.incident-emergency-plan'],
          kind: 'record',
          summary: `Drill ${i}: ransomware tabletop`,
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      ids.push(res.json().id);
    }
    await t.app.services.ledger.sequence();
    const status = (await t.inject({ method: 'GET', url: '/api/ledger/status', headers: auth })).json();
    assert.equal(status.size, 5);
    assert.equal(status.pending, 0);
    assert.equal(status.lastCheckpoint.size, 5);
    const proof = (
      await t.inject({ method: 'GET', url: `/api/evidence/${ids[3]}/proof`, headers: auth })
    ).json();
    const cp = openCheckpoint(proof.checkpoint, status.verifierKey);
    assert.equal(cp.size, 5);
    assert.ok(
      verifyInclusion(
        proof.index,
        cp.size,
        leafHash(Buffer.from(proof.canonical)),
        proof.proof.map((p: string) => Buffer.from(p, 'base64')),
        cp.root,
      ),
    );
    assert.equal(JSON.parse(proof.canonical).summary, 'Drill 3: ransomware tabletop');
  });

  it('refuses evidence without an obligation, from the future, or by the auditor', async () => {
    const t = get();
    const post = (role: 'admin' | 'auditor', payload: object) =>
      t.inject({
        method: 'POST',
        url: '/api/evidence',
        headers: { authorization: `Bearer ${t.tokens[role]}` },
        payload,
      });
    assert.equal((await post('admin', { obligations: [], kind: 'x', summary: 'x' })).statusCode, 400);
    const future = await post('admin', {
      obligations: ['csl.mlps-filing'],
      kind: 'filing',
      summary: 'x',
      occurredAt: '2999-01-01T00:00:00Z',
    });
    assert.equal(future.statusCode, 400);
    assert.match(future.json().error.message, /between 2000-01-01 and now/);
    assert.equal(
      (await post('auditor', { obligations: ['csl.mlps-filing'], kind: 'filing', summary: 'x' })).statusCode,
      403,
    );
  });

  it('an exported pack verifies offline; any changed byte is caught and named', async () => {
    const t = get();
    const ledger = t.app.services.ledger;
    for (let i = 0; i < 20; i++) {
      await ledger.record(
        { userId: 'u', username: 'officer', role: 'compliance_officer', via: 'cli' },
        { obligations: ['csl.log-retention'], kind: 'log_day_sealed', summary: `day ${i}` },
      );
      if (i % 7 === 0) await ledger.sequence();
    }
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-pack-')), 'pack');
    writePack(dir, await ledger.packContents({}), { 'report.html': '<html>报告</html>' });
    const ok = verifyPack(dir);
    assert.equal(ok.ok, true, ok.failure);
    assert.ok(
      ok.checked.checkpoints >= 3 && ok.checked.consistencyProofs >= 2 && ok.checked.inclusionProofs >= 20,
    );
    // Flip one byte at a random place in every file, one at a time.
    const files = fs.readdirSync(dir).filter((f) => f !== 'files');
    for (const name of files) {
      const file = path.join(dir, name);
      const size = fs.statSync(file).size;
      // Small files: every byte; larger ones: random places.
      const places =
        size <= 600
          ? Array.from({ length: size }, (_, i) => i)
          : Array.from({ length: 8 }, () => Math.floor(Math.random() * size));
      for (const at of places) {
        const bytes = fs.readFileSync(file);
        const original = bytes[at]!;
        bytes[at] = original ^ (1 << Math.floor(Math.random() * 8));
        fs.writeFileSync(file, bytes);
        const r = verifyPack(dir);
        assert.equal(r.ok, false, `a flip in ${name} at ${at} was not caught`);
        assert.ok(r.failure && r.failure.length > 5);
        bytes[at] = original;
        fs.writeFileSync(file, bytes);
      }
    }
    assert.equal(verifyPack(dir).ok, true);
  });

  it('the self-check catches a database row altered behind the ledger', async () => {
    const t = get();
    await t.app.services.ledger.sequence();
    const good = await t.app.services.ledger.selfVerify();
    assert.equal(good.ok, true, good.detail);
    const small = await t.app.services.ledger.selfVerify(2);
    assert.equal(small.ok, true, small.detail);
    assert.equal(small.records, good.records, 'batches of two read every record');
    assert.ok(good.records > 2);
    const records = await t.app.services.ledger.records({});
    // The last record, so with batches of two the tampered row is in a later batch than the first.
    const victim = records.reduce((a, b) => ((a.index ?? 0) > (b.index ?? 0) ? a : b));
    await t.app.database.executeSql(
      `update evidence set canonical = replace(canonical, '"summary":"', '"summary":"(edited) ') where id = $1`,
      [victim.id],
    );
    const bad = await t.app.services.ledger.selfVerify(2);
    assert.equal(bad.ok, false);
    assert.match(bad.detail, new RegExp(victim.id));
    const status = (
      await t.inject({
        method: 'GET',
        url: '/api/ledger/status',
        headers: { authorization: `Bearer ${t.tokens.auditor}` },
      })
    ).json();
    assert.equal(status.lastVerification.ok, false);
    // The server stays up but says its records are in doubt, and exports no pack.
    const health = (await t.inject({ method: 'GET', url: '/api/health' })).json();
    assert.equal(health.status, 'degraded');
    assert.match(health.problems[0], /self-check failed/);
    const pack = await t.inject({
      method: 'GET',
      url: '/api/pack.tar',
      headers: { authorization: `Bearer ${t.tokens.auditor}` },
    });
    assert.equal(pack.statusCode, 503);
    assert.equal(pack.json().error.code, 'ledger_unverified');
  });
});

describe('sequencer', () => {
  it('sequence() includes everything recorded before the call, even while another run is under way', async () => {
    // A store whose first read of pending rows is held open, so a second call lands mid-run.
    const rows: { id: string; canonical: string; leaf_index: number | null }[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let reads = 0;
    const store = {
      in() {
        return store;
      },
      async insert(batch: { id: string; canonical: string }[]) {
        for (const row of batch) rows.push({ id: row.id, canonical: row.canonical, leaf_index: null });
      },
      async pending() {
        const snapshot = rows
          .filter((r) => r.leaf_index === null)
          .map(({ id, canonical }) => ({ id, canonical }));
        if (reads++ === 0) await gate;
        return snapshot;
      },
      async assignIndices(ids: string[], start: number) {
        ids.forEach((id, i) => (rows.find((r) => r.id === id)!.leaf_index = start + i));
      },
    };
    const ledgerStore = store as unknown as LedgerStore;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-seq-'));
    const ledger = new LedgerService(
      ledgerStore,
      TreeLog.open(dir),
      loadOrCreateIdentity(dir, 'test/ledger'),
      systemClock,
      new FileStore(path.join(dir, 'files')),
    );
    const actor = { userId: 'u', username: 'officer', role: 'admin' as const, via: 'cli' as const };
    const first = ledger.sequence();
    await ledger.record(actor, {
      obligations: ['csl.log-retention'],
      kind: 'log_day_sealed',
      summary: 'recorded during a run',
    });
    const second = ledger.sequence();
    release();
    await first;
    await second;
    assert.deepEqual(
      rows.map((r) => r.leaf_index),
      [0],
      'the record written mid-run is in the tree when sequence() returns',
    );
    ledger.close();
  });
});
