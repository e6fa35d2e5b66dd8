/// <reference lib="dom" />
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildApp, type WanganApp } from '../../src/app.js';
import { testConfig } from '../helpers.js';
import { artifacts, browserSkip, collectPageProblems, launchChromium, webDist, signIn } from './browser.js';

/** Where the console shows what went wrong: form explanations, message, notification and error boxes. */
const shown = '.ant-form-item-explain-error, .ant-message, .ant-notification, .ant-alert-error';

/**
 * What may stay in Latin letters in a Chinese sentence: a name the user typed
 * (quoted “…”), a field path (/displayName), a field code in brackets
 * (trainedOn) and duty ids (csl.xxx). Everything else must be Chinese.
 */
const identifiers = [/“[^”]*”/g, /\/[\w./-]+/g, /[（(][A-Za-z][\w.]*[）)]/g, /\b(?:csl|cii)\.[\w.-]+/g];
const latinWords = (text: string) =>
  identifiers.reduce((t, re) => t.replace(re, ' '), text).match(/[A-Za-z]{2,}/g) ?? [];

describe(
  'messages in the Chinese console: a validation error, a CSV line error and a conflict, all in Chinese',
  { skip: browserSkip },
  () => {
    let app: WanganApp;
    let browser: Browser;
    let page: Page;
    const problems = collectPageProblems();

    before(async () => {
      app = await buildApp({ config: testConfig({ webDist }), jobs: false });
      // A CII operator, so the CII registers (and their CSV import) are there.
      await app.services.organisation.create(
        { name: '示例公司', cii: { operator: true, sector: 'energy' } },
        false,
      );
      await app.services.auth.createUser(
        { userId: 't', username: 't', role: 'admin', via: 'cli' },
        { username: 'chief', role: 'admin', password: 'chief-password-1' },
      );
      const url = await app.listen();
      browser = await launchChromium();
      page = problems.watch(
        await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'zh-CN' }),
      );
      await signIn(page, url, 'zh', 'chief', 'chief-password-1');
      await page.getByRole('button', { name: /退出登录/ }).waitFor();
    });
    after(async () => {
      await browser?.close();
      await app?.close();
    });

    /** Every text shown in the boxes, each with the Latin words left once identifiers are set aside. */
    async function shownTexts(): Promise<{ text: string; latin: string[] }[]> {
      const texts = await page.locator(shown).allInnerTexts();
      return texts.map((text) => ({ text, latin: latinWords(text) })).filter((t) => t.text.trim());
    }

    async function assertChinese(what: string) {
      const texts = await shownTexts();
      assert.ok(texts.length > 0, `${what}: something is shown`);
      for (const t of texts) assert.deepEqual(t.latin, [], `${what}: "${t.text}" has Latin words`);
    }

    it('a value only the server refuses (a display name too long) is explained on its field, in Chinese', async () => {
      problems.expect(400, '/api/users');
      await page.goto(new URL('/settings', page.url()).toString());
      await page.getByRole('tab', { name: '用户', exact: true }).click();
      await page.getByRole('button', { name: '添加用户' }).click();
      const modal = page.locator('.ant-modal:visible');
      await modal.getByLabel('用户名').fill('new.officer');
      await modal.getByLabel('显示名称').fill('很'.repeat(101));
      await modal.getByLabel('角色').click();
      await page.locator('.ant-select-dropdown:visible').getByTitle('审计员（只读）').click();
      await modal.getByLabel('密码').fill('a long enough passphrase');
      await modal.getByRole('button', { name: /保\s*存/ }).click();
      const explained = modal.locator('.ant-form-item-explain-error', { hasText: '100' });
      await explained.waitFor();
      assert.equal(await explained.innerText(), '长度应不超过 100 个字符。');
      await assertChinese('validation error');
    });

    it('a name already taken: the conflict is explained on the username field, in Chinese', async () => {
      problems.expect(409, '/api/users');
      const modal = page.locator('.ant-modal:visible');
      await modal.getByLabel('显示名称').fill('张三');
      await modal.getByLabel('用户名').fill('chief');
      await modal.getByRole('button', { name: /保\s*存/ }).click();
      const explained = modal.locator('.ant-form-item-explain-error', { hasText: '已被使用' });
      await explained.waitFor();
      assert.equal(await explained.innerText(), '用户名“chief”已被使用。');
      assert.equal(
        await modal.locator('.ant-form-item-explain-error', { hasText: '100' }).count(),
        0,
        "the display name's error went when it was corrected",
      );
      await assertChinese('conflict');
      await page.screenshot({ path: path.join(artifacts, 'messages-zh-conflict.png') });
      await modal.getByRole('button', { name: /取\s*消/ }).click();
    });

    it("a new system's go-live date is marked required and asked for before anything is sent", async () => {
      const sent: string[] = [];
      const watch = (r: { url(): string; method(): string }) => {
        if (r.method() === 'POST' && r.url().includes('/api/governance/mlps/systems')) sent.push(r.url());
      };
      page.on('request', watch);
      await page.goto(new URL('/governance', page.url()).toString());
      await page.getByTestId('grade-system').click();
      const modal = page.locator('.ant-modal:visible');
      await modal.locator('.ant-select').first().click();
      await page.locator('.ant-select-dropdown:visible').getByTitle('新建系统').click();
      const wentLive = modal.locator('.ant-form-item', { hasText: '上线日期' });
      await wentLive.locator('.ant-form-item-required').waitFor();
      await modal.getByRole('button', { name: /保\s*存/ }).click();
      await wentLive
        .locator('.ant-form-item-explain-error', { hasText: '新建系统须填写上线日期。' })
        .waitFor();
      page.off('request', watch);
      assert.deepEqual(sent, [], 'the form asked before sending');
      await assertChinese('required go-live date');
      await modal.getByRole('button', { name: /取\s*消/ }).click();
    });

    it('a CSV file with a bad line: the line error is in Chinese', async () => {
      problems.expect(400, /^\/api\/registers\/cii-training\/import/);
      await page.goto(new URL('/cii', page.url()).toString());
      await page.getByTestId('tab-cii-training').click();
      await page.getByTestId('import-cii-training').setInputFiles({
        name: 'training.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('person,postType,topic,trainedOn,days\n张三,general,钓鱼邮件防范,2026-13-40,1\n'),
      });
      // The file is checked before anything is stored: its line errors show in the preview.
      const line = page.getByTestId('import-error').filter({ hasText: '第2行' });
      await line.waitFor();
      assert.match(await line.innerText(), /^第2行[:：]\s*培训日期/);
      await page.screenshot({ path: path.join(artifacts, 'messages-zh-csv.png') });
      await assertChinese('CSV line error');
    });
  },
);
