/// <reference lib="dom" />
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildApp, type WanganApp } from '../../src/app.js';
import { testConfig } from '../helpers.js';
import { artifacts, browserSkip, launchChromium, webDist } from './browser.js';

describe(
  'MLPS register in Chromium: grade with the calculator, file, and the duties are met',
  { skip: browserSkip },
  () => {
    let app: WanganApp;
    let browser: Browser;
    let page: Page;

    before(async () => {
      app = await buildApp({ config: testConfig({ webDist }), jobs: false });
      // A fresh organisation (not the demo, whose history already meets these duties).
      await app.services.organisation.create({ name: 'Fresh Co.' }, false);
      await app.services.auth.createUser(
        { userId: 't', username: 't', role: 'admin', via: 'cli' },
        { username: 'officer', role: 'security_officer', password: 'officer-password-1' },
      );
      const url = await app.listen();
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'en-US' });
      await page.goto(url);
      await page.evaluate(() => localStorage.setItem('wangan.lang', 'en'));
      await page.goto(url);
      await page.getByLabel('Username').fill('officer');
      await page.getByLabel('Password').fill('officer-password-1');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
    });
    after(async () => {
      await browser?.close();
      await app?.close();
    });

    async function pickDate(label: string, date: string) {
      const input = page.getByLabel(label);
      await input.click();
      await input.fill(date);
      await input.press('Enter');
    }

    async function choose(formItem: number, option: string) {
      await page.locator('.ant-modal .ant-select').nth(formItem).click();
      await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click();
    }

    it('grades a level 3 system, files it, and the grading and filing duties are met', async () => {
      const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
      const before = (await app.services.workspace.overview()).items;
      assert.equal(before.find((i) => i.id === 'csl.mlps-grading')?.status, 'missing');
      assert.equal(before.find((i) => i.id === 'csl.mlps-filing')?.status, 'missing');
      await page.getByRole('menuitem', { name: 'Classified protection (MLPS)' }).click();
      await page.getByTestId('grade-system').click();
      await page.getByLabel('System name').fill('Customer portal');
      await pickDate('Graded on', today);
      // Selects in order: stage, business information object/harm, system service object/harm.
      await choose(1, 'social order, public interest');
      await choose(2, 'serious harm');
      await choose(3, 'citizens, legal persons, organisations');
      await choose(4, 'serious harm');
      await page.getByTestId('grade-preview').getByText('Level 3').waitFor();
      await page.getByRole('button', { name: /Save/ }).click();
      await page.getByRole('cell', { name: 'Customer portal' }).waitFor();
      await page.getByTestId('file-Customer portal').click();
      await pickDate('Filed on', today);
      await page.getByLabel('Public security office').fill('Shanghai PSB cyber security unit');
      await page.getByLabel('Filing reference').fill('31010099999-26002');
      await page.locator('.ant-modal:visible').getByRole('button', { name: /OK/ }).click();
      await page.getByText(`filed ${today}`).waitFor();
      await page.waitForTimeout(600); // let the dialog close before the picture
      await page.screenshot({ path: path.join(artifacts, 'mlps-en.png') });
      const items = (await app.services.workspace.overview()).items;
      assert.equal(items.find((i) => i.id === 'csl.mlps-grading')?.status, 'met');
      assert.equal(items.find((i) => i.id === 'csl.mlps-filing')?.status, 'met');
    });
  },
);
