/// <reference lib="dom" />
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildApp, type WanganApp } from '../../src/app.js';
import { testConfig } from '../helpers.js';
import { artifacts, browserSkip, collectPageProblems, launchChromium, webDist, signIn } from './browser.js';

describe('law browser and applicability wizard in Chromium', { skip: browserSkip }, () => {
  let app: WanganApp;
  let browser: Browser;
  let page: Page;
  let url: string;
  const problems = collectPageProblems();

  before(async () => {
    app = await buildApp({ config: testConfig({ demo: true, webDist }), jobs: false });
    url = await app.listen();
    browser = await launchChromium();
    page = problems.watch(
      await browser.newPage({
        viewport: { width: 1360, height: 900 },
        locale: 'en-US',
        acceptDownloads: true,
      }),
    );
    await signIn(page, url, 'en', app.demoLogin!.username, app.demoLogin!.password);
    await page.getByRole('heading', { name: 'Compliance workspace' }).waitFor(); // sign-in lands on the workspace
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('wizard (English): steps through the profile and lists the duties with both citations and fines', async () => {
    await page.getByRole('menuitem', { name: 'Obligations' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByTestId('assess').click();
    await page.getByText('Duties that apply').first().waitFor();
    // The demo offers instant messaging: the real-name duty cites both versions.
    await page.getByText('CSL 2025 Art 26').first().waitFor();
    await page.getByText('CSL 2016 Art 24').first().waitFor();
    await page.getByText('500,000 – 2,000,000').first().waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export Markdown' }).click();
    const file = await (await download).path();
    assert.match(fs.readFileSync(file, 'utf8'), /^# Duties that apply to/);
    await page.screenshot({ path: path.join(artifacts, 'wizard-en.png'), fullPage: false });
  });

  it('wizard (Chinese): the same result in Chinese, filtered', async () => {
    await page.getByTestId('lang-switch').getByText('中文').click();
    await page.getByRole('menuitem', { name: '合规义务' }).click();
    // Back to the first step, then straight to the result.
    await page.getByText('组织与服务').click();
    await page.getByRole('button', { name: '查看适用义务' }).click();
    await page.getByText('适用的义务').first().waitFor();
    // Real-name is paragraph 1 of Art 26 (catalogue since 7f890ca).
    // Cited as Chinese lawyers cite, the version named as both are cited.
    await page.getByText('《网络安全法》（2025年修正）第二十六条第一款').first().waitFor();
    await page.getByPlaceholder('搜索义务').fill('实名');
    const cards = page.locator('[data-testid^="obligation-"]');
    await cards.first().waitFor();
    const count = await cards.count();
    assert.ok(count >= 1 && count < 10, `the filter narrows the list (${count})`);
    await page.screenshot({ path: path.join(artifacts, 'wizard-zh.png'), fullPage: false });
  });

  it('law browser: imports a text, shows its integrity report and jumps to an article', async () => {
    await page.getByRole('menuitem', { name: '法规库' }).click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('import-text').click();
    await (
      await chooser
    ).setFiles(path.resolve(import.meta.dirname, '..', '..', 'src', 'law', 'fixtures', 'running-zh.txt'));
    await page.getByText('running-zh.txt').waitFor();
    await page
      .getByRole('button', { name: /expand row|展开行/i })
      .first()
      .click();
    await page.getByText('缺条').first().waitFor();
    await page.getByText('第10条').first().click();
    await page.getByText('条文版本对照').waitFor();
    await page.getByTestId('article-number').fill('3');
    await page.getByText('处理者应当建立数据安全管理制度。').waitFor();
    await page.screenshot({ path: path.join(artifacts, 'law-zh.png'), fullPage: false });
  });
});
