// A zone far from Beijing: every time in the notice must still be Beijing time.
process.env.TZ = 'America/New_York';

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BreachContents, IncidentView } from '../../contract/incidents.js';
import { incidentView } from '../../test/fixtures/incident-view.js';
import { breachMissing, renderBreachNotice, unwrittenText } from './breach-doc.js';
import { loadIncidentsCatalog } from './catalog-io.js';

const catalog = loadIncidentsCatalog();
const organisation = { name: '示例科技有限公司' };
const generatedAt = new Date('2026-03-02T16:30:00Z'); // 00:30 on 3 March in Beijing

const full: BreachContents = {
  categories: '手机号码、收货地址',
  cause: '数据库账号口令被窃取',
  harm: '可能收到诈骗电话或短信',
  remedies: '已重置全部口令并封禁异常访问',
  selfHelp: '请警惕自称客服的来电，不要透露验证码',
  contact: '客服电话 400-000-0000',
};

const withBreach = (contents: Partial<BreachContents>, over: Partial<IncidentView> = {}): IncidentView =>
  incidentView({
    breach: {
      contents: {
        ...{ categories: '', cause: '', harm: '', remedies: '', selfHelp: '', contact: '' },
        ...contents,
      },
      missing: [],
      deliveries: [],
      updatedAt: '2026-03-02T10:00:00Z',
      updatedBy: 'data_protection_officer',
    },
    ...over,
  });

const render = (incident: IncidentView, audience: 'individuals' | 'regulator') =>
  renderBreachNotice({ incident, audience, organisation, catalog, generatedAt });

describe('the breach notice', () => {
  it('breachMissing names the Art 57 items still empty, in the catalogue order', () => {
    assert.deepEqual(
      breachMissing(null, catalog),
      catalog.breach_notice.items.map((i) => i.key),
    );
    assert.deepEqual(breachMissing({ ...full, cause: '  ', contact: '' }, catalog), ['cause', 'contact']);
    assert.deepEqual(breachMissing(full, catalog), []);
  });

  it('to individuals: the six items in plain words, in order, the organisation signing', () => {
    const html = render(withBreach(full), 'individuals');
    assert.match(html, /<h1[^>]*>个人信息安全事件告知书<\/h1>/);
    assert.match(html, /尊敬的用户：/);
    const items = [...html.matchAll(/data-item="([A-Za-z]+)">\d\. ([^<]+)</g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(
      items.map((i) => i[0]),
      catalog.breach_notice.items.map((i) => i.key),
    );
    assert.ok(
      items.every(([, heading]) => !heading!.includes('个人信息处理者')),
      'no statute terms as headings',
    );
    for (const v of Object.values(full)) assert.ok(html.includes(v), v);
    assert.match(html, /示例科技有限公司<br>2026年3月3日/);
    assert.doesNotMatch(html, /INC-2026-0007<\/td>/, 'no internal reference to the public');
  });

  it('to the regulator: the same items with ref, category, grade, discovery time in Beijing time and individuals affected', () => {
    const html = render(withBreach(full), 'regulator');
    assert.match(html, /<h1[^>]*>个人信息安全事件情况报告<\/h1>/);
    assert.match(html, /事件编号<\/th><td[^>]*>INC-2026-0007/);
    assert.match(html, /事件类型<\/th><td[^>]*>数据安全事件/);
    assert.match(html, /事件级别<\/th><td[^>]*>较大（III级）/);
    assert.match(html, /发现时间<\/th><td[^>]*>2026年3月1日 23时30分（北京时间）/);
    assert.match(html, /涉及个人数量<\/th><td[^>]*>1,200,000人/);
    let at = 0;
    for (const item of catalog.breach_notice.items) {
      const found = html.indexOf(item.label.zh, at);
      assert.ok(found > at, item.label.zh);
      at = found;
    }
    assert.match(html, /报告时间：2026年3月3日 00时30分（北京时间）/);
    const unknown = render(withBreach(full, { facts: {} }), 'regulator');
    assert.match(unknown, /涉及个人数量<\/th><td[^>]*>（尚不明确）/);
  });

  it('cites PIPL Art 57 and both numberings of the CSL', () => {
    for (const audience of ['individuals', 'regulator'] as const) {
      const line = /data-section="citation">([^<]*)/.exec(render(withBreach(full), audience))![1]!;
      assert.match(line, /《中华人民共和国个人信息保护法》第五十七条/);
      assert.match(line, /《网络安全法》（2025年修正）第四十二条/);
      assert.match(line, /《网络安全法》（2016年文本）第四十二条/);
    }
  });

  it('an item not written yet says so; no notice at all reads every item as to be written', () => {
    const html = render(withBreach({ ...full, harm: '' }), 'individuals');
    const harm = /data-item="harm">[\s\S]*?<p[^>]*>([\s\S]*?)<\/p>/.exec(html)![1]!;
    assert.ok(harm.includes(unwrittenText));
    const none = render(incidentView(), 'regulator');
    assert.equal(none.split(unwrittenText).length - 1, catalog.breach_notice.items.length);
  });

  it('escapes the text written into it', () => {
    const evil = '<script>alert(1)</script>';
    const html = render(withBreach({ ...full, cause: evil }, { title: evil, ref: evil }), 'regulator');
    assert.doesNotMatch(html, /<script/i);
    assert.match(html, /&lt;script&gt;/);
    assert.doesNotMatch(render(withBreach({ contact: evil }), 'individuals'), /<script/i);
  });
});
