/// <reference lib="dom" />
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildApp, type WanganApp } from '../../src/app.js';
import type { Clock } from '../../src/platform/clock.js';
import { fakePdf, testConfig } from '../helpers.js';
import { artifacts, browserSkip, collectPageProblems, launchChromium, signIn, webDist } from './browser.js';

/**
 * The server's clock starts at the next 23:30:05 Beijing time and runs on
 * from there at the speed of real time: the deadlines are exact (a grade III
 * incident discovered at 23:30 is due at 03:30 the next day), and the
 * countdown still ticks. Never behind the real time: the browser keeps the
 * session cookie only while the server's expiry is ahead of its own clock.
 */
const hour = 3_600_000;
const beijingDay = (ms: number) => new Date(ms + 8 * hour).toISOString().slice(0, 10);
let start = Date.parse(`${beijingDay(Date.now())}T15:30:05Z`);
if (start <= Date.now()) start += 24 * hour;
const discoveredText = `${beijingDay(start)} 23:30:00`;
const dueText = `${beijingDay(start + 24 * hour)} 03:30:00`;
const began = Date.now();
const clock: Clock = { now: () => new Date(start + (Date.now() - began)) };

/**
 * What may stay in Latin letters on a Chinese page: the incident's reference
 * (INC-2026-0001), user names, grade numerals (III级), file formats and
 * fingerprints (PDF, HTML, SHA-256, MB), the webhook's path and the
 * addresses of official texts.
 */
const allowed = /^(?:INC|PDF|HTML|SHA|MB|KB|I|II|III|IV)$/;
function latinWords(text: string, names: string[]): string[] {
  let t = text;
  for (const n of names) t = t.split(n).join(' ');
  t = t.replace(/https?:\/\/\S+/g, ' ').replace(/\/[\w./-]+/g, ' ');
  return (t.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !allowed.test(w));
}

describe(
  'incidents in Chromium: a grade III breach opened, its 4-hour clock counting down, the initial report recorded as sent',
  { skip: browserSkip },
  () => {
    let app: WanganApp;
    let browser: Browser;
    let page: Page;
    let url: string;
    const problems = collectPageProblems();
    const officer = 'duty.officer';
    let incidentPath = '';

    before(async () => {
      app = await buildApp({ config: testConfig({ webDist }), jobs: false, clock, printPdf: fakePdf });
      await app.services.organisation.create({ name: '示例科技有限公司' }, false);
      const admin = { userId: 't', username: 't', role: 'admin' as const, via: 'cli' as const };
      await app.services.auth.createUser(admin, {
        username: officer,
        role: 'security_officer',
        password: 'duty-officer-password-1',
      });
      await app.services.auth.createUser(admin, {
        username: 'auditor.wang',
        role: 'auditor',
        password: 'auditor-password-1',
      });
      url = await app.listen();
      browser = await launchChromium();
      // A browser far from Beijing: what the page shows is Beijing time all the same.
      page = problems.watch(
        await browser.newPage({
          viewport: { width: 1400, height: 1000 },
          locale: 'zh-CN',
          timezoneId: 'America/New_York',
        }),
      );
      await signIn(page, url, 'zh', officer, 'duty-officer-password-1');
    });
    after(async () => {
      await browser?.close();
      await app?.close();
    });

    /** The Latin words left in what the page shows (the main area and any open dialog). */
    async function englishLeft(): Promise<string[]> {
      const texts = await page.locator('main, .ant-layout-content, .ant-modal:visible').allInnerTexts();
      return latinWords(texts.join('\n'), [officer, 'auditor.wang']);
    }

    it('a newcomer finds what to do first: open an incident, or connect a SIEM with a token', async () => {
      await page.getByRole('menuitem', { name: '安全事件响应' }).click();
      const empty = page.getByTestId('incidents-empty');
      await empty.waitFor();
      await empty.getByText('新建事件').waitFor();
      await empty.getByText('事件上报').waitFor();
      assert.equal(
        await empty.getByRole('link', { name: '设置 → 接口令牌' }).getAttribute('href'),
        '/settings',
      );
      assert.deepEqual(await englishLeft(), [], 'the empty incident list is all Chinese');
    });

    it('opens an incident: 2,000,000 individuals’ personal information leaked is graded III with the rule that fired', async () => {
      await page.getByTestId('new-incident').click();
      const modal = page.locator('.ant-modal:visible');
      await modal.getByLabel('标题').fill('会员数据库遭拖库');
      await modal.getByLabel('事件类型').click();
      await page.locator('.ant-select-dropdown:visible').getByTitle('数据安全事件').click();
      const discovered = modal.getByLabel('发现时间（北京时间）');
      await discovered.click();
      await discovered.fill(discoveredText);
      await discovered.press('Enter');
      await modal.getByTestId('incident-pi').click();
      await modal.getByLabel('个人信息泄露涉及的人数').fill('2000000');
      // The grade is previewed from the facts before anything is recorded.
      const preview = modal.getByTestId('grade-preview');
      await preview.getByText('III级 较大').waitFor();
      await preview.getByTestId('fired-pi_individuals').waitFor();
      assert.deepEqual(await englishLeft(), [], 'the new incident form is all Chinese');
      await modal.getByRole('button', { name: /登\s*记\s*事\s*件/ }).click();

      await page.getByTestId('incident-page').waitFor();
      incidentPath = new URL(page.url()).pathname;
      assert.match(incidentPath, /^\/incidents\/[\w-]+$/);
      const ref = (await page.getByTestId('incident-ref').innerText()).trim();
      assert.match(ref, /^INC-\d{4}-\d{4}$/);
      assert.match(await page.getByTestId('incident-grade').innerText(), /III级\s*较大/);
      const grading = page.getByTestId('grading-card');
      const fired = grading.getByTestId('fired-pi_individuals');
      await fired.waitFor();
      const firedText = await fired.innerText();
      assert.match(firedText, /个人信息泄露涉及的人数/);
      assert.match(firedText, /2,000,000人，标准为1,000,000人/);
      assert.equal(await grading.getByTestId('uncertain-pi_individuals').count(), 0, 'a verified threshold');
    });

    it('the 4-hour clock counts down live to 03:30 Beijing time the next day', async () => {
      const row = page.getByTestId('clock-other');
      await row.waitFor();
      assert.equal(await row.getByTestId('clock-due-other').innerText(), dueText);
      await row.getByText('属地省级网信部门').waitFor();
      assert.equal(await row.getByTestId('clock-status-other').innerText(), '计时中');
      const countdown = row.getByTestId('countdown-other');
      const first = await countdown.innerText();
      const firstLeft = Number(await countdown.getAttribute('data-left'));
      await page.waitForTimeout(1600);
      const second = await countdown.innerText();
      const secondLeft = Number(await countdown.getAttribute('data-left'));
      assert.match(first, /^剩余 3:59:\d\d$/);
      assert.ok(secondLeft < firstLeft, `the countdown went down: ${first} then ${second}`);
      assert.notEqual(second, first);
      // Only the 4-hour rule holds: no CII, no central organ.
      assert.equal(await page.getByTestId('clock-cii').count(), 0);
      assert.deepEqual(await englishLeft(), [], 'the incident page is all Chinese');
      await page.screenshot({ path: path.join(artifacts, 'incident-zh.png'), fullPage: true });
    });

    it('records the initial report as sent: the clock stops, and the report is evidence of the duty', async () => {
      await page.getByTestId('report-sent-open').click();
      const modal = page.locator('.ant-modal:visible');
      // The recipient comes from the clock the report answers.
      assert.equal(await modal.getByTestId('report-recipient').inputValue(), '属地省级网信部门');
      await modal.getByTestId('report-channel').fill('网信部门事件报送平台');
      await modal.getByRole('button', { name: /登\s*记/ }).click();
      await page.getByText('已登记报送：对应时限停止计时，记录已存入证据台账。').waitFor();

      const row = page.getByTestId('clock-other');
      await row.getByTestId('clock-status-other').getByText('已报送').waitFor();
      assert.equal(await row.getByTestId('countdown-other').count(), 0, 'the countdown stopped');
      const report = page.getByTestId('reports-card').getByTestId('report-initial');
      await report.getByText('网信部门事件报送平台').waitFor();
      await report.getByText(officer).waitFor();

      // The duty's evidence history in the workspace lists the record.
      const ref = (await page.getByTestId('incident-ref').innerText()).trim();
      // Records join the tree when the sequencer runs (a job, off in tests).
      await app.services.ledger.sequence();
      await page.goto(new URL('/workspace?open=csl.incident-report', url).toString());
      const history = page.getByTestId('duty-drawer').getByTestId('duty-history');
      await history.getByText(ref, { exact: false }).first().waitFor();
      const records = await app.services.ledger.recordPage({ duty: 'csl.incident-report' }, { limit: 10 });
      assert.ok(
        records.records.some((r) => r.summary.includes(ref)),
        'the ledger holds the report as evidence of csl.incident-report',
      );
    });

    it('two people edit at once: the second is told, and nothing of the first is overwritten', async () => {
      const id = incidentPath.split('/').pop()!;
      await page.goto(new URL(incidentPath, url).toString());
      await page.getByTestId('details-edit').click();
      await page.getByTestId('detail-impact').fill('两百万会员手机号泄露');
      // Meanwhile a colleague changes the incident.
      const colleague = await app.services.auth.findActor(officer);
      const before = await app.services.incidents.get(id);
      await app.services.incidents.edit(colleague, id, { version: before.version, location: '杭州数据中心' });
      problems.expect(409, `/api/incidents/${id}`);
      await page.getByTestId('details-save').click();
      const dialog = page.locator('.ant-modal-confirm:visible');
      await dialog.locator('.ant-modal-confirm-title', { hasText: '此事件已被他人修改' }).waitFor();
      const now = await app.services.incidents.get(id);
      assert.equal(now.location, '杭州数据中心', "the colleague's change stands");
      assert.equal(now.details.impact, '', 'the stale edit was not saved');
      assert.deepEqual(await englishLeft(), [], 'the conflict is told in Chinese');
      await dialog.getByRole('button', { name: '重新加载' }).click();
      await page.getByTestId('details-card').getByText('杭州数据中心', { exact: false }).waitFor();
      await page.getByTestId('incident-conflict').waitFor({ state: 'detached' });
    });

    it('a discovery time in the future is refused under its field, in Chinese', async () => {
      problems.expect(400, '/api/incidents');
      await page.goto(new URL('/incidents', url).toString());
      await page.getByTestId('new-incident').click();
      const modal = page.locator('.ant-modal:visible');
      await modal.getByLabel('标题').fill('门户网站被篡改');
      await modal.getByLabel('事件类型').click();
      await page.locator('.ant-select-dropdown:visible').getByTitle('网络攻击事件').click();
      const discovered = modal.getByLabel('发现时间（北京时间）');
      await discovered.click();
      await discovered.fill(`${beijingDay(start + 48 * hour)} 10:00:00`);
      await discovered.press('Enter');
      await modal.getByRole('button', { name: /登\s*记\s*事\s*件/ }).click();
      const item = modal.locator('.ant-form-item', { hasText: '发现时间（北京时间）' });
      const explained = item.locator('.ant-form-item-explain-error');
      await explained.waitFor();
      assert.match(await explained.innerText(), /晚于当前时间/);
      assert.deepEqual(latinWords(await explained.innerText(), []), []);
      await modal.getByRole('button', { name: /取\s*消/ }).click();
    });

    it('the plan tab says how to get a plan in force; a drill with a follow-up is recorded, listed and its follow-up done', async () => {
      await page.goto(new URL('/incidents?tab=plan', url).toString());
      await page.getByTestId('plan-card').waitFor();
      await page.goto(new URL('/incidents?tab=drills', url).toString());
      await page.getByTestId('drills').waitFor();
      await page.getByTestId('new-drill').click();
      const modal = page.locator('.ant-modal:visible');
      await modal.getByLabel('演练场景').fill('勒索软件加密核心数据库');
      const held = modal.getByLabel('演练日期');
      await held.click();
      await held.fill(beijingDay(start - 24 * hour));
      await held.press('Enter');
      await modal.getByLabel('参演人数').fill('12');
      await modal.getByLabel('发现的问题').fill('备份恢复耗时超过预期');
      await modal.getByRole('button', { name: '添加整改事项' }).click();
      await modal.getByPlaceholder('待办事项').fill('缩短备份恢复时间');
      await modal.getByRole('button', { name: /保\s*存/ }).click();
      const row = page.getByTestId('drills').locator('tr', { hasText: '勒索软件加密核心数据库' });
      await row.waitFor();
      const drill = (await app.services.drills.list({ limit: 10 })).drills.find(
        (d) => d.scenario === '勒索软件加密核心数据库',
      );
      assert.ok(drill, 'the drill is stored');
      assert.deepEqual(
        drill.followUps.map((f) => [f.title, f.doneOn]),
        [['缩短备份恢复时间', null]],
      );
      const records = await app.services.ledger.records({});
      assert.ok(
        records.some((r) => r.kind === 'drill' && r.obligations.includes('csl.incident-emergency-plan')),
        'the drill is evidence for the plan duty',
      );
      await page.getByTestId(`follow-up-${drill.id}-0`).click();
      await row.locator('.ant-typography del', { hasText: '缩短备份恢复时间' }).waitFor();
      const done = (await app.services.drills.list({ limit: 10 })).drills.find((d) => d.id === drill.id)!;
      assert.ok(done.followUps[0]!.doneOn, 'the follow-up is done');
      assert.deepEqual(await englishLeft(), [], 'the drills tab is in Chinese');
    });

    it('an auditor reads the incident but is offered no form', async () => {
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'zh-CN' });
      const other = problems.watch(await context.newPage());
      try {
        await signIn(other, url, 'zh', 'auditor.wang', 'auditor-password-1');
        await other.goto(new URL(incidentPath, url).toString());
        await other.getByTestId('incident-page').waitFor();
        await other.getByTestId('read-only').waitFor();
        await other.getByTestId('clock-status-other').getByText('已报送').waitFor();
        assert.equal(await other.getByTestId('report-sent-open').count(), 0);
        assert.equal(await other.getByTestId('details-edit').count(), 0);
        assert.equal(await other.getByTestId('manual-grade-open').count(), 0);
      } finally {
        await context.close();
      }
    });
  },
);
