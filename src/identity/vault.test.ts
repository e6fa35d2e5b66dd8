import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';
import type { Actor, Role } from '../platform/auth/roles.js';
import { fixedClock } from '../platform/clock.js';
import { kyselyUnitOfWork } from '../platform/db/unit-of-work.js';
import { HOUR } from '../platform/time.js';

/** 10:00 Beijing time on 1 December 2026. */
const start = new Date('2026-12-01T02:00:00Z');

const system: Actor = { userId: 'system', username: 'system', role: 'admin', via: 'system' };
const zhang = { name: '张三', idNumber: '110101199003074514', phone: '13800138000' };
const li = { name: '李四', idNumber: '310104198512123216', phone: '13912345678' };

interface Subject {
  id: string;
  nameMasked: string;
  idNumberMasked: string;
  phoneMasked: string;
  accounts: { service: string; user: string; handle: string }[];
  keyId: string;
}

describeEachDatabase('The identity vault', (ctx) => {
  const clock = fixedClock(start);
  const get = useTestApp(ctx, { clock });
  const vault = () => get().app.services.identity.vault;
  const h = (role: Role) => ({ authorization: `Bearer ${get().tokens[role]}` });
  const post = (url: string, payload: object, role: Role) =>
    get().inject({ method: 'POST', url, headers: h(role), payload });
  const read = (url: string, role: Role = 'auditor') =>
    get().inject({ method: 'GET', url, headers: h(role) });
  const search = async (body: object, role: Role = 'auditor'): Promise<Subject[]> => {
    const r = await post('/api/identity/subjects/search', body, role);
    assert.equal(r.statusCode, 200, r.body);
    return r.json().subjects as Subject[];
  };

  it('one person enrolled under two services is one subject with two accounts and random handles', async () => {
    const a = await vault().enrol(system, { service: 'forum', user: 'u1', ...zhang });
    assert.deepEqual([a.knownPerson, a.newAccount], [false, true]);
    assert.match(a.handle, /^u_[a-z2-7]{16}$/);
    // Full-width digits and spaces: the same number once normalized.
    const b = await vault().enrol(system, {
      service: 'im',
      user: 'x9',
      name: ' 张三 ',
      idNumber: '1101 0119 9003 0745 14',
      phone: '+86 138-0013-8000',
    });
    assert.deepEqual([b.subjectId, b.knownPerson, b.newAccount], [a.subjectId, true, true]);
    assert.notEqual(b.handle, a.handle);
    // The same account again: the same answer; the same account for another person: 409.
    const again = await vault().enrol(system, { service: 'forum', user: 'u1', ...zhang });
    assert.deepEqual(again, {
      subjectId: a.subjectId,
      handle: a.handle,
      knownPerson: true,
      newAccount: false,
    });
    await assert.rejects(
      vault().enrol(system, { service: 'forum', user: 'u1', ...li }),
      (err: { status?: number; field?: string }) => err.status === 409 && err.field === 'user',
    );
    assert.deepEqual(await vault().account('forum', 'u1'), { subjectId: a.subjectId, handle: a.handle });
    assert.equal(await vault().account('forum', 'nobody'), null);
    assert.deepEqual(await vault().openForCheck(a.subjectId), zhang);
    assert.equal(await vault().openForCheck('no-such-subject'), null);

    const page = await read('/api/identity/subjects?limit=10');
    assert.equal(page.statusCode, 200, page.body);
    const listed = (page.json().subjects as Subject[]).find((s) => s.id === a.subjectId)!;
    assert.deepEqual(
      [listed.nameMasked, listed.idNumberMasked, listed.phoneMasked],
      ['张*', '1101**********4514', '138****8000'],
    );
    assert.deepEqual(listed.accounts.map((x) => `${x.service}/${x.user}`).sort(), ['forum/u1', 'im/x9']);
    const imOnly = (await read('/api/identity/subjects?service=im')).json().subjects as Subject[];
    assert.deepEqual(
      imOnly.map((s) => s.id),
      [a.subjectId],
    );
  });

  it('a known number given with another name or phone is refused, and the record stays as it was', async () => {
    const a = await vault().enrol(system, { service: 'claims', user: 'c1', ...zhang });
    for (const [field, claim] of [
      ['name', { ...zhang, name: '冒名者' }],
      ['phone', { ...zhang, phone: '13999999999' }],
    ] as const) {
      await assert.rejects(
        vault().enrol(system, { service: 'claims2', user: `c-${field}`, ...claim }),
        (err: { code?: string; status?: number; field?: string; message?: string }) =>
          err.code === 'identity_mismatch' &&
          err.status === 409 &&
          err.field === field &&
          !String(err.message).includes(zhang.phone) &&
          !String(err.message).includes(zhang.name),
      );
      // Nor for the person's own account.
      await assert.rejects(
        vault().enrol(system, { service: 'claims', user: 'c1', ...claim }),
        (err: { code?: string }) => err.code === 'identity_mismatch',
      );
    }
    // Codes and checks still go to the person as enrolled; no account was made for the claims.
    assert.deepEqual(await vault().openForCheck(a.subjectId), zhang);
    assert.equal(await vault().account('claims2', 'c-name'), null);
    assert.equal(await vault().account('claims2', 'c-phone'), null);
  });

  it("an enrolment inside the caller's transaction commits or rolls back with it", async () => {
    const uow = kyselyUnitOfWork(get().app.database.db);
    const input = { service: 'txsvc', user: 'tx1', ...li };
    await assert.rejects(
      uow.run(async (tx) => {
        const r = await vault().enrol(system, input, tx);
        assert.equal(r.newAccount, true);
        throw new Error('the caller fails after enrolling');
      }),
      /the caller fails/,
    );
    assert.equal(await vault().account('txsvc', 'tx1'), null);
    const done = await uow.run((tx) => vault().enrol(system, input, tx));
    assert.deepEqual(await vault().account('txsvc', 'tx1'), {
      subjectId: done.subjectId,
      handle: done.handle,
    });
  });

  it('a record changed in the database, or copied onto another row, does not open', async () => {
    const a = await vault().enrol(system, { service: 'tamper', user: 't1', ...zhang });
    const b = await vault().enrol(system, { service: 'tamper', user: 't2', ...li });
    const db = get().app.database;
    const row = async (id: string) =>
      (await db.executeSql('select ciphertext, wrapped_key from identity_subjects where id = $1', [id]))
        .rows[0] as { ciphertext: string; wrapped_key: string };
    const ra = await row(a.subjectId);
    const rb = await row(b.subjectId);
    // b's sealed record and data key on a's row: the row's id is authenticated, so it fails.
    await db.executeSql('update identity_subjects set ciphertext = $1, wrapped_key = $2 where id = $3', [
      rb.ciphertext,
      rb.wrapped_key,
      a.subjectId,
    ]);
    await assert.rejects(vault().openForCheck(a.subjectId), /identity vault: authentication failed/);
    // One changed byte of the ciphertext.
    const raw = Buffer.from(ra.ciphertext.slice(3), 'base64');
    raw[raw.length - 1]! ^= 0x40;
    await db.executeSql('update identity_subjects set ciphertext = $1, wrapped_key = $2 where id = $3', [
      `v1:${raw.toString('base64')}`,
      ra.wrapped_key,
      a.subjectId,
    ]);
    await assert.rejects(vault().openForCheck(a.subjectId), /identity vault: authentication failed/);
    await db.executeSql('update identity_subjects set ciphertext = $1 where id = $2', [
      ra.ciphertext,
      a.subjectId,
    ]);
    assert.deepEqual(await vault().openForCheck(a.subjectId), zhang);
    assert.deepEqual(await vault().openForCheck(b.subjectId), li);
  });

  it('refuses a bad identity number, phone or name naming the field and the reasons, without echoing the number', async () => {
    const cases = [
      {
        over: { idNumber: '110101199003074515' },
        field: 'idNumber',
        code: 'checksum',
        echo: '110101199003074515',
      },
      { over: { idNumber: '990101199003074514' }, field: 'idNumber', code: 'area', echo: '990101' },
      { over: { idNumber: '110101199002304514' }, field: 'idNumber', code: 'date', echo: '1990-02-30' },
      { over: { phone: '12800138000' }, field: 'phone', code: 'prefix', echo: '12800138000' },
      { over: { name: '  ' }, field: 'name', code: undefined, echo: undefined },
    ];
    for (const c of cases) {
      const r = await post('/api/identity/subjects/search', { idNumber: '1' }, 'auditor');
      assert.equal(r.statusCode, 400);
      await assert.rejects(
        vault().enrol(system, { service: 'forum', user: 'bad', ...zhang, ...c.over }),
        (err: {
          status: number;
          field?: string;
          details?: { code?: string }[];
          messages: { zh: string; en: string };
        }) => {
          assert.equal(err.status, 400);
          assert.equal(err.field, c.field);
          if (c.code)
            assert.ok(
              err.details?.some((d) => d.code === c.code),
              JSON.stringify(err.details),
            );
          if (c.echo) {
            assert.ok(!err.messages.en.includes(c.echo), err.messages.en);
            assert.ok(!err.messages.zh.includes(c.echo), err.messages.zh);
            assert.ok(!JSON.stringify(err.details).includes(c.echo));
          }
          return true;
        },
      );
    }
    // Search by a wrong number: the same refusal, the number not echoed.
    const r = await post('/api/identity/subjects/search', { idNumber: '110101199003074515' }, 'auditor');
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().error.field, 'idNumber');
    assert.ok(!r.body.includes('110101199003074515'));
  });

  it('exact search by handle, service and user, identity number and phone (the keyed index)', async () => {
    const a = await vault().enrol(system, { service: 'forum', user: 'u1', ...zhang });
    await vault().enrol(system, { service: 'forum', user: 'u2', ...li });
    assert.deepEqual(
      (await search({ handle: a.handle })).map((s) => s.id),
      [a.subjectId],
    );
    assert.deepEqual(
      (await search({ service: 'forum', user: 'u1' })).map((s) => s.id),
      [a.subjectId],
    );
    assert.deepEqual(
      (await search({ idNumber: '110101199003074514' })).map((s) => s.id),
      [a.subjectId],
    );
    assert.deepEqual(
      (await search({ phone: '138 0013 8000' }, 'security_officer')).map((s) => s.id),
      [a.subjectId],
    );
    assert.deepEqual(await search({ handle: 'u_aaaaaaaaaaaaaaaa' }), []);
    assert.deepEqual(await search({ phone: '13700000000' }), []);
    // Moderators do not read the vault.
    assert.equal(
      (await post('/api/identity/subjects/search', { handle: a.handle }, 'moderator')).statusCode,
      403,
    );
  });

  const ledgerRecord = async (id: string) => {
    await get().app.services.ledger.sequence();
    const r = await read('/api/ledger/records?kind=identity_reveal&limit=100');
    assert.equal(r.statusCode, 200, r.body);
    const rec = (
      r.json().records as { id: string; kind: string; obligations: string[]; summary: string }[]
    ).find((x) => x.id === id);
    assert.ok(rec, `ledger record ${id}`);
    return rec;
  };

  const lawEntry = async (approve: boolean | undefined): Promise<string> => {
    const r = await post(
      '/api/registers/law-enforcement-requests/entries',
      {
        data: {
          organ: 'public_security',
          organName: '某市公安局网安支队',
          documentNumber: `公网调〔2026〕${Math.floor(Math.random() * 1e6)}号`,
          receivedOn: '2026-12-01',
          support: 'data',
          scope: '论坛账号 u1 的注册身份信息',
          legalBasis: '《网络安全法》第三十条',
          respondBy: '2026-12-08',
        },
      },
      'security_officer',
    );
    assert.equal(r.statusCode, 201, r.body);
    const id = r.json().id as string;
    if (approve !== undefined) {
      const d = await post(
        `/api/registers/law-enforcement-requests/entries/${id}/review`,
        { approve },
        'compliance_officer',
      );
      assert.equal(d.statusCode, 200, d.body);
    }
    return id;
  };

  it('a reveal needs a ground: an approved law-enforcement entry, or a court document number', async () => {
    const a = await vault().enrol(system, { service: 'forum', user: 'u1', ...zhang });
    const ask = (body: object, role: Role = 'compliance_officer') =>
      post('/api/identity/reveals', { subjectId: a.subjectId, reason: '协查', ...body }, role);
    const noGround = await ask({});
    assert.equal(noGround.statusCode, 400);
    const unknownGround = await ask({ basis: 'curiosity' });
    assert.equal(unknownGround.json().error.field, 'basis');
    const pending = await lawEntry(undefined);
    const rejected = await lawEntry(false);
    for (const registerEntryId of [undefined, 'no-such-entry', pending, rejected]) {
      const r = await ask({ basis: 'law_enforcement', ...(registerEntryId ? { registerEntryId } : {}) });
      assert.equal(r.statusCode, 400, `${registerEntryId}: ${r.body}`);
      assert.equal(r.json().error.field, 'registerEntryId');
    }
    const court = await ask({ basis: 'court_order' });
    assert.equal(court.statusCode, 400);
    assert.equal(court.json().error.field, 'reference');
    // Admins and auditors cannot ask (they never see a clear identity).
    assert.equal((await ask({ basis: 'court_order', reference: 'x' }, 'admin')).statusCode, 403);
    assert.equal((await ask({ basis: 'court_order', reference: 'x' }, 'auditor')).statusCode, 403);
    const ok = await ask({ basis: 'law_enforcement', registerEntryId: await lawEntry(true) });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().status, 'pending');
    assert.equal(ok.json().subject.nameMasked, '张*');
  });

  it('decided by another person, opened once by the asker within the window, recorded in the ledger and audit trail', async () => {
    const a = await vault().enrol(system, { service: 'forum', user: 'u1', ...zhang });
    const entry = await lawEntry(true);
    const asked = await post(
      '/api/identity/reveals',
      { subjectId: a.subjectId, basis: 'law_enforcement', registerEntryId: entry, reason: '协查涉诈账号' },
      'compliance_officer',
    );
    const id = asked.json().id as string;
    // The asker cannot decide their own request; a security officer cannot decide at all.
    assert.equal(
      (await post(`/api/identity/reveals/${id}/decide`, { approve: true }, 'compliance_officer')).statusCode,
      403,
    );
    assert.equal(
      (await post(`/api/identity/reveals/${id}/decide`, { approve: true }, 'security_officer')).statusCode,
      403,
    );
    assert.equal((await post(`/api/identity/reveals/${id}/open`, {}, 'compliance_officer')).statusCode, 409);
    const decided = await post(
      `/api/identity/reveals/${id}/decide`,
      { approve: true },
      'data_protection_officer',
    );
    assert.equal(decided.statusCode, 200, decided.body);
    assert.equal(decided.json().status, 'approved');
    assert.equal(new Date(decided.json().openUntil).getTime() - start.getTime(), 24 * HOUR);
    // Only the asker opens it; the decider, the admin and the auditor cannot.
    for (const role of ['data_protection_officer', 'security_officer', 'admin', 'auditor'] as const)
      assert.equal((await post(`/api/identity/reveals/${id}/open`, {}, role)).statusCode, 403, role);
    const opened = await post(`/api/identity/reveals/${id}/open`, {}, 'compliance_officer');
    assert.equal(opened.statusCode, 200, opened.body);
    assert.deepEqual(opened.json().identity, zhang);
    const reveal = opened.json().reveal as { status: string; evidenceId: string };
    assert.equal(reveal.status, 'opened');
    // Once only.
    assert.equal((await post(`/api/identity/reveals/${id}/open`, {}, 'compliance_officer')).statusCode, 409);

    const rec = await ledgerRecord(reveal.evidenceId);
    assert.equal(rec.kind, 'identity_reveal');
    assert.deepEqual(rec.obligations, ['csl.law-enforcement-support']);
    for (const clear of Object.values(zhang)) assert.ok(!rec.summary.includes(clear));
    const trail = await read('/api/audit-events?limit=100', 'admin');
    assert.equal(trail.statusCode, 200, trail.body);
    const actions = (trail.json().events as { action: string; detail: Record<string, unknown> }[]).filter(
      (e) => String(e.detail?.reveal ?? '') === id || e.action.startsWith('identity.reveal'),
    );
    assert.ok(
      actions.some((e) => e.action === 'identity.reveal_opened' && e.detail.evidenceId === reveal.evidenceId),
    );
    for (const action of ['identity.reveal_request', 'identity.reveal_decide', 'identity.reveal_open'])
      assert.ok(
        actions.some((e) => e.action === action),
        action,
      );
    assert.ok(!trail.body.includes(zhang.idNumber) && !trail.body.includes(zhang.phone));

    const listed = await read('/api/identity/reveals?status=opened');
    assert.ok((listed.json().reveals as { id: string }[]).some((r) => r.id === id));
  });

  it('an approved reveal not opened within the window expires; a court order serves csl.real-name', async () => {
    const a = await vault().enrol(system, { service: 'forum', user: 'u1', ...zhang });
    const ask = async () =>
      (
        await post(
          '/api/identity/reveals',
          {
            subjectId: a.subjectId,
            basis: 'court_order',
            reference: '（2026）沪0101民初1号',
            reason: '民事诉讼',
          },
          'security_officer',
        )
      ).json().id as string;
    const late = await ask();
    const soon = await ask();
    for (const id of [late, soon])
      assert.equal(
        (await post(`/api/identity/reveals/${id}/decide`, { approve: true }, 'compliance_officer'))
          .statusCode,
        200,
      );
    const opened = await post(`/api/identity/reveals/${soon}/open`, {}, 'security_officer');
    assert.equal(opened.statusCode, 200, opened.body);
    const rec = await ledgerRecord(opened.json().reveal.evidenceId as string);
    assert.deepEqual(rec.obligations, ['csl.real-name']);
    clock.advance(25 * HOUR);
    try {
      const r = await post(`/api/identity/reveals/${late}/open`, {}, 'security_officer');
      assert.equal(r.statusCode, 409);
      const expired = (await read('/api/identity/reveals?status=expired')).json().reveals as {
        id: string;
        status: string;
      }[];
      assert.deepEqual(
        expired.filter((x) => x.id === late).map((x) => x.status),
        ['expired'],
      );
    } finally {
      clock.advance(-25 * HOUR);
    }
  });

  it('after a vault-key and an index-key rotation and the background job, every identity is readable and searchable', async () => {
    const people = [zhang, li, { name: '王小红', idNumber: '44030520010808002X', phone: '18688886666' }];
    const ids: string[] = [];
    for (const [i, p] of people.entries())
      ids.push((await vault().enrol(system, { service: 'rot', user: `r${i}`, ...p })).subjectId);
    const before = (await read('/api/identity/keys')).json();
    assert.equal(before.rewrapping, null);
    assert.equal(
      (await post('/api/identity/keys/rotate', { which: 'vault' }, 'compliance_officer')).statusCode,
      403,
    );
    const rotated = await post('/api/identity/keys/rotate', { which: 'vault' }, 'admin');
    assert.equal(rotated.statusCode, 200, rotated.body);
    const status = rotated.json() as {
      vault: { keys: { id: string; active: boolean; records: number }[] };
      rewrapping: { done: number; total: number } | null;
    };
    assert.equal(status.vault.keys.length, before.vault.keys.length + 1);
    assert.ok(status.rewrapping && status.rewrapping.done === 0 && status.rewrapping.total >= 3);
    // Reads keep working with the old key before the re-wrap.
    for (const [i, id] of ids.entries()) assert.deepEqual(await vault().openForCheck(id), people[i]);
    const idx = await post('/api/identity/keys/rotate', { which: 'index' }, 'admin');
    assert.ok(idx.json().index.reindexing, 'the re-index is under way');
    // Lookups keep working while the re-index has not run.
    assert.equal((await search({ idNumber: li.idNumber }))[0]?.id, ids[1]);
    // An enrolment meanwhile finds the person under the older index key.
    assert.equal((await vault().enrol(system, { service: 'rot2', user: 'x', ...li })).knownPerson, true);

    const task = get().app.tasks.includes('identity.vault-rekey');
    assert.ok(task, 'the re-key job is declared');
    await vault().catchUp();
    const after = (await read('/api/identity/keys')).json() as {
      vault: { keys: { id: string; active: boolean; records: number }[] };
      index: { keys: { id: string; active: boolean; records: number }[]; reindexing: unknown };
      rewrapping: unknown;
    };
    assert.equal(after.rewrapping, null);
    assert.equal(after.index.reindexing, null);
    const activeVault = after.vault.keys.find((k) => k.active)!;
    assert.ok(activeVault.records >= 3);
    assert.deepEqual(
      after.vault.keys.filter((k) => !k.active).map((k) => k.records),
      after.vault.keys.filter((k) => !k.active).map(() => 0),
    );
    for (const [i, id] of ids.entries()) {
      assert.deepEqual(await vault().openForCheck(id), people[i]);
      assert.deepEqual(
        (await search({ idNumber: people[i]!.idNumber })).map((s) => s.id),
        [id],
      );
      assert.deepEqual(
        (await search({ phone: people[i]!.phone })).map((s) => s.id),
        [id],
      );
      assert.equal((await search({ idNumber: people[i]!.idNumber }))[0]!.keyId, activeVault.id);
    }
  });
});

describeEachDatabase('The identity vault with keys in the environment', (ctx) => {
  const clock = fixedClock(start);
  const env = {
    WANGAN_VAULT_KEY: Buffer.alloc(32, 7).toString('base64'),
    WANGAN_VAULT_INDEX_KEY: Buffer.alloc(32, 9).toString('base64'),
    WANGAN_IDENTITY_REVEAL_WINDOW: 'PT2H',
  };
  const get = useTestApp(ctx, { clock, env });
  const post = (url: string, payload: object, role: Role) =>
    get().inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${get().tokens[role]}` },
      payload,
    });

  it('rotation is refused with how to rotate; the reveal window follows its setting', async () => {
    for (const which of ['vault', 'index']) {
      const r = await post('/api/identity/keys/rotate', { which }, 'admin');
      assert.equal(r.statusCode, 409, r.body);
      assert.match(r.json().error.messages.en, /_KEY_FILE/);
      assert.match(r.json().error.messages.zh, /_KEY_FILE/);
    }
    const keys = await get().inject({
      method: 'GET',
      url: '/api/identity/keys',
      headers: { authorization: `Bearer ${get().tokens.auditor}` },
    });
    assert.equal(keys.json().vault.source, 'environment');
    assert.equal(keys.json().index.source, 'environment');
    assert.ok(!keys.body.includes(env.WANGAN_VAULT_KEY));
    const a = await get().app.services.identity.vault.enrol(system, {
      service: 'forum',
      user: 'e1',
      ...zhang,
    });
    const asked = await post(
      '/api/identity/reveals',
      { subjectId: a.subjectId, basis: 'court_order', reference: '（2026）沪0101民初9号', reason: '诉讼' },
      'data_protection_officer',
    );
    const decided = await post(
      `/api/identity/reveals/${asked.json().id}/decide`,
      { approve: true },
      'compliance_officer',
    );
    assert.equal(new Date(decided.json().openUntil).getTime() - start.getTime(), 2 * HOUR);
  });
});
