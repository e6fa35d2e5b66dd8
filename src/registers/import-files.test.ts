import assert from 'node:assert/strict';
import { it } from 'node:test';
import ExcelJS from 'exceljs';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';
import { fixedClock } from '../platform/clock.js';
import { GB18030_HEX } from '../../test/fixtures/gb18030.js';

describeEachDatabase('registers: files as Excel users make them', (ctx) => {
  const clock = fixedClock(new Date('2026-12-01T02:00:00Z'));
  const get = useTestApp(ctx, { clock });
  const h = (role: 'admin' | 'security_officer' | 'auditor') => ({
    authorization: `Bearer ${get().tokens[role]}`,
  });
  const entries = async (register: string) =>
    (await get().inject({ method: 'GET', url: `/api/registers/${register}`, headers: h('auditor') })).json()
      .entries as { data: Record<string, unknown>; evidenceIds: string[] }[];
  const post = (url: string, payload: unknown, lang?: string) =>
    get().inject({
      method: 'POST',
      url,
      headers: { ...h('security_officer'), ...(lang ? { 'x-wangan-lang': lang } : {}) },
      payload: payload as Record<string, unknown>,
    });
  const file = (bytes: Buffer | Uint8Array) => ({ file: Buffer.from(bytes).toString('base64') });

  it('sets up a CII operator', async () => {
    const profile = await get().inject({
      method: 'PUT',
      url: '/api/organisation',
      headers: h('admin'),
      payload: { profile: { name: 'Test Co.', cii: { sector: 'energy', operator: true } } },
    });
    assert.equal(profile.statusCode, 200, profile.body);
  });

  it('imports a GB18030 CSV with Chinese headers and 2026/11/3 dates; the preview before it stores nothing', async () => {
    const bytes = Buffer.from(GB18030_HEX, 'hex');
    const preview = await post('/api/registers/cii-training/import/preview', file(bytes));
    assert.equal(preview.statusCode, 200, preview.body);
    const p = preview.json();
    assert.equal(p.format, 'csv');
    assert.equal(p.encoding, 'gb18030');
    assert.deepEqual(p.errors, []);
    assert.deepEqual(p.rows, [
      {
        line: 2,
        status: 'new',
        data: {
          person: '张三',
          postType: 'key_technical',
          topic: '应急响应',
          trainedOn: '2026-11-03',
          days: 2,
          assessed: true,
        },
      },
      {
        line: 3,
        status: 'new',
        data: {
          person: '李四',
          postType: 'general',
          topic: '钓鱼邮件识别',
          trainedOn: '2026-11-04',
          days: 1,
          assessed: false,
        },
      },
    ]);
    assert.equal((await entries('cii-training')).length, 0, 'a preview stores nothing');
    assert.equal((await get().app.services.ledger.records({})).length, 0, 'nor writes evidence');

    const done = await post('/api/registers/cii-training/import', { ...file(bytes), name: '培训.csv' });
    assert.equal(done.statusCode, 201, done.body);
    assert.deepEqual(done.json(), { imported: 2, skipped: 0, skippedLines: [] });
    const stored = await entries('cii-training');
    assert.deepEqual(stored.map((e) => e.data.person).sort(), ['张三', '李四']);
    assert.ok(
      stored.every((e) => e.evidenceIds.length === 1),
      'each row is a ledger record',
    );

    // The same file again: the preview says both rows are on record, and the import adds nothing.
    const again = (await post('/api/registers/cii-training/import/preview', file(bytes))).json();
    assert.deepEqual(
      again.rows.map((r: { status: string }) => r.status),
      ['duplicate', 'duplicate'],
    );
  });

  it('imports the .xlsx template filled in as Excel stores it: dates as dates, choices as the dropdown labels, the example row kept', async () => {
    const template = await get().inject({
      method: 'GET',
      url: '/api/registers/cii-dr-tests/template.xlsx',
      headers: h('auditor'),
    });
    assert.equal(template.statusCode, 200);
    assert.match(template.headers['content-type'] as string, /spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template.rawPayload as never);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    assert.deepEqual(header, [
      '序号',
      '*系统或数据库',
      '*测试日期',
      '*测试类型',
      '恢复时间目标（分钟）',
      '实际恢复时间（分钟）',
      '*测试成功',
      '问题和改进',
    ]);
    assert.match(String(ws.getCell('C1').note ? JSON.stringify(ws.getCell('C1').note) : ''), /testedOn/);
    assert.equal(ws.getCell('A2').value, '示例');
    // The dropdown of the test type lists its Chinese labels on the choices sheet.
    const validation = (
      ws as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }
    ).dataValidations.model;
    const typeList = Object.entries(validation).find(([range]) => range.startsWith('D'))?.[1];
    assert.equal(typeList?.type, 'list');
    const choices = wb.getWorksheet('可选值')!;
    const offered = (choices.getColumn(1).values as unknown[]).slice(2).map(String);
    assert.ok(offered.length >= 2, String(offered));
    const yesNo = Object.entries(validation).find(([range]) => range.startsWith('G'))?.[1];
    assert.deepEqual(yesNo?.formulae, ['"是,否"']);

    // Fill it in as Excel would: a date cell, a dropdown label, 是 / 否, a formula's result, rich text.
    ws.getRow(3).values = [
      1,
      '核心交易系统',
      new Date(Date.UTC(2026, 10, 3)),
      offered[0],
      60,
      45,
      '是',
      '切换正常',
    ];
    ws.getRow(4).values = [
      2,
      { richText: [{ text: '办公' }, { text: '系统', font: { bold: true } }] },
      46330,
      offered[offered.length - 1],
      { formula: 'E3*2', result: 120 },
      null,
      '否',
      '备份介质损坏，已更换',
    ];
    ws.getCell('C4').numFmt = 'General';
    const filled = Buffer.from(await wb.xlsx.writeBuffer());

    const preview = (await post('/api/registers/cii-dr-tests/import/preview', file(filled))).json();
    assert.equal(preview.format, 'xlsx');
    assert.deepEqual(preview.errors, []);
    assert.deepEqual(
      preview.rows.map((r: { line: number; status: string }) => [r.line, r.status]),
      [
        [2, 'example'],
        [3, 'new'],
        [4, 'new'],
      ],
    );
    const imported = await post('/api/registers/cii-dr-tests/import', file(filled));
    assert.equal(imported.statusCode, 201, imported.body);
    assert.equal(imported.json().imported, 2);
    const stored = (await entries('cii-dr-tests')).map((e) => e.data);
    const core = stored.find((d) => d.system === '核心交易系统')!;
    assert.equal(core.testedOn, '2026-11-03');
    assert.equal(core.success, true);
    const office = stored.find((d) => d.system === '办公系统')!;
    assert.equal(office.testedOn, '2026-11-04', 'a serial in a General cell');
    assert.equal(office.rtoTargetMinutes, 120, "a formula's result");
    assert.equal(office.success, false);
    assert.equal(stored.length, 2, 'the example row was not stored');
  });

  it('lists line errors with the field and both languages, and imports nothing of such a file', async () => {
    const csv =
      '姓名,岗位类型,培训内容,培训日期,时长（工作日）\n王五,实习生,应急,2026/11/3,1\n赵六,一般员工,应急,2026/12/30,1\n';
    const preview = (await post('/api/registers/cii-training/import/preview', { csv }, 'zh')).json();
    assert.deepEqual(
      preview.errors.map((e: { line: number; field: string }) => [e.line, e.field]),
      [
        [2, 'postType'],
        [3, 'trainedOn'],
      ],
    );
    assert.equal(preview.errors[1].messages.zh, '培训日期（2026-12-30）晚于今天，请在发生后登记。');
    assert.match(preview.errors[1].messages.en, /in the future/);
    const before = (await entries('cii-training')).length;
    const res = await post('/api/registers/cii-training/import', { csv }, 'zh');
    assert.equal(res.statusCode, 400);
    const error = res.json().error;
    assert.match(error.message, /^2 行中有 2 行有误，未导入任何记录。第 2 行：岗位类型“实习生”不是可选项/);
    assert.equal(
      error.details.rows[0].messages.zh,
      '岗位类型“实习生”不是可选项，可选：一般员工、关键技术岗位。',
    );
    assert.equal((await entries('cii-training')).length, before);
    const unknown = await post(
      '/api/registers/cii-training/import/preview',
      { csv: '姓名,颜色\n张三,红\n' },
      'zh',
    );
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.json().error.message, /^列“颜色”不是安全培训记录的字段/);
    const xls = await post(
      '/api/registers/cii-training/import',
      file(Buffer.from('d0cf11e0a1b11ae1', 'hex')),
    );
    assert.equal(xls.statusCode, 415);
    assert.match(xls.json().error.messages.zh, /另存为 \.xlsx/);
  });
});
