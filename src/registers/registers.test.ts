import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';
import { fixedClock } from '../platform/clock.js';
import { beijingDate } from '../platform/time.js';

type Role =
  'admin' | 'compliance_officer' | 'security_officer' | 'data_protection_officer' | 'auditor' | 'moderator';

describeEachDatabase('Governance and CII registers: entries as evidence, deadlines, visibility', (ctx) => {
  const clock = fixedClock(new Date('2026-04-01T02:00:00Z'));
  const get = useTestApp(ctx, { clock });
  const h = (role: Role) => ({ authorization: `Bearer ${get().tokens[role]}` });
  const workspace = async () =>
    (await get().inject({ method: 'GET', url: '/api/workspace', headers: h('auditor') })).json() as {
      items: { id: string; status: string; reason: { zh: string; en: string }; nextDue: string | null }[];
      deadlines: { source: string; status: string; due: string | null; party: string; subject: string }[];
    };
  const duty = async (id: string) => (await workspace()).items.find((i) => i.id === id);
  const post = (url: string, payload: unknown, role: Role = 'security_officer') =>
    get().inject({ method: 'POST', url, headers: h(role), payload: payload as object });
  const setProfile = (cii: { operator?: boolean; voluntary?: boolean }) =>
    get().inject({
      method: 'PUT',
      url: '/api/organisation',
      headers: h('admin'),
      payload: { profile: { name: 'Test Co.', cii: { sector: 'energy', ...cii } } },
    });
  const visible = async () =>
    (
      (await get().inject({ method: 'GET', url: '/api/registers', headers: h('auditor') })).json()
        .registers as { spec: { id: string; group: string }; visible: boolean }[]
    )
      .filter((r) => r.visible)
      .map((r) => r.spec.id);

  it('a non-CII profile sees the governance registers only; cii.voluntary or cii.operator adds the CII ones', async () => {
    const plain = await visible();
    assert.ok(plain.includes('policies') && plain.includes('regulatory-events'));
    assert.ok(!plain.some((id) => id.startsWith('cii-')), plain.join());
    const refused = await post('/api/registers/cii-dr-tests/entries', { data: {} });
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().error.code, 'not_applicable');
    assert.match(refused.json().error.message, /cii\.voluntary/);

    assert.equal((await setProfile({ voluntary: true })).statusCode, 200);
    const voluntary = await visible();
    assert.ok(voluntary.includes('cii-annual-assessments') && voluntary.includes('cii-dr-tests'));
    assert.ok(!voluntary.includes('cii-changes'), 'change reports are for identified operators only');

    assert.equal((await setProfile({ operator: true })).statusCode, 200);
    const operator = await visible();
    assert.ok(operator.includes('cii-changes') && operator.includes('cii-identification'));
  });

  it('a yearly CII assessment is evidence; unreported, it keeps the duty open, reported it is met', async () => {
    assert.equal((await duty('csl.cii-annual-assessment'))?.status, 'missing');
    const r = await post('/api/registers/cii-annual-assessments/entries', {
      data: {
        assessedOn: '2026-03-20',
        assessor: '某网络安全服务机构',
        assessorType: 'third_party',
        findings: 12,
        highRisks: 1,
        department: '国家能源局',
      },
    });
    assert.equal(r.statusCode, 201, r.body);
    const entry = r.json();
    assert.equal(entry.evidenceIds.length, 1);
    assert.deepEqual(entry.obligations, ['csl.cii-annual-assessment']);
    const open = await duty('csl.cii-annual-assessment');
    assert.equal(open?.status, 'missing');
    assert.match(open!.reason.en, /Report the results/);
    assert.match(open!.reason.zh, /报送评估结果/);

    const early = await post(`/api/registers/cii-annual-assessments/entries/${entry.id}/complete`, {
      data: { reportedOn: '2026-03-01' },
    });
    assert.equal(early.statusCode, 400, 'a report before the assessment is refused');
    assert.match(early.json().error.message, /cannot be before/);
    const done = await post(`/api/registers/cii-annual-assessments/entries/${entry.id}/complete`, {
      data: { reportedOn: '2026-03-25' },
    });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().evidenceIds.length, 2);
    const met = await duty('csl.cii-annual-assessment');
    assert.equal(met?.status, 'met');
    const beijing = beijingDate(new Date(met!.nextDue!));
    assert.equal(beijing, '2027-03-20', 'due again a year after the assessment, not after the report');
    const again = await post(`/api/registers/cii-annual-assessments/entries/${entry.id}/complete`, {
      data: { reportedOn: '2026-03-26' },
    });
    assert.equal(again.statusCode, 409);
  });

  it('refuses bad input with the field named: a change report without a date, dates in the future, broken rules', async () => {
    const noDate = await post('/api/registers/cii-changes/entries', {
      data: {
        changeType: 'merger',
        department: '国家能源局',
        description: '与某公司合并',
        changedOn: '2026-03-01',
      },
    });
    assert.equal(noDate.statusCode, 400);
    assert.equal(noDate.json().error.code, 'validation_failed');
    assert.equal(noDate.json().error.details.field, 'reportedOn');
    assert.match(noDate.json().error.message, /Reported on \(reportedOn\) is required/);

    const future = await post('/api/registers/cii-dr-tests/entries', {
      data: { system: '核心数据库', testedOn: '2026-12-01', testType: 'restore', success: true },
    });
    assert.equal(future.statusCode, 400);
    assert.match(future.json().error.message, /in the future/);

    const review = await post('/api/registers/cii-procurement/entries', {
      data: {
        item: '核心路由器',
        supplier: 'X',
        decidedOn: '2026-03-01',
        mayAffectNationalSecurity: true,
        reviewOutcome: 'not_required',
      },
    });
    assert.equal(review.statusCode, 400);
    assert.match(review.json().error.message, /cybersecurity review/);
    assert.match(review.json().error.details.message.zh, /网络安全审查/);

    const unknown = await post('/api/registers/cii-dr-tests/entries', {
      data: { system: 'x', testedOn: '2026-03-01', testType: 'restore', success: true, colour: 'red' },
    });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.json().error.message, /no field "colour"/);

    const wrongType = await post('/api/registers/cii-dr-tests/entries', {
      data: { system: 'x', testedOn: '2026-02-30', testType: 'restore', success: true },
    });
    assert.equal(wrongType.statusCode, 400, 'an impossible date is refused');

    const dpo = await post(
      '/api/registers/cii-data-transfers/entries',
      {
        data: {
          dataset: '用户库',
          category: 'personal_information',
          storage: 'mainland',
          recordedOn: '2026-03-01',
          route: 'not_exported',
        },
      },
      'data_protection_officer',
    );
    assert.equal(dpo.statusCode, 201, 'the data protection officer keeps the data-location register');
    const dpoDrill = await post(
      '/api/registers/cii-dr-tests/entries',
      { data: {} },
      'data_protection_officer',
    );
    assert.equal(dpoDrill.statusCode, 403, '... and no other');
    const forbidden = await post('/api/registers/cii-dr-tests/entries', { data: {} }, 'moderator');
    assert.equal(forbidden.statusCode, 403);
    const readOnly = await post('/api/registers/cii-dr-tests/entries', { data: {} }, 'auditor');
    assert.equal(readOnly.statusCode, 403);
  });

  it('a change report waits for re-identification within 3 months; the new identification closes it', async () => {
    const cii = async () =>
      (await get().inject({ method: 'GET', url: '/api/cii', headers: h('auditor') })).json() as {
        identification: { on: string } | null;
        warnings: { code: string }[];
      };
    assert.deepEqual(
      (await cii()).warnings.map((w) => w.code),
      ['no_identification'],
      'an operator without an identification notice on record is told so',
    );
    const r = await post('/api/registers/cii-changes/entries', {
      data: {
        changeType: 'major_change',
        changedOn: '2026-03-10',
        reportedOn: '2026-03-12',
        department: '国家能源局',
        description: '新增调度中心',
      },
    });
    assert.equal(r.statusCode, 201, r.body);
    const wait = (await workspace()).deadlines.find((d) => d.source === 'cii-changes');
    assert.deepEqual([wait?.due, wait?.party, wait?.status], ['2026-06-12', 'authority', 'on_track']);
    assert.equal(
      (await duty('cii.report-major-changes'))?.status,
      'met',
      "the department's clock is not the operator's gap",
    );
    const id = await post('/api/registers/cii-identification/entries', {
      data: {
        status: 'identified',
        sector: 'energy',
        department: '国家能源局',
        notifiedOn: '2026-03-30',
        scope: '电力调度系统',
      },
    });
    assert.equal(id.statusCode, 201, id.body);
    assert.equal((await workspace()).deadlines.filter((d) => d.source === 'cii-changes').length, 0);
    const after = await cii();
    assert.equal(after.identification?.on, '2026-03-30');
    assert.deepEqual(after.warnings, []);
  });

  it('rectifications go overdue with the clock and take the duty with them until completed', async () => {
    const ev = await post('/api/registers/regulatory-events/entries', {
      data: { type: 'interview', authority: '市网信办', occurredOn: '2026-03-31', subject: '数据泄露风险' },
    });
    assert.equal(ev.statusCode, 201, ev.body);
    assert.deepEqual(ev.json().obligations, ['csl.regulatory-interview']);
    const orphan = await post('/api/registers/rectifications/entries', {
      data: { event: '00000000-0000-4000-8000-000000000000', action: 'x', dueOn: '2026-05-01' },
    });
    assert.equal(orphan.statusCode, 400);
    const rect = await post('/api/registers/rectifications/entries', {
      data: { event: ev.json().id, action: '修补接口鉴权并复测', dueOn: '2026-04-20' },
    });
    assert.equal(rect.statusCode, 201, rect.body);
    assert.deepEqual(rect.json().obligations, ['csl.regulatory-interview'], 'serves what its event serves');
    assert.equal((await duty('csl.regulatory-interview'))?.status, 'due_soon');
    clock.advance(25 * 86_400_000);
    const late = await duty('csl.regulatory-interview');
    assert.equal(late?.status, 'overdue');
    assert.match(late!.reason.en, /Complete the rectification/);
    const done = await post(`/api/registers/rectifications/entries/${rect.json().id}/complete`, {
      data: { completedOn: '2026-04-25' },
    });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal((await duty('csl.regulatory-interview'))?.status, 'met');
  });

  it('policies are versioned and count only once a second person approves them', async () => {
    const draft = (n: string) =>
      post('/api/registers/policies/entries', {
        data: {
          code: 'SEC-01',
          title: '网络安全管理制度',
          category: 'security_rules',
          effectiveOn: '2026-04-01',
          changes: n,
        },
      });
    const v1 = await draft('初版');
    assert.equal(v1.statusCode, 201, v1.body);
    assert.deepEqual([v1.json().version, v1.json().status, v1.json().evidenceIds.length], [1, 'pending', 0]);
    assert.equal((await duty('csl.security-rules-responsible-person'))?.status, 'missing');
    const self = await post(
      `/api/registers/policies/entries/${v1.json().id}/review`,
      { approve: true },
      'admin',
    );
    assert.equal(
      self.statusCode,
      200,
      'admin is a different person from the security officer who drafted it',
    );
    const v2 = await post(
      '/api/registers/policies/entries',
      {
        data: {
          code: 'SEC-01',
          title: '网络安全管理制度',
          category: 'security_rules',
          effectiveOn: '2026-04-01',
        },
      },
      'compliance_officer',
    );
    assert.equal(v2.json().version, 2);
    const own = await post(
      `/api/registers/policies/entries/${v2.json().id}/review`,
      { approve: true },
      'compliance_officer',
    );
    assert.equal(own.statusCode, 403, 'nobody approves their own draft');
    const byOther = await post(
      `/api/registers/policies/entries/${v2.json().id}/review`,
      { approve: true },
      'admin',
    );
    assert.equal(byOther.statusCode, 200);
    const list = (
      await get().inject({ method: 'GET', url: '/api/registers/policies', headers: h('auditor') })
    ).json().entries as { version: number; current: boolean; status: string }[];
    assert.deepEqual(
      list.map((e) => [e.version, e.status, e.current]),
      [
        [2, 'approved', true],
        [1, 'approved', false],
      ],
    );
    assert.equal((await duty('csl.security-rules-responsible-person'))?.status, 'met');
  });

  it('an attachment is kept in the evidence store and named by the ledger record; an empty one is refused', async () => {
    const bytes = Buffer.from('任命文件 appointment decision 2026-03');
    const r = await post('/api/registers/security-roles/entries', {
      data: {
        role: 'network_security_lead',
        person: '王敏',
        post: 'CISO',
        appointedOn: '2026-03-01',
        file: { name: 'appointment.pdf', contentBase64: bytes.toString('base64') },
      },
    });
    assert.equal(r.statusCode, 201, r.body);
    const ref = r.json().data.file as { name: string; sha256: string };
    assert.equal(ref.name, 'appointment.pdf');
    const file = await get().inject({
      method: 'GET',
      url: `/api/files/${ref.sha256}`,
      headers: h('auditor'),
    });
    assert.deepEqual(file.rawPayload, bytes);
    const records = await get().app.services.ledger.records({});
    const rec = records.find((x) => x.id === r.json().evidenceIds[0]);
    assert.equal(rec?.fileSha256, ref.sha256);
    assert.match(rec!.summary, /Network security lead: 王敏 \(CISO\) appointed/);
    const empty = await post('/api/registers/security-roles/entries', {
      data: {
        role: 'network_security_lead',
        person: 'x',
        post: 'y',
        appointedOn: '2026-03-01',
        file: { name: 'a', contentBase64: '' },
      },
    });
    assert.equal(empty.statusCode, 400);
    const principal = await get().inject({
      method: 'PUT',
      url: '/api/organisation',
      headers: h('admin'),
      payload: { profile: { name: 'Test Co.' } },
    });
    assert.equal(principal.statusCode, 200);
    const notCii = await post('/api/registers/security-roles/entries', {
      data: { role: 'principal_in_charge', person: 'x', post: 'CEO', appointedOn: '2026-03-01' },
    });
    assert.equal(notCii.statusCode, 400, 'a CII-only role serves no duty of a non-CII profile');
    assert.match(notCii.json().error.message, /serves no duty/);
    await setProfile({ operator: true });
  });

  it('imports many entries from CSV, all or nothing, with the errors by line', async () => {
    const count = async () =>
      (
        await get().inject({ method: 'GET', url: '/api/registers/cii-dr-tests', headers: h('auditor') })
      ).json().entries.length as number;
    const template = await get().inject({
      method: 'GET',
      url: '/api/registers/cii-dr-tests/template.csv',
      headers: h('auditor'),
    });
    assert.equal(template.statusCode, 200);
    assert.match(template.headers['content-type'] as string, /text\/csv/);
    assert.match(
      template.body,
      /^\ufeffsystem,testedOn,testType,rtoTargetMinutes,rtoAchievedMinutes,success,notes\r\n$/,
    );
    const before = await count();
    const bad = await post('/api/registers/cii-dr-tests/import', {
      csv: '系统或数据库,测试日期,测试类型,恢复时间目标（分钟）,测试成功\n核心库,2026-03-01,restore,30,是\n计费库,2026-13-01,restore,20,是\nCRM,2026-03-03,restore,十,是\n',
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      (bad.json().error.details.rows as { line: number; field: string }[]).map((r) => [r.line, r.field]),
      [
        [3, 'testedOn'],
        [4, 'rtoTargetMinutes'],
      ],
    );
    assert.equal(await count(), before, 'nothing of a file with errors is stored');
    const good = await post('/api/registers/cii-dr-tests/import', {
      csv: 'System or database,Tested on,Test,Recovery time objective (min),Succeeded\n核心库,2026-03-01,restore,30,yes\n"计费库, 机房A",2026-03-02,failover,8,yes\n',
    });
    assert.equal(good.statusCode, 201, good.body);
    assert.equal(good.json().imported, 2);
    assert.equal(await count(), before + 2);
    const exported = await get().inject({
      method: 'GET',
      url: '/api/registers/cii-dr-tests/entries.csv',
      headers: h('auditor'),
    });
    assert.equal(exported.statusCode, 200);
    assert.match(exported.body, /"计费库, 机房A",2026-03-02,failover,8,,true,,recorded,security_officer,/);
    const policies = await post('/api/registers/policies/import', { csv: 'code,title\nA,B\n' });
    assert.equal(policies.statusCode, 400);
    assert.match(policies.json().error.message, /approved one by one/);
    const unknown = await post('/api/registers/cii-dr-tests/import', { csv: 'colour\nred\n' });
    assert.match(unknown.json().error.message, /Column "colour"/);
  });

  it("the 2017 draft's training hours are optional and show who falls short", async () => {
    const train = (person: string, postType: string, days: number) =>
      post('/api/registers/cii-training/entries', {
        data: { person, postType, topic: '安全意识', trainedOn: '2026-04-20', days },
      });
    assert.equal((await train('张三', 'general', 1)).statusCode, 201);
    assert.equal((await train('李四', 'key_technical', 2)).statusCode, 201);
    assert.equal((await duty('csl.cii-training'))?.status, 'met');
    const off = (
      await get().inject({ method: 'GET', url: '/api/cii/training-policy', headers: h('auditor') })
    ).json();
    assert.equal(off.enabled, false);
    const on = await get().inject({
      method: 'PUT',
      url: '/api/cii/training-policy',
      headers: h('compliance_officer'),
      payload: { enabled: true },
    });
    assert.equal(on.statusCode, 200, on.body);
    assert.equal(on.json().enabled, true);
    assert.deepEqual(on.json().shortfalls, [{ person: '李四', post: 'key_technical', required: 3, done: 2 }]);
  });
});
