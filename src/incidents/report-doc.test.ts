// A zone far from Beijing: every time in the documents must still be Beijing time.
process.env.TZ = 'America/Los_Angeles';

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { emptyDetails, incidentView } from '../../test/fixtures/incident-view.js';
import { chromiumPath, printPdf, shippedFontCss } from '../workspace/pdf-io.js';
import { loadIncidentsCatalog } from './catalog-io.js';
import {
  emptyFinalText,
  pendingText,
  renderIncidentReport,
  reportTitles,
  type IncidentReportInput,
} from './report-doc.js';

const catalog = loadIncidentsCatalog();
const organisation = { name: '示例科技有限公司' };
const generatedAt = new Date('2026-03-01T16:10:00Z'); // 00:10 on 2 March in Beijing

const render = (over: Partial<IncidentReportInput> = {}) =>
  renderIncidentReport({
    incident: incidentView(),
    kind: 'initial',
    organisation,
    catalog,
    generatedAt,
    ...over,
  });

/** The HTML of the content item `key` (its table row). */
const row = (html: string, key: string) => {
  const m = new RegExp(`<tr data-item="${key}">([\\s\\S]*?)</tr>`).exec(html);
  return m?.[1] ?? null;
};

describe('the incident report document', () => {
  it('lists every content item of the catalogue, in its order (ransom only for ransomware)', () => {
    const html = render();
    const keys = [...html.matchAll(/<tr data-item="([A-Za-z]+)">/g)].map((m) => m[1]);
    const expected = catalog.report_contents.items.map((i) => i.key).filter((k) => k !== 'ransom');
    assert.deepEqual(keys, expected);
    let at = 0;
    for (const item of catalog.report_contents.items.filter((i) => i.key !== 'ransom')) {
      const found = html.indexOf(item.label.zh, at);
      assert.ok(found > at, `${item.label.zh} after the item before it`);
      at = found;
    }
  });

  it('fills the record items: organisation, systems with their MLPS level, category, grade with the rule that fired', () => {
    const html = render();
    assert.match(row(html, 'organisation')!, /示例科技有限公司/);
    assert.match(row(html, 'organisation')!, /会员管理系统（网络安全等级保护第三级）/);
    assert.match(row(html, 'organisation')!, /测试环境（未定级）/);
    assert.match(row(html, 'category')!, /数据安全事件/);
    const grade = row(html, 'grade')!;
    assert.match(grade, /较大网络安全事件（III级）/);
    assert.match(grade, /个人信息泄露涉及的人数：1,200,000人，达到III级标准（1,000,000人以上）/);
    assert.match(grade, /《国家网络安全事件报告管理办法》附件《网络安全事件分级指南》/);
    assert.match(row(html, 'impact')!, /约120万条用户手机号码和地址可能泄露/);
  });

  it('shows a manual grade with its reason beside the computed one', () => {
    const base = incidentView();
    const html = render({
      incident: {
        ...base,
        grading: {
          ...base.grading,
          grade: 'II',
          label: { zh: '重大', en: 'Major' },
          manual: { grade: 'II', reason: '涉及核心数据', by: 'admin', at: '2026-03-01T16:00:00Z' },
        },
      },
    });
    const grade = row(html, 'grade')!;
    assert.match(grade, /重大网络安全事件（II级）/);
    assert.match(grade, /人工定级：II级（重大），理由：涉及核心数据/);
    assert.match(grade, /依判定标准计算的级别：III级（较大）/);
  });

  it('says Beijing time, whatever the zone of the process', () => {
    assert.notEqual(
      new Date('2026-03-01T15:30:00Z').getTimezoneOffset(),
      -480,
      'the test runs outside UTC+8',
    );
    const html = render();
    const when = row(html, 'timePlace')!;
    assert.match(when, /发现时间：2026年3月1日 23时30分（北京时间）/);
    assert.match(when, /发生时间：2026年3月1日 22时05分（北京时间）/);
    assert.match(when, /地点：上海市浦东新区数据中心/);
    assert.match(html, /发现事件后4小时内，即2026年3月2日 03时30分（北京时间）前/);
    assert.match(html, /报告时间<\/th><td[^>]*>2026年3月2日 00时10分（北京时间）/);
    assert.doesNotMatch(html, /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, 'no raw instant');
  });

  it("names the rule's recipient, its deadline and its citation with both numberings", () => {
    const html = render();
    assert.match(html, /报送对象<\/th><td[^>]*>属地省级网信部门/);
    const basis = /data-section="citation">([^<]*)/.exec(html)![1]!;
    assert.match(basis, /《国家网络安全事件报告管理办法》第四条/);
    assert.match(basis, /《网络安全法》（2025年修正）第二十七条/);
    assert.match(basis, /《网络安全法》（2016年文本）第二十五条/);

    const cii = render({ incident: incidentView({ involvesCii: true }), rule: 'cii' });
    assert.match(cii, /报送对象<\/th><td[^>]*>保护工作部门和公安机关/);
    assert.match(cii, /发现事件后1小时内/);
    assert.match(cii, /《关键信息基础设施安全保护条例》第十八条/);
    assert.match(row(cii, 'organisation')!, /本事件涉及关键信息基础设施/);
  });

  it('an item not yet known reads "not yet clear, to follow" in an initial and a supplementary report', () => {
    for (const kind of ['initial', 'supplementary'] as const) {
      const html = render({ kind });
      for (const key of ['effect', 'trend', 'cause', 'attackPath', 'other'])
        assert.ok(row(html, key)!.includes(pendingText), `${kind}: ${key} empty`);
      assert.ok(!row(html, 'measures')!.includes(pendingText), 'a written item is not pending');
    }
    const noPlace = render({ incident: incidentView({ location: '', occurredAt: null }) });
    assert.match(row(noPlace, 'timePlace')!, /发生时间：（尚不明确，待续报）/);
    assert.match(row(noPlace, 'timePlace')!, /地点：（尚不明确，待续报）/);
  });

  it('the final report has its title and lists the items still empty as such', () => {
    const html = render({ kind: 'final' });
    assert.match(html, /<h1[^>]*>网络安全事件总结报告<\/h1>/);
    assert.match(html, /<title>网络安全事件总结报告（INC-2026-0007）<\/title>/);
    assert.ok(!html.includes(pendingText), 'no "to follow" in a final report');
    assert.ok(row(html, 'cause')!.includes(emptyFinalText));
    assert.match(
      html,
      /data-section="empty-items">以下内容项在本总结报告中仍未填写：[^<]*初步分析的事件原因/,
    );
    assert.match(html, /报送对象<\/th><td[^>]*>原报告对象/);
    assert.match(html, /事件处置结束后30日内/);
    assert.match(render({ kind: 'supplementary' }), /<h1[^>]*>网络安全事件续报<\/h1>/);
    assert.match(render(), /<h1[^>]*>网络安全事件初始报告<\/h1>/);
    assert.equal(reportTitles.final, '网络安全事件总结报告');
  });

  it('the final report goes to the bodies the initial reports went to, due 30 days after handling ended', () => {
    const base = incidentView();
    const html = render({
      kind: 'final',
      incident: {
        ...base,
        handlingEndedAt: '2026-03-05T02:00:00Z',
        clocks: base.clocks.map((c) =>
          c.kind === 'final'
            ? {
                ...c,
                startAt: '2026-03-05T02:00:00Z',
                dueAt: '2026-04-04T02:00:00Z',
                status: 'running' as const,
              }
            : c,
        ),
        reports: [
          {
            id: 'r1',
            kind: 'initial',
            rule: 'other',
            recipient: '上海市网信办',
            channel: '电子邮件',
            sentAt: '2026-03-01T17:00:00Z',
            recordedBy: 'security_officer',
            sha256: 'x',
            late: false,
          },
        ],
      },
    });
    assert.match(html, /报送对象<\/th><td[^>]*>原报告对象（上海市网信办）/);
    assert.match(html, /事件处置结束后30日内，即2026年4月4日 10时00分（北京时间）前/);
  });

  it('the ransom item appears only for ransomware, and reads amount, payment method and date', () => {
    assert.equal(row(render(), 'ransom'), null, 'a data leak without ransom has no ransom item');
    const malware = render({
      incident: incidentView({
        category: 'malicious_program',
        categoryName: { zh: '恶意程序事件', en: 'Malicious program incident' },
      }),
    });
    assert.ok(row(malware, 'ransom')!.includes(pendingText), 'malware: the item is there, not yet known');
    const ransom = render({
      incident: incidentView({
        details: {
          ...emptyDetails,
          ransom: { amount: '2比特币', method: '比特币钱包转账', date: '2026-03-03' },
        },
      }),
    });
    const r = row(ransom, 'ransom')!;
    assert.match(r, /赎金金额：2比特币<br>支付方式：比特币钱包转账<br>支付日期：2026-03-03/);
    const keys = [...ransom.matchAll(/<tr data-item="([A-Za-z]+)">/g)].map((m) => m[1]);
    assert.equal(keys.indexOf('ransom'), keys.indexOf('effect') + 1, 'in the catalogue order');
  });

  it('escapes everything taken from the record', () => {
    const evil = '<script>alert(1)</script>';
    const html = render({
      incident: incidentView({
        title: evil,
        ref: `INC-${evil}`,
        description: evil,
        location: evil,
        systems: [{ id: 's', name: evil, level: 2 }],
        details: { ...emptyDetails, impact: evil, ransom: { amount: evil, method: '"x"', date: "'y'" } },
      }),
      organisation: { name: `A&B ${evil}` },
    });
    assert.doesNotMatch(html, /<script/i);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /A&amp;B/);
    assert.match(html, /&quot;x&quot;/);
  });

  it('opens in Word and WPS: utf-8, Word namespaces, bordered tables, SimSun, a sign-off block, no scripts', () => {
    const html = render();
    assert.match(html, /<meta charset="utf-8">/);
    assert.match(html, /xmlns:w="urn:schemas-microsoft-com:office:word"/);
    assert.match(html, /<table style="[^"]*border:1px solid #000[^"]*" border="1"/);
    assert.match(html, /font-family:SimSun, '宋体'/);
    assert.doesNotMatch(html, /<script|javascript:/i);
    const sign = html.slice(html.indexOf('data-section="signoff"'));
    for (const label of ['填报人', '联系电话', '单位负责人（签字）', '日期'])
      assert.ok(sign.includes(label), label);
  });
});

const skipPrint = !fs.existsSync(chromiumPath)
  ? `skipped: no Chromium at ${chromiumPath}`
  : spawnSync('pdftotext', ['-v']).error
    ? 'skipped: pdftotext not installed (apt-get install -y poppler-utils)'
    : false;

describe('the incident report printed to PDF', () => {
  it('prints on A4 through Chromium with the Chinese title in its text', { skip: skipPrint }, async () => {
    const pdf = await printPdf(render({ kind: 'final', fontCss: shippedFontCss() }));
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const text = spawnSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8' }).stdout;
    assert.match(text, /网络安全事件总结报告/);
    assert.match(text, /初步分析的事件原因/);
    const info = spawnSync('pdfinfo', ['-'], { input: pdf, encoding: 'utf8' }).stdout;
    if (info) assert.match(info, /Page size:.*\(A4\)/);
  });
});
