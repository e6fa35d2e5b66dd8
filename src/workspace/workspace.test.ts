import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';
import { fixedClock } from '../platform/clock.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { verifyPack } from '../ledger/pack-io.js';

type Item = {
  id: string;
  status: string;
  nextDue: string | null;
  recurrence: { kind: string; period?: string };
  pending: number;
  openTasks: number;
};

describeEachDatabase('workspace: status derived from evidence', (ctx) => {
  const clock = fixedClock(new Date('2026-03-02T02:00:00Z'));
  const get = useTestApp(ctx, { clock });
  const h = (role: 'admin' | 'compliance_officer' | 'security_officer' | 'auditor') => ({
    authorization: `Bearer ${get().tokens[role]}`,
  });
  const items = async () =>
    (await get().inject({ method: 'GET', url: '/api/workspace', headers: h('auditor') })).json()
      .items as Item[];

  it('a yearly duty goes missing -> (submit, four-eyes review) -> met -> due soon -> overdue with the clock', async () => {
    const t = get();
    const yearly = (await items()).find(
      (i) => i.recurrence.kind === 'periodic' && i.recurrence.period === 'P1Y',
    );
    assert.ok(yearly, 'the test organisation has a yearly duty');
    assert.equal(yearly.status, 'missing');

    const sub = await t.inject({
      method: 'POST',
      url: `/api/workspace/${yearly.id}/submissions`,
      headers: h('security_officer'),
      payload: {
        summary: 'Annual assessment report 2026',
        file: { name: 'report.pdf', base64: Buffer.from('%PDF-1.4 test report').toString('base64') },
      },
    });
    assert.equal(sub.statusCode, 201, sub.body);
    assert.equal(
      (await items()).find((i) => i.id === yearly.id)!.status,
      'missing',
      'pending evidence does not count',
    );
    assert.equal((await items()).find((i) => i.id === yearly.id)!.pending, 1);

    const self = await t.inject({
      method: 'POST',
      url: `/api/workspace/submissions/${sub.json().id}/review`,
      headers: h('admin'),
      payload: { approve: true },
    });
    assert.equal(self.statusCode, 200, 'admin is not the submitter');
    assert.equal(self.json().status, 'approved');
    assert.ok(self.json().evidenceId);
    const again = await t.inject({
      method: 'POST',
      url: `/api/workspace/submissions/${sub.json().id}/review`,
      headers: h('compliance_officer'),
      payload: { approve: true },
    });
    assert.equal(again.statusCode, 409);

    assert.equal((await items()).find((i) => i.id === yearly.id)!.status, 'met');
    clock.advance(340 * 86_400_000);
    assert.equal((await items()).find((i) => i.id === yearly.id)!.status, 'due_soon');
    clock.advance(40 * 86_400_000);
    assert.equal((await items()).find((i) => i.id === yearly.id)!.status, 'overdue');

    const sha = sub.json().fileSha256 as string;
    const file = await t.inject({ method: 'GET', url: `/api/files/${sha}`, headers: h('auditor') });
    assert.equal(file.body, '%PDF-1.4 test report');
  });

  it('the submitter cannot approve their own evidence', async () => {
    const t = get();
    const target = (await items())[0]!;
    const sub = await t.inject({
      method: 'POST',
      url: `/api/workspace/${target.id}/submissions`,
      headers: h('compliance_officer'),
      payload: { summary: 'self-approved?' },
    });
    const self = await t.inject({
      method: 'POST',
      url: `/api/workspace/submissions/${sub.json().id}/review`,
      headers: h('compliance_officer'),
      payload: { approve: true },
    });
    assert.equal(self.statusCode, 403);
    assert.match(self.json().error.message, /someone other/);
  });

  it('"not applicable" is a decision with a justification, kept in the ledger, and reversible', async () => {
    const t = get();
    const target = (await items()).find((i) => i.status === 'missing')!;
    const short = await t.inject({
      method: 'POST',
      url: `/api/workspace/${target.id}/applicability`,
      headers: h('compliance_officer'),
      payload: { applicable: false, justification: 'no' },
    });
    assert.equal(short.statusCode, 400, 'a justification is required');
    const na = await t.inject({
      method: 'POST',
      url: `/api/workspace/${target.id}/applicability`,
      headers: h('compliance_officer'),
      payload: {
        applicable: false,
        justification: 'We run no such system; confirmed by the CISO on 2027-03-01.',
      },
    });
    assert.equal(na.statusCode, 201);
    assert.equal((await items()).find((i) => i.id === target.id)!.status, 'not_applicable');
    await t.app.services.ledger.sequence();
    const proof = await t.inject({
      method: 'GET',
      url: `/api/evidence/${na.json().evidenceId}/proof`,
      headers: h('auditor'),
    });
    assert.equal(JSON.parse(proof.json().canonical).reviewer, 'compliance_officer');
    const denied = await t.inject({
      method: 'POST',
      url: `/api/workspace/${target.id}/applicability`,
      headers: h('security_officer'),
      payload: { applicable: true, justification: 'I think it applies after all.' },
    });
    assert.equal(denied.statusCode, 403);
    clock.advance(60_000);
    await t.inject({
      method: 'POST',
      url: `/api/workspace/${target.id}/applicability`,
      headers: h('admin'),
      payload: { applicable: true, justification: 'A new system brings it back in scope.' },
    });
    assert.equal((await items()).find((i) => i.id === target.id)!.status, 'missing');
  });

  it("the export button's audit pack (.tar) verifies offline", async () => {
    const t = get();
    const res = await t.inject({ method: 'GET', url: '/api/pack.tar', headers: h('auditor') });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/x-tar');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-tar-'));
    fs.writeFileSync(path.join(dir, 'pack.tar'), res.rawPayload);
    await tar.x({ file: path.join(dir, 'pack.tar'), cwd: dir });
    const packDir = path.join(
      dir,
      fs.readdirSync(dir).find((f) => f.startsWith('wangan-audit-pack-'))!,
    );
    assert.ok(fs.existsSync(path.join(packDir, 'report.html')));
    const registers = JSON.parse(fs.readFileSync(path.join(packDir, 'registers.json'), 'utf8')) as {
      registers: { id: string }[];
    };
    assert.ok(
      registers.registers.some((r) => r.id === 'policies'),
      'the registers travel with the pack',
    );
    const r = verifyPack(packDir);
    assert.equal(r.ok, true, r.failure);
    assert.ok(r.checked.records >= 3, 'the approved evidence and decisions are in it');
  });

  it('comments and tasks on a duty; a task is closed once', async () => {
    const t = get();
    const target = (await items())[1]!;
    const url = `/api/workspace/${target.id}/notes`;
    const c = await t.inject({
      method: 'POST',
      url,
      headers: h('security_officer'),
      payload: { kind: 'comment', body: '需要和法务确认适用范围' },
    });
    assert.equal(c.statusCode, 201);
    // The thread is in time order (a fixed clock would give both notes one instant).
    clock.advance(1000);
    const task = await t.inject({
      method: 'POST',
      url,
      headers: h('compliance_officer'),
      payload: {
        kind: 'task',
        body: 'Collect the signed policy',
        assignee: 'security_officer',
        dueDate: '2027-04-01',
      },
    });
    assert.equal(task.statusCode, 201);
    const bad = await t.inject({
      method: 'POST',
      url,
      headers: h('compliance_officer'),
      payload: { kind: 'comment', body: 'x', dueDate: '2027-04-01' },
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(
      (
        await t.inject({
          method: 'POST',
          url,
          headers: h('auditor'),
          payload: { kind: 'comment', body: 'x' },
        })
      ).statusCode,
      403,
    );
    assert.equal((await items()).find((i) => i.id === target.id)!.openTasks, 1);
    const done = await t.inject({
      method: 'POST',
      url: `/api/workspace/notes/${task.json().id}/done`,
      headers: h('security_officer'),
      payload: {},
    });
    assert.equal(done.statusCode, 204);
    assert.equal(
      (
        await t.inject({
          method: 'POST',
          url: `/api/workspace/notes/${task.json().id}/done`,
          headers: h('security_officer'),
          payload: {},
        })
      ).statusCode,
      409,
    );
    const notes = (await t.inject({ method: 'GET', url, headers: h('auditor') })).json().notes as {
      kind: string;
      body: string;
      doneBy: string | null;
    }[];
    assert.deepEqual(
      notes.map((n) => [n.kind, n.doneBy]),
      [
        ['comment', null],
        ['task', 'security_officer'],
      ],
    );
    assert.equal((await items()).find((i) => i.id === target.id)!.openTasks, 0);
  });

  it('event deadlines: hours in calendar time, PI requests in PRC working days, an estimate past the calendar', async () => {
    const t = get();
    const all = await items();
    const pi = all.find((i) => i.id === 'csl.pi-deletion-correction');
    assert.ok(pi, 'the test organisation processes personal information');
    const q = (id: string, from: string) =>
      t.inject({
        method: 'GET',
        url: `/api/workspace/${id}/deadline?from=${encodeURIComponent(from)}`,
        headers: h('auditor'),
      });
    // Received Friday 13 Feb 2026 (Beijing): Sat 14 and Sat 28 Feb are worked, 15-23 Feb are off, so the 15th working day is Thu 12 Mar.
    const spring = await q(pi.id, '2026-02-13T03:00:00Z');
    assert.equal(spring.statusCode, 200, spring.body);
    assert.deepEqual([spring.json().basis, spring.json().due], ['working_days', '2026-03-12']);
    assert.equal(spring.json().estimate, null);
    // Past the shipped calendar (2027 unknown): Monday to Friday, marked as an estimate, never refused.
    const late = await q(pi.id, '2026-12-20T03:00:00Z');
    assert.equal(late.statusCode, 200, late.body);
    assert.deepEqual([late.json().basis, late.json().due], ['working_days', '2027-01-08']);
    assert.match(late.json().estimate.en, /No holiday calendar for 2027 yet/);
    assert.match(late.json().estimate.zh, /估算/);
    const report = all.find(
      (i) => i.recurrence.kind === 'event' && (i.recurrence as { deadline?: string }).deadline === 'PT4H',
    );
    assert.ok(report);
    const r = await q(report.id, '2026-05-01T10:00:00Z');
    assert.deepEqual(
      [r.json().basis, r.json().dueAt, r.json().due],
      ['hours', '2026-05-01T14:00:00.000Z', '2026-05-01'],
    );
  });

  it('two reviewers approving at once: one wins, and the loser leaves no evidence behind (one transaction)', async () => {
    const t = get();
    const target = (await items())[2]!;
    // Every record of the duty (factsByObligation keeps only the latest per slot).
    const recordsOf = async () =>
      (await t.app.services.ledger.records({})).filter((r) => r.obligations.includes(target.id)).length;
    const before = await recordsOf();
    const sub = await t.inject({
      method: 'POST',
      url: `/api/workspace/${target.id}/submissions`,
      headers: h('security_officer'),
      payload: { summary: 'race' },
    });
    const review = (role: 'admin' | 'compliance_officer') =>
      t.inject({
        method: 'POST',
        url: `/api/workspace/submissions/${sub.json().id}/review`,
        headers: h(role),
        payload: { approve: true },
      });
    const codes = (await Promise.all([review('admin'), review('compliance_officer')]))
      .map((r) => r.statusCode)
      .sort();
    assert.deepEqual(codes, [200, 409]);
    const after = await recordsOf();
    assert.equal(after - before, 1, 'exactly one evidence record');
  });
});
