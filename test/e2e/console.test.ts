/// <reference lib="dom" />
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildApp, type WanganApp } from '../../src/app.js';
import { testConfig } from '../helpers.js';

import { artifacts, browserSkip as skip, collectPageProblems, launchChromium, webDist } from './browser.js';

describe('web console in Chromium', { skip }, () => {
  let app: WanganApp;
  let browser: Browser;
  let page: Page;
  let url: string;
  const problems = collectPageProblems();

  before(async () => {
    app = await buildApp({ config: testConfig({ demo: true, webDist }), jobs: false });
    url = await app.listen();
    browser = await launchChromium();
    page = problems.watch(await browser.newPage({ viewport: { width: 1360, height: 860 }, locale: 'en-US' }));
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('signs in with the demo login', async () => {
    assert.ok(app.demoLogin, 'the empty database was seeded with the demo');
    await page.goto(url);
    await page.getByLabel('Username').fill(app.demoLogin.username);
    problems.expect(401, '/api/auth/login'); // the wrong password, on purpose
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong username or password.').waitFor();
    await page.getByLabel('Password').fill(app.demoLogin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Sign-in lands on the workspace; the organisation overview is a page of the sidebar.
    await page.getByRole('heading', { name: 'Compliance workspace' }).waitFor();
    await page.getByRole('menuitem', { name: 'Overview' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.getByText('Xinghe Internet Technology').first().waitFor();
  });

  it('switches to Chinese, renders it with the shipped font, and remembers the choice', async () => {
    await page.getByTestId('lang-switch').getByText('中文').click();
    await page.getByRole('heading', { name: '总览' }).waitFor();
    await page.getByRole('menuitem', { name: '治理与等级保护' }).waitFor();
    const fontReady = await page.evaluate(async () => {
      await document.fonts.ready;
      await document.fonts.load('16px "Noto Sans SC"', '总览');
      return document.fonts.check('16px "Noto Sans SC"', '总览');
    });
    assert.equal(fontReady, true, 'Noto Sans SC is loaded for Chinese text');
    await page.screenshot({ path: path.join(artifacts, 'console-zh.png'), fullPage: true });
    await page.reload();
    await page.getByRole('heading', { name: '总览' }).waitFor();
  });

  it('a capability not built yet says so honestly', async () => {
    await page.getByRole('menuitem', { name: '个人信息保护' }).click();
    const text = await page.getByTestId('not-yet-available').textContent();
    assert.match(text ?? '', /尚未提供/);
  });

  it('settings: the organisation profile is saved through the API', async () => {
    await page.getByRole('menuitem', { name: '设置' }).click();
    const name = page.getByLabel('名称', { exact: true });
    await name.fill('星河互联网科技有限公司（已更新）');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存').waitFor();
    const org = await app.services.organisation.get();
    assert.equal(org.name, '星河互联网科技有限公司（已更新）');
    await page.getByRole('tab', { name: '用户' }).click();
    await page.getByRole('cell', { name: 'demo', exact: true }).waitFor();
    await page.screenshot({ path: path.join(artifacts, 'settings-zh.png'), fullPage: true });
  });
});
