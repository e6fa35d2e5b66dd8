import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';
import { leafHash, verifyInclusion } from './merkle.js';
import { openCheckpoint } from './note.js';

type Rec = { id: string; index: number; kind: string; obligations: string[]; summary: string; actor: string };

describeEachDatabase('ledger page: records, checkpoints, proofs, verify now', (ctx) => {
  const get = useTestApp(ctx);
  const as = (role: 'admin' | 'compliance_officer' | 'security_officer' | 'auditor') => ({
    authorization: `Bearer ${get().tokens[role]}`,
  });
  const list = async (query: string, role: 'auditor' | 'admin' = 'auditor') => {
    const res = await get().inject({ method: 'GET', url: `/api/ledger/records${query}`, headers: as(role) });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { records: Rec[]; next: string | null };
  };
  const ids: Record<string, string> = {};

  it('lists records newest leaf first, searched by summary, actor, kind, duty id and duty title', async () => {
    const t = get();
    const ledger = t.app.services.ledger;
    const officer = await t.app.services.auth.findActor('security_officer');
    const admin = await t.app.services.auth.findActor('admin');
    const plan = await ledger.record(officer, {
      obligations: ['csl.incident-emergency-plan'],
      kind: 'record',
      summary: 'Ransomware tabletop drill',
      occurredAt: new Date('2026-01-10T02:00:00Z'),
    });
    await ledger.sequence();
    const grading = await ledger.record(admin, {
      obligations: ['csl.mlps-grading'],
      kind: 'mlps_grading',
      summary: 'Graded the payroll system: level 2',
      occurredAt: new Date('2026-02-20T02:00:00Z'),
      reviewer: 'compliance_officer',
    });
    await ledger.sequence();
    const seal = await ledger.record(officer, {
      obligations: ['csl.incident-emergency-plan', 'csl.mlps-grading'],
      kind: 'record',
      summary: '100% of the plan (50_50 split) reviewed',
      occurredAt: new Date('2026-03-01T02:00:00Z'),
    });
    await ledger.sequence();
    Object.assign(ids, { plan: plan.id, grading: grading.id, seal: seal.id });

    const all = await list('');
    assert.deepEqual(
      all.records.map((r) => r.id),
      [seal.id, grading.id, plan.id],
      'newest leaf first',
    );
    assert.deepEqual(
      all.records.map((r) => r.index),
      [2, 1, 0],
    );
    const graded = all.records.find((r) => r.id === grading.id) as Rec & { reviewer: string | null };
    assert.equal(graded.reviewer, 'compliance_officer', 'the second person is shown');

    assert.deepEqual(
      (await list('?q=tabletop')).records.map((r) => r.id),
      [plan.id],
      'by summary, any case',
    );
    assert.deepEqual(
      (await list('?q=ADMIN')).records.map((r) => r.id),
      [grading.id],
      'by actor',
    );
    assert.deepEqual(
      (await list('?q=MLPS_GRAD')).records.map((r) => r.id),
      [grading.id],
      'by kind',
    );
    assert.deepEqual(
      (await list('?q=csl.incident-emergency')).records.map((r) => r.id),
      [seal.id, plan.id],
      'by duty id',
    );
    const title = t.app.services.obligations
      .catalogue()
      .obligations.find((o) => o.id === 'csl.incident-emergency-plan')!.title;
    assert.deepEqual(
      (await list(`?q=${encodeURIComponent(title.zh)}`)).records.map((r) => r.id),
      [seal.id, plan.id],
      'by the duty’s Chinese title',
    );
    assert.deepEqual(
      (await list('?q=50_50')).records.map((r) => r.id),
      [seal.id],
      'an underscore is a character, not a wildcard',
    );
    assert.deepEqual(
      (await list('?q=%25')).records.map((r) => r.id),
      [seal.id],
      'so is a percent sign',
    );
    assert.deepEqual(
      (await list(`?q=${plan.id}`)).records.map((r) => r.id),
      [plan.id],
      'by record id',
    );
  });

  it('filters by duty, kind and Beijing dates of the work, and pages with limit, cursor and next', async () => {
    assert.deepEqual(
      (await list('?duty=csl.mlps-grading')).records.map((r) => r.id),
      [ids.seal, ids.grading],
    );
    assert.deepEqual(
      (await list('?kind=record&duty=csl.mlps-grading')).records.map((r) => r.id),
      [ids.seal],
    );
    // 2026-02-20 10:00 Beijing: in the day from=to=2026-02-20, not in the day before.
    assert.deepEqual(
      (await list('?from=2026-02-20&to=2026-02-20')).records.map((r) => r.id),
      [ids.grading],
      'to is the last day included',
    );
    assert.deepEqual(
      (await list('?to=2026-02-19')).records.map((r) => r.id),
      [ids.plan],
    );

    const first = await list('?limit=2');
    assert.equal(first.records.length, 2);
    assert.ok(first.next);
    const second = await list(`?limit=2&cursor=${first.next}`);
    assert.deepEqual(
      second.records.map((r) => r.id),
      [ids.plan],
    );
    assert.equal(second.next, null);
    const bad = await get().inject({
      method: 'GET',
      url: '/api/ledger/records?cursor=nonsense!',
      headers: as('auditor'),
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.field ?? bad.json().error.details?.[0]?.path, 'cursor');
  });

  it('downloads a record’s proof as a file that verifies against the signed checkpoint', async () => {
    const t = get();
    const status = (
      await t.inject({ method: 'GET', url: '/api/ledger/status', headers: as('auditor') })
    ).json();
    const res = await t.inject({
      method: 'GET',
      url: `/api/evidence/${ids.grading}/proof?download=1`,
      headers: as('auditor'),
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(
      String(res.headers['content-disposition']),
      /^attachment; filename="wangan-proof-1-3\.json"$/,
    );
    const proof = res.json();
    const cp = openCheckpoint(proof.checkpoint, status.verifierKey);
    assert.equal(cp.size, 3);
    assert.ok(
      verifyInclusion(
        proof.index,
        cp.size,
        leafHash(Buffer.from(proof.canonical)),
        proof.proof.map((p: string) => Buffer.from(p, 'base64')),
        cp.root,
      ),
      'the inclusion proof verifies against the checkpoint’s root',
    );
    // The same proof does not fit another record's bytes.
    assert.ok(
      !verifyInclusion(
        proof.index,
        cp.size,
        leafHash(Buffer.from(proof.canonical.replace('level 2', 'level 3'))),
        proof.proof.map((p: string) => Buffer.from(p, 'base64')),
        cp.root,
      ),
    );
  });

  it('lists the signed checkpoints newest first, paged, each note signed by the ledger key', async () => {
    const t = get();
    const status = (
      await t.inject({ method: 'GET', url: '/api/ledger/status', headers: as('auditor') })
    ).json();
    const page = async (q: string) =>
      (
        await t.inject({ method: 'GET', url: `/api/ledger/checkpoints${q}`, headers: as('auditor') })
      ).json() as {
        checkpoints: { size: number; at: string; root: string; note: string }[];
        next: string | null;
      };
    const first = await page('?limit=2');
    assert.deepEqual(
      first.checkpoints.map((c) => c.size),
      [3, 2],
    );
    for (const c of first.checkpoints) {
      const opened = openCheckpoint(c.note, status.verifierKey);
      assert.equal(opened.size, c.size);
      assert.equal(opened.root.toString('base64'), c.root);
    }
    const rest = await page(`?limit=2&cursor=${first.next}`);
    // The empty tree's checkpoint is signed at start.
    assert.deepEqual(
      rest.checkpoints.map((c) => c.size),
      [1, 0],
    );
    assert.equal(rest.next, null);
  });

  it('verify now runs the self-check for the auditor and compliance, not for others, and the status says so', async () => {
    const t = get();
    const run = (role: 'auditor' | 'compliance_officer' | 'security_officer') =>
      t.inject({ method: 'POST', url: '/api/ledger/verify', headers: as(role), payload: {} });
    const before = (
      await t.inject({ method: 'GET', url: '/api/ledger/status', headers: as('auditor') })
    ).json();
    const res = await run('auditor');
    assert.equal(res.statusCode, 200, res.body);
    const v = res.json();
    assert.equal(v.ok, true);
    assert.equal(v.records, 3, 'over every record in the tree');
    const after = (
      await t.inject({ method: 'GET', url: '/api/ledger/status', headers: as('auditor') })
    ).json();
    assert.deepEqual(after.lastVerification, v, 'the status shows the run just made');
    assert.notDeepEqual(after.lastVerification, before.lastVerification ?? null);
    assert.equal((await run('compliance_officer')).statusCode, 200);
    assert.equal((await run('security_officer')).statusCode, 403);

    const me = async (role: 'auditor' | 'security_officer') =>
      (await t.inject({ method: 'GET', url: '/api/auth/me', headers: as(role) })).json().can as string[];
    assert.ok((await me('auditor')).includes('ledger.verify'), 'the console shows the button from can');
    assert.ok(!(await me('security_officer')).includes('ledger.verify'));
  });
});
