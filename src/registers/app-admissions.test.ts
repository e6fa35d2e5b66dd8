import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';
import type { Role } from '../platform/auth/roles.js';
import { fixedClock } from '../platform/clock.js';

const DUTY = 'csl.app-store-duties';
const admitted = {
  appName: '星河记账',
  appVersion: '3.2.0',
  developer: '杭州星河软件有限公司',
  developerCheck: 'verified',
  developerCheckedOn: '2026-11-28',
  scanResult: 'pass',
  scanTool: '移动应用安全检测平台',
  scanReport: 'SCAN-2026-1130-017',
  contentReview: 'pass',
  decision: 'admitted',
  decidedOn: '2026-11-30',
  reviewer: '李审核',
};

describeEachDatabase('App admission reviews (app distribution platforms)', (ctx) => {
  // 10:00 Beijing on 1 December 2026.
  const clock = fixedClock(new Date('2026-12-01T02:00:00Z'));
  const get = useTestApp(ctx, { clock });
  const h = (role: Role) => ({ authorization: `Bearer ${get().tokens[role]}` });
  const record = (data: object, role: Role = 'compliance_officer') =>
    get().inject({
      method: 'POST',
      url: '/api/registers/app-admissions/entries',
      headers: h(role),
      payload: { data },
    });
  const visible = async () =>
    (
      (await get().inject({ method: 'GET', url: '/api/registers', headers: h('auditor') })).json()
        .registers as { spec: { id: string }; visible: boolean }[]
    )
      .filter((r) => r.visible)
      .map((r) => r.spec.id);
  const setServices = (services: string[]) =>
    get().inject({
      method: 'PUT',
      url: '/api/organisation',
      headers: h('admin'),
      payload: { profile: { name: 'Test Co.', services } },
    });

  it('is shown only to an app distribution platform', async () => {
    assert.ok(!(await visible()).includes('app-admissions'));
    const refused = await record(admitted);
    assert.equal(refused.statusCode, 409, refused.body);
    assert.equal(refused.json().error.code, 'not_applicable');
    assert.equal((await setServices(['instant_messaging', 'app_distribution'])).statusCode, 200);
    assert.ok((await visible()).includes('app-admissions'));
  });

  it('an admission needs a verified developer, a passed scan and a passed content review; a rejection need not', async () => {
    const refuse = async (over: object, field: string, zh: RegExp) => {
      const r = await record({ ...admitted, ...over });
      assert.equal(r.statusCode, 400, r.body);
      assert.equal(r.json().error.field, field, r.body);
      assert.match(r.json().error.messages.zh, zh);
    };
    await refuse(
      { developerCheck: 'not_done', developerCheckedOn: undefined },
      'developerCheck',
      /真实身份核验/,
    );
    await refuse({ developerCheck: 'failed' }, 'developerCheck', /不得准予上架/);
    await refuse({ scanResult: 'fail' }, 'scanResult', /安全检测未通过/);
    await refuse({ contentReview: 'fail' }, 'contentReview', /内容审核未通过/);
    await refuse({ decidedOn: '2026-12-02' }, 'decidedOn', /晚于今天/);
    await refuse({ decidedOn: '2026-11-27' }, 'decidedOn', /不能早于身份核验日期/);
    await refuse({ developerCheckedOn: undefined }, 'developerCheckedOn', /核验日期/);
    await refuse({ scanReport: '' }, 'scanReport', /请填写检测报告编号/);

    const rejected = await record({
      ...admitted,
      appName: '极速贷',
      scanResult: 'fail',
      contentReview: 'fail',
      decision: 'rejected',
    });
    assert.equal(rejected.statusCode, 201, rejected.body);
    assert.equal((await record({ ...admitted }, 'moderator')).statusCode, 403);
    const ok = await record(admitted);
    assert.equal(ok.statusCode, 201, ok.body);
    assert.deepEqual(ok.json().obligations, [DUTY]);

    await get().app.services.ledger.sequence();
    const ledger = await get().app.services.ledger.recordPage({ duty: DUTY }, { limit: 10 });
    assert.deepEqual(ledger.records.map((r) => [r.kind, r.summary]).sort(), [
      [
        'app_admission_review',
        'App 星河记账 3.2.0 by 杭州星河软件有限公司 Admitted on 2026-11-30: developer identity Verified, security scan Passed (no malware found) with 移动应用安全检测平台 (report SCAN-2026-1130-017), content review Passed (no prohibited content); reviewer 李审核',
      ],
      [
        'app_admission_review',
        'App 极速贷 3.2.0 by 杭州星河软件有限公司 Rejected on 2026-11-30: developer identity Verified, security scan Failed with 移动应用安全检测平台 (report SCAN-2026-1130-017), content review Failed; reviewer 李审核',
      ],
    ]);
  });
});
