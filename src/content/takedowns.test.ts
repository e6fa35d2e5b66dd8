import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { it } from 'node:test';
import { describeEachDatabase, useTestApp, type TestApp } from '../../test/helpers.js';
import type { Role } from '../platform/auth/roles.js';
import { fixedClock } from '../platform/clock.js';
import { DAY, HOUR, MINUTE } from '../platform/time.js';
import { EscalationStore } from '../workspace/escalation-store.js';
import type { EscalationTables } from '../workspace/escalation-tables.js';
import { escalationsTask } from '../workspace/jobs/escalations.js';

/** 10:00 Beijing time on 1 December 2026. */
const start = new Date('2026-12-01T02:00:00Z');
const DUTY = 'csl.takedown-demands';

interface Demand {
  id: string;
  issuer: string;
  documentNumber: string;
  receivedAt: string;
  dueAt: string;
  defaultDeadline: boolean;
  status: string;
  doneAt: string | null;
  overdue: boolean;
  version: number;
  actions: { by: string; action: string; targets: string[]; disposalId: string | null }[];
  confirmation: { by: string; reference: string | null; note: string } | null;
}

describeEachDatabase('Takedown demands from authorities', (ctx) => {
  const clock = fixedClock(start);
  const get = useTestApp(ctx, { clock });
  const h = (role: Role) => ({ authorization: `Bearer ${get().tokens[role]}` });
  const post = (url: string, payload: object, role: Role = 'moderator') =>
    get().inject({ method: 'POST', url, headers: h(role), payload });
  const read = (url: string, role: Role = 'auditor') =>
    get().inject({ method: 'GET', url, headers: h(role) });
  let n = 0;
  const demand = (over: object = {}, role: Role = 'moderator') =>
    post(
      '/api/content/takedowns',
      {
        issuer: 'cac',
        issuerName: '某市网信办',
        documentNumber: `网信处〔2026〕${++n}号`,
        receivedAt: new Date(clock.now().getTime() - HOUR).toISOString(),
        targets: [{ value: 'https://forum.example.cn/t/1' }, { value: 'user:u_1', note: '发布账号' }],
        summary: '删除涉诈帖子',
        ...over,
      },
      role,
    );
  const made = async (over: object = {}): Promise<Demand> => {
    const r = await demand(over);
    assert.equal(r.statusCode, 201, r.body);
    return r.json() as Demand;
  };
  const items = async (t: TestApp = get()) =>
    (await t.app.services.workspace.overview()).deadlines.filter((d) => d.source === 'content.takedowns');

  it('a demand naming no deadline is due the catalogue default (24 hours) after it arrived, marked as the default', async () => {
    const d = await made();
    const received = new Date(d.receivedAt).getTime();
    assert.equal(new Date(d.dueAt).getTime() - received, 24 * HOUR);
    assert.deepEqual([d.defaultDeadline, d.status, d.overdue, d.doneAt], [true, 'open', false, null]);
    const own = await made({ dueAt: new Date(received + 6 * HOUR).toISOString() });
    assert.equal(own.defaultDeadline, false);
    assert.equal(new Date(own.dueAt).getTime() - new Date(own.receivedAt).getTime(), 6 * HOUR);
    const one = await read(`/api/content/takedowns/${d.id}`);
    assert.equal(one.statusCode, 200, one.body);
    assert.equal(one.json().documentNumber, d.documentNumber);
    assert.deepEqual(one.json().targets, [
      { value: 'https://forum.example.cn/t/1' },
      { value: 'user:u_1', note: '发布账号' },
    ]);
    assert.equal((await read('/api/content/takedowns/no-such-id')).statusCode, 404);
  });

  it('refuses bad input naming the field in both languages, and the same document twice', async () => {
    const bad = async (over: object, field: string, zh: RegExp) => {
      const r = await demand(over);
      assert.equal(r.statusCode, 400, r.body);
      const e = r.json().error;
      assert.equal(e.code, 'validation_failed');
      assert.equal(e.field, field, r.body);
      assert.match(e.messages.zh, zh);
      assert.ok(e.messages.en.length > 0);
    };
    await bad({ issuer: 'police' }, 'issuer', /发出部门“police”不在可选范围内.*网信部门（cac）/);
    await bad(
      { receivedAt: new Date(clock.now().getTime() + 2 * HOUR).toISOString() },
      'receivedAt',
      /晚于当前时间/,
    );
    await bad(
      {
        receivedAt: new Date(clock.now().getTime() - HOUR).toISOString(),
        dueAt: new Date(clock.now().getTime() - 2 * HOUR).toISOString(),
      },
      'dueAt',
      /须晚于收到时间/,
    );
    await bad({ targets: [{ value: 'a' }, { value: ' a ' }] }, 'targets.1.value', /与第1个重复/);
    await bad({ documentNumber: '  ' }, 'documentNumber', /请填写文号/);
    const none = await demand({ targets: [] });
    assert.equal(none.statusCode, 400);
    assert.equal(none.json().error.field, 'targets');

    const first = await made({ documentNumber: '沪网信〔2026〕9号' });
    const again = await demand({ documentNumber: '沪网信〔2026〕9号' });
    assert.equal(again.statusCode, 409, again.body);
    assert.equal(again.json().error.field, 'documentNumber');
    assert.match(again.json().error.messages.zh, /网信部门文号为“沪网信〔2026〕9号”的处置要求已经登记/);
    // Another issuer may use the same number.
    const other = await demand({ issuer: 'mps', documentNumber: '沪网信〔2026〕9号' });
    assert.equal(other.statusCode, 201, other.body);
    assert.notEqual(other.json().id, first.id);
  });

  it('actions are evidence; done completes the demand; the confirmation follows, by admin or compliance only', async () => {
    const d = await made({ documentNumber: '网信处〔2026〕77号' });
    const act = (payload: object, role: Role = 'moderator') =>
      post(`/api/content/takedowns/${d.id}/actions`, payload, role);

    const early = await post(`/api/content/takedowns/${d.id}/confirm`, {}, 'compliance_officer');
    assert.equal(early.statusCode, 409, 'not done yet');
    assert.match(early.json().error.messages.zh, /尚未执行完毕/);

    const stray = await act({ action: '删除', targets: ['https://elsewhere.example.cn/'] });
    assert.equal(stray.statusCode, 400);
    assert.equal(stray.json().error.field, 'targets.0');
    assert.equal((await act({ action: '删除' }, 'auditor')).statusCode, 403);
    assert.equal((await act({ action: '删除' }, 'security_officer')).statusCode, 403);

    const part = await act({ action: '删除帖子', targets: ['https://forum.example.cn/t/1'] });
    assert.equal(part.statusCode, 200, part.body);
    assert.equal(part.json().status, 'open');
    clock.advance(10 * MINUTE);
    const done = await act({ action: '封禁账号', targets: ['user:u_1'], done: true });
    assert.equal(done.statusCode, 200, done.body);
    const v = done.json() as Demand;
    assert.deepEqual(
      [v.status, v.doneAt, v.actions.map((a) => [a.by, a.action, a.targets])],
      [
        'done',
        clock.now().toISOString(),
        [
          ['moderator', '删除帖子', ['https://forum.example.cn/t/1']],
          ['moderator', '封禁账号', ['user:u_1']],
        ],
      ],
    );
    assert.equal((await act({ action: '再次', done: true })).statusCode, 409, 'done once');

    assert.equal((await post(`/api/content/takedowns/${d.id}/confirm`, {}, 'moderator')).statusCode, 403);
    const ok = await post(
      `/api/content/takedowns/${d.id}/confirm`,
      { reference: '星河函〔2026〕7号', note: '书面回复' },
      'compliance_officer',
    );
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().status, 'confirmed');
    assert.deepEqual(
      [ok.json().confirmation.by, ok.json().confirmation.reference, ok.json().confirmation.note],
      ['compliance_officer', '星河函〔2026〕7号', '书面回复'],
    );
    assert.equal(
      (await post(`/api/content/takedowns/${d.id}/confirm`, {}, 'admin')).statusCode,
      409,
      'confirmed once',
    );
    assert.equal((await act({ action: '补充' })).statusCode, 409, 'no actions after the confirmation');

    await get().app.services.ledger.sequence();
    const ledger = await get().app.services.ledger.recordPage({ duty: DUTY }, { limit: 50 });
    const mine = ledger.records.filter((r) => r.summary.includes('网信处〔2026〕77号'));
    assert.deepEqual(mine.map((r) => r.kind).sort(), ['record', 'record', 'takedown_confirmed']);
    assert.ok(mine.some((r) => /封禁账号 on 1 of 2 targets; demand done/.test(r.summary)));
    const duty = (await get().app.services.workspace.overview()).items.find((i) => i.id === DUTY);
    assert.ok(duty && duty.status !== 'not_applicable', 'the duty applies to a network operator');
  });

  it('an action may answer with a disposal record: it must exist and not belong to another demand', async () => {
    const d = await made({ documentNumber: '处置〔2026〕1号' });
    const other = await made({ documentNumber: '处置〔2026〕2号' });
    const removal = async (takedownId: string) => {
      const r = await post('/api/content/disposals', {
        text: '高额返利刷单，加微信',
        category: 'fraud',
        url: 'https://forum.example.cn/t/1',
        takedownId,
        requestDeletion: false,
      });
      assert.equal(r.statusCode, 201, r.body);
      return r.json() as { id: string; takedownId: string };
    };
    const mine = await removal(d.id);
    const theirs = await removal(other.id);
    const act = (disposalId: string) =>
      post(`/api/content/takedowns/${d.id}/actions`, {
        action: '删除帖子',
        targets: ['https://forum.example.cn/t/1'],
        disposalId,
      });
    const missing = await act('no-such-disposal');
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().error.field, 'disposalId');
    assert.match(missing.json().error.messages.zh, /没有编号为“no-such-disposal”的处置记录/);
    const wrong = await act(theirs.id);
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.json().error.messages.zh, /另一项处置要求/);
    const ok = await act(mine.id);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal((ok.json() as Demand).actions[0]!.disposalId, mine.id);
  });

  it('two people completing the same demand at once: one is recorded, the other is refused', async () => {
    const d = await made({ documentNumber: '并发〔2026〕1号' });
    const t = get();
    const [a, b] = await Promise.all(
      ['moderator', 'compliance_officer'].map(async (who) =>
        t.app.services.content.takedowns
          .act(await t.app.services.auth.findActor(who), d.id, { action: who, targets: [], done: true })
          .then(
            () => 200,
            (err: { status?: number }) => err.status,
          ),
      ),
    );
    assert.deepEqual([a, b].sort(), [200, 409]);
    const after = (await read(`/api/content/takedowns/${d.id}`)).json() as Demand;
    assert.equal(after.actions.length, 1, 'one action, one ledger record');
    assert.equal(after.version, d.version + 1);
  });

  it('an open demand is an open item with an exact instant; one due in hours escalates; overdue once past it', async () => {
    const t = get();
    clock.set(new Date(start.getTime() + 2 * DAY));
    const now = clock.now().getTime();
    const d = await made({
      documentNumber: '网安通〔2026〕112号',
      issuer: 'mps',
      issuerName: '某市公安局网安支队',
      receivedAt: new Date(now - HOUR).toISOString(),
      dueAt: new Date(now + 3 * HOUR).toISOString(),
    });
    const item = (await items()).find((i) => i.entryId === d.id)!;
    assert.deepEqual(
      [item.dueAt, item.startAt, item.basis, item.status, item.obligations, item.party],
      [d.dueAt, d.receivedAt, 'hours', 'on_track', [DUTY], 'operator'],
    );
    assert.match(item.label.zh, /执行某市公安局网安支队（公安机关）的处置要求（网安通〔2026〕112号）/);
    assert.match(item.label.en, /网安通〔2026〕112号 from 某市公安局网安支队/);

    clock.set(new Date(now + 4 * HOUR));
    const late = (await items()).find((i) => i.entryId === d.id)!;
    assert.equal(late.status, 'overdue');
    const duty = (await t.app.services.workspace.overview()).items.find((i) => i.id === DUTY)!;
    assert.equal(duty.status, 'overdue', duty.reason.en);
    assert.match(duty.reason.zh, /的处置要求（.*）：.*（北京时间）到期/);

    const overdue = await read('/api/content/takedowns?overdue=true&status=open');
    assert.ok(overdue.json().takedowns.some((x: Demand) => x.id === d.id && x.overdue));
    const counts = await t.app.services.content.takedowns.counts();
    assert.ok(counts.overdue >= 1 && counts.open >= counts.overdue, JSON.stringify(counts));

    const store = new EscalationStore(t.app.database.db as unknown as Kysely<EscalationTables>);
    await escalationsTask({
      items: () => t.app.services.workspace.openItems(),
      store,
      notifications: t.app.services.notifications,
      audit: t.app.services.audit,
      clock,
      publicUrl: 'https://wangan.example.cn',
    }).handler({});
    const rows = (await store.all()).filter((r) => r.item_key.startsWith(`content.takedowns/${d.id}/`));
    assert.deepEqual(
      rows.map((r) => r.point),
      ['expiry'],
    );

    const done = await post(`/api/content/takedowns/${d.id}/actions`, { action: '解散群组', done: true });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().overdue, true, 'done after its deadline: stays marked late');
    assert.equal(
      (await items()).find((i) => i.entryId === d.id),
      undefined,
      'a done demand leaves no open item',
    );
    const after = await t.app.services.content.takedowns.counts();
    assert.equal(after.overdue, counts.overdue - 1);
  });

  it('lists page newest first and search the document number, issuer name and targets; the pack carries the period', async () => {
    clock.set(new Date(start.getTime() + 5 * DAY));
    const base = clock.now().getTime();
    for (let i = 0; i < 3; i++)
      await made({
        documentNumber: `分页〔2026〕${i}号`,
        issuerName: `分页测试办公室${i}`,
        receivedAt: new Date(base - (3 - i) * MINUTE).toISOString(),
        targets: [{ value: `https://paged.example.cn/${i}` }],
      });
    const first = await read('/api/content/takedowns?limit=2&q=分页');
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(
      first.json().takedowns.map((x: Demand) => x.documentNumber),
      ['分页〔2026〕2号', '分页〔2026〕1号'],
    );
    const second = await read(`/api/content/takedowns?limit=2&q=分页&cursor=${first.json().next}`);
    assert.deepEqual(
      second.json().takedowns.map((x: Demand) => x.documentNumber),
      ['分页〔2026〕0号'],
    );
    assert.equal(second.json().next, null);
    const byTarget = await read('/api/content/takedowns?q=paged.example.cn/1');
    assert.deepEqual(
      byTarget.json().takedowns.map((x: Demand) => x.documentNumber),
      ['分页〔2026〕1号'],
    );
    const byIssuer = await read('/api/content/takedowns?q=测试办公室0');
    assert.deepEqual(
      byIssuer.json().takedowns.map((x: Demand) => x.documentNumber),
      ['分页〔2026〕0号'],
    );
    assert.equal((await read('/api/content/takedowns?cursor=nonsense')).statusCode, 400);
    assert.equal((await read('/api/content/takedowns?status=closed')).statusCode, 400);

    const period = await get().app.services.content.takedowns.exportPeriod({
      from: new Date(base - 10 * MINUTE),
      to: new Date(base),
    });
    assert.deepEqual(
      period.map((x) => x.documentNumber),
      ['分页〔2026〕0号', '分页〔2026〕1号', '分页〔2026〕2号'],
    );
  });
});

describeEachDatabase('Takedown demands: the default deadline set in the environment', (ctx) => {
  const clock = fixedClock(start);
  const get = useTestApp(ctx, { clock, env: { WANGAN_CONTENT_TAKEDOWN_DEADLINE: 'PT12H' } });

  it('a demand naming no deadline is due 12 hours after it arrived; the default in force says it is overridden', async () => {
    const r = await get().inject({
      method: 'POST',
      url: '/api/content/takedowns',
      headers: { authorization: `Bearer ${get().tokens.compliance_officer}` },
      payload: {
        issuer: 'other',
        issuerName: '某区文化市场综合执法大队',
        documentNumber: '文执〔2026〕3号',
        receivedAt: start.toISOString(),
        targets: [{ value: 'https://video.example.cn/v/9' }],
      },
    });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(new Date(r.json().dueAt).getTime() - start.getTime(), 12 * HOUR);
    assert.equal(r.json().defaultDeadline, true);
    assert.deepEqual(
      get()
        .app.services.content.takedowns.defaults()
        .map((d) => [d.key, d.value, d.uncertain, d.overridden]),
      [['takedown_default_deadline', 'PT12H', true, true]],
    );
  });
});
