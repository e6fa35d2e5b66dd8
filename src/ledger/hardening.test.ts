import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';
import { migrations } from '../migrations.js';
import { loadCatalog } from '../obligations/catalog-io.js';
import type { Actor } from '../platform/auth/roles.js';
import { systemClock } from '../platform/clock.js';
import { openDatabase, type Database } from '../platform/db/database.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import { FileStore } from './files-io.js';
import { openCheckpoint, parseVerifierKey, signNote } from './note.js';
import { verifyPack, writePack } from './pack-io.js';
import { rawEvidencePolicy } from './raw-evidence.js';
import { LedgerService } from './service.js';
import { LedgerStore } from './store.js';
import { LEGACY_KEY_NAME, LEGACY_ORIGIN, loadOrCreateIdentity, TreeLog } from './tree-log-io.js';

const officer: Actor = { userId: 'u', username: 'officer', role: 'compliance_officer', via: 'cli' };
const tmpDir = (p: string) => fs.mkdtempSync(path.join(os.tmpdir(), p));

describeEachDatabase('raw evidence route', (ctx) => {
  const get = useTestApp(ctx);
  const post = (role: string, payload: object) =>
    get().inject({
      method: 'POST',
      url: '/api/evidence',
      headers: { authorization: `Bearer ${get().tokens[role as 'admin']}` },
      payload,
    });
  const plan = { obligations: ['csl.incident-emergency-plan'], summary: 'plan reviewed by the scanner' };

  it('takes only the kinds the catalogue lists for each duty, and refuses everything else by field', async () => {
    const before = (await get().app.services.ledger.records({})).length;
    const cases: [string, object, number, string | undefined][] = [
      // An applicability decision has its own route (with review): never here.
      ['compliance_officer', { ...plan, kind: 'not_applicable' }, 400, 'kind'],
      ['compliance_officer', { ...plan, kind: 'applicable_again' }, 400, 'kind'],
      // An upload needs a second person.
      ['compliance_officer', { ...plan, kind: 'upload' }, 400, 'kind'],
      ['compliance_officer', { ...plan, kind: 'reviewed_upload' }, 400, 'kind'],
      ['admin', { ...plan, kind: 'report_completed' }, 400, 'kind'],
      // Not a kind this duty's evidence takes.
      ['admin', { ...plan, kind: 'drill' }, 400, 'kind'],
      ['admin', { ...plan, obligations: ['csl.no-such-duty'], kind: 'record' }, 400, 'obligations'],
      [
        'admin',
        { ...plan, obligations: ['csl.incident-emergency-plan', 'csl.mlps-filing'], kind: 'record' },
        400,
        'kind',
      ],
      ['admin', { ...plan, kind: 'record', occurredAt: '0001-01-01T00:00:00Z' }, 400, 'occurredAt'],
      ['admin', { ...plan, kind: 'record', occurredAt: '1999-12-31T23:00:00Z' }, 400, 'occurredAt'],
      ['admin', { ...plan, kind: 'document', fileSha256: 'a'.repeat(64) }, 400, 'fileSha256'],
      // Roles that record through their own workflows, and the auditor, may not use it at all.
      ['moderator', { ...plan, kind: 'record' }, 403, undefined],
      ['data_protection_officer', { ...plan, kind: 'record' }, 403, undefined],
      ['auditor', { ...plan, kind: 'record' }, 403, undefined],
    ];
    for (const [role, payload, status, field] of cases) {
      const res = await post(role, payload);
      assert.equal(res.statusCode, status, `${role} ${JSON.stringify(payload)}: ${res.body}`);
      if (field) {
        const err = res.json().error;
        assert.equal(err.code, 'validation_failed');
        assert.equal(err.details.field, field, res.body);
        assert.ok(err.details.messages.zh && err.details.messages.en);
      }
    }
    assert.equal(
      (await get().app.services.ledger.records({})).length,
      before,
      'nothing refused was recorded',
    );
    const ok = await post('security_officer', {
      ...plan,
      kind: 'record',
      occurredAt: '2026-03-01T08:00:00+08:00',
    });
    assert.equal(ok.statusCode, 201, ok.body);
  });

  it('a moderator can no longer turn a duty "not applicable" through the raw route', async () => {
    const overview = async () =>
      (await get().app.services.workspace.overview()).items.find((d) => d.id === 'csl.real-name');
    const before = await overview();
    const res = await post('moderator', {
      obligations: ['csl.real-name'],
      kind: 'not_applicable',
      summary: 'we do not do real-name',
    });
    assert.equal(res.statusCode, 403);
    assert.equal((await overview())?.status, before?.status);
  });
});

// The ledger's own files under crashes and tampering: a fresh embedded database per test.
describe('ledger hardening', () => {
  let database: Database;
  const catalog = loadCatalog();
  const open = (dir: string, origin?: string) =>
    new LedgerService(
      new LedgerStore(database.db as never),
      TreeLog.open(dir),
      loadOrCreateIdentity(dir, origin),
      systemClock,
      new FileStore(path.join(dir, 'files')),
      rawEvidencePolicy(catalog.obligations),
    );
  const log = (ledger: LedgerService, i: number) =>
    ledger.record(officer, {
      obligations: ['csl.log-retention'],
      kind: 'log_day_sealed',
      summary: `day ${i}`,
    });

  beforeEach(async () => {
    database = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(database, migrations);
  });
  afterEach(async () => {
    await database.close();
  });

  it('refuses a record naming a file that was never uploaded; a stored file is fine', async () => {
    const dir = tmpDir('wangan-files-');
    const ledger = open(dir);
    await assert.rejects(
      () =>
        ledger.record(officer, {
          obligations: ['csl.log-retention'],
          kind: 'log',
          summary: 'x',
          fileSha256: 'b'.repeat(64),
        }),
      (err: { code?: string; message: string }) =>
        err.code === 'validation_failed' && /upload the file first/.test(err.message),
    );
    const sha = ledger.files.put(Buffer.from('the log index'));
    await ledger.record(officer, {
      obligations: ['csl.log-retention'],
      kind: 'log',
      summary: 'x',
      fileSha256: sha,
    });
    ledger.close();
  });

  it('a record whose file is gone makes the pack explain the gap, and verify still passes with a warning', async () => {
    const dir = tmpDir('wangan-gone-');
    const ledger = open(dir);
    const sha = ledger.files.put(Buffer.from('an attachment that will be lost'));
    await ledger.record(officer, {
      obligations: ['csl.log-retention'],
      kind: 'log',
      summary: 'with file',
      fileSha256: sha,
    });
    await log(ledger, 1);
    // As a record from before the check would be: its file never reached the store.
    fs.rmSync(path.join(dir, 'files', sha));
    const pack = path.join(tmpDir('wangan-pack-'), 'pack');
    const contents = await ledger.packContents({});
    writePack(pack, contents, {}, contents.attachments);
    const missing = JSON.parse(fs.readFileSync(path.join(pack, 'missing-files.json'), 'utf8'));
    assert.equal(missing.records[0].fileSha256, sha);
    const result = verifyPack(pack);
    assert.equal(result.ok, true, result.failure);
    assert.equal(result.warnings.length, 1);
    assert.match(result.warnings[0]!, new RegExp(sha));
    // The declaration is covered by the manifest: removing it turns the warning into a failure.
    const manifest = JSON.parse(fs.readFileSync(path.join(pack, 'manifest.json'), 'utf8'));
    assert.ok(manifest.files['missing-files.json']);
    ledger.close();
  });

  it('a crash between the tree file and the checkpoint, or a torn last line, is signed at the next start', async () => {
    const dir = tmpDir('wangan-torn-');
    let ledger = open(dir);
    for (let i = 0; i < 5; i++) await log(ledger, i);
    await ledger.sequence();
    const ids = (await ledger.records({})).map((r) => r.id);
    for (let i = 5; i < 8; i++) await log(ledger, i);
    await ledger.sequence();
    ledger.close();
    // The crash: the last checkpoint never made it whole (a torn half line stands in its place).
    const cpFile = path.join(dir, 'checkpoints.jsonl');
    const lines = fs.readFileSync(cpFile, 'utf8').split('\n').filter(Boolean);
    const last = lines.pop()!;
    fs.writeFileSync(cpFile, `${lines.join('\n')}\n${last.slice(0, last.length / 2)}`);
    const stale = JSON.parse(lines[lines.length - 1]!).size as number;

    // What the self-check sees before anything signs again.
    const reopened = open(dir);
    const before = await (
      reopened as unknown as { verifyNow(n: number): Promise<{ ok: boolean; detail: string }> }
    ).verifyNow(5000);
    assert.equal(before.ok, false);
    assert.match(before.detail, /in no signed checkpoint/);
    reopened.close();

    ledger = open(dir);
    await ledger.recover();
    await ledger.sequence();
    const status = await ledger.status();
    assert.ok(stale < 8);
    assert.equal(status.lastCheckpoint?.size, 8, 'the tree is signed again');
    const proof = await ledger.proof((await ledger.records({})).find((r) => r.index === 7)!.id);
    assert.equal(proof.size, 8);
    assert.equal((await ledger.selfVerify()).ok, true);
    // The torn bytes were cut: every line of the file is a checkpoint.
    for (const line of fs.readFileSync(cpFile, 'utf8').split('\n').filter(Boolean)) JSON.parse(line);
    const pack = path.join(tmpDir('wangan-pack-'), 'pack');
    writePack(pack, await ledger.packContents({}));
    const result = verifyPack(pack);
    assert.equal(result.ok, true, result.failure);
    assert.equal(result.checked.records, 8, 'every acknowledged record is in the pack');
    assert.ok(ids.length === 5);
    ledger.close();
  });

  it('an altered checkpoints file or row makes the self-check fail, and no pack is exported', async () => {
    const dir = tmpDir('wangan-alter-');
    let ledger = open(dir);
    await log(ledger, 1);
    await ledger.sequence();
    await log(ledger, 2);
    await ledger.sequence();
    ledger.close();
    const cpFile = path.join(dir, 'checkpoints.jsonl');
    const lines = fs.readFileSync(cpFile, 'utf8').split('\n').filter(Boolean);
    lines.splice(1, 0, 'not a checkpoint');
    fs.writeFileSync(cpFile, `${lines.join('\n')}\n`);
    ledger = open(dir);
    const v = await ledger.selfVerify();
    assert.equal(v.ok, false);
    assert.match(v.detail, /line\(s\) 2/);
    await assert.rejects(
      () => ledger.packContents({}),
      (err: { code?: string }) => err.code === 'ledger_unverified',
    );
    ledger.close();
  });
});

describe('ledger identity and the manifest note', () => {
  it('each new ledger has its own origin, and its key is named after it', () => {
    const a = loadOrCreateIdentity(tmpDir('wangan-id-'));
    const b = loadOrCreateIdentity(tmpDir('wangan-id-'));
    assert.notEqual(a.origin, b.origin);
    assert.equal(a.key.name, a.origin);
    assert.equal(parseVerifierKey(a.key.vkey).name, a.origin);
    assert.match(a.origin, /^wangan\.local\/ledger\/[0-9a-f]{16}$/);
    const configured = loadOrCreateIdentity(tmpDir('wangan-id-'), 'ledger.example.cn/acme');
    assert.equal(configured.key.name, 'ledger.example.cn/acme');
    assert.throws(() => loadOrCreateIdentity(tmpDir('wangan-id-'), 'two words'));
  });

  it('reopening keeps the identity; a ledger made before keeps its origin and key name', () => {
    const dir = tmpDir('wangan-id-');
    const first = loadOrCreateIdentity(dir);
    const again = loadOrCreateIdentity(dir, 'some/other-origin');
    assert.equal(again.origin, first.origin, 'the origin is fixed when the ledger is made');
    assert.equal(again.key.vkey, first.key.vkey);
    const legacy = tmpDir('wangan-id-');
    const { privateKey } = crypto.generateKeyPairSync('ed25519');
    fs.writeFileSync(
      path.join(legacy, 'ledger-key.pem'),
      privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    const old = loadOrCreateIdentity(legacy);
    assert.equal(old.origin, LEGACY_ORIGIN);
    assert.equal(old.key.name, LEGACY_KEY_NAME);
  });

  it('packs sign their manifest as a note with its own context line; older packs still verify', async () => {
    const dir = tmpDir('wangan-note-');
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(database, migrations);
    const identity = loadOrCreateIdentity(dir);
    const ledger = new LedgerService(
      new LedgerStore(database.db as never),
      TreeLog.open(dir),
      identity,
      systemClock,
      new FileStore(path.join(dir, 'files')),
    );
    await ledger.record(officer, {
      obligations: ['csl.log-retention'],
      kind: 'log_day_sealed',
      summary: 'd',
    });
    const contents = await ledger.packContents({});
    const pack = path.join(tmpDir('wangan-pack-'), 'new');
    writePack(pack, contents);
    const sig = fs.readFileSync(path.join(pack, 'manifest.sig'), 'utf8');
    assert.match(
      sig,
      new RegExp(
        `^wangan audit pack manifest v1\\n${identity.origin}\\n[0-9a-f]{64}\\n\\n\u2014 ${identity.origin} `,
      ),
    );
    const r = verifyPack(pack);
    assert.equal(r.ok, true, r.failure);
    assert.equal(r.manifestFormat, 'note');

    // A checkpoint note, validly signed by the same key, is not a manifest signature.
    const cp = contents.checkpoints[contents.checkpoints.length - 1]!.note;
    assert.ok(openCheckpoint(cp, identity.key.vkey));
    fs.writeFileSync(path.join(pack, 'manifest.sig'), cp);
    assert.equal(verifyPack(pack).ok, false);

    // A manifest note for the right context but another manifest fails.
    fs.writeFileSync(
      path.join(pack, 'manifest.sig'),
      signNote(
        `wangan audit pack manifest v1\n${identity.origin}\n${'0'.repeat(64)}\n`,
        identity.key.name,
        identity.key.privateKey,
      ),
    );
    assert.match(verifyPack(pack).failure ?? '', /another manifest/);

    // The format before: a bare base64 signature of manifest.json with the checkpoint key.
    const legacy = path.join(tmpDir('wangan-pack-'), 'legacy');
    writePack(legacy, {
      ...contents,
      signManifest: (bytes) => `${crypto.sign(null, bytes, identity.key.privateKey).toString('base64')}\n`,
    });
    const old = verifyPack(legacy);
    assert.equal(old.ok, true, old.failure);
    assert.equal(old.manifestFormat, 'legacy');
    ledger.close();
    await database.close();
  });
});
