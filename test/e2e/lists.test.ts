/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildApp, type WanganApp } from '../../src/app.js';
import { testConfig } from '../helpers.js';
import { browserSkip, collectPageProblems, launchChromium, webDist, signIn } from './browser.js';

describe(
  'lists in Chromium: duties and register entries searched and filtered on the server',
  { skip: browserSkip },
  () => {
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
        await browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: 'en-US' }),
      );
      await signIn(page, url, 'en', app.demoLogin!.username, app.demoLogin!.password);
      await page.getByRole('heading', { name: 'Compliance workspace' }).waitFor();
    });
    after(async () => {
      await browser?.close();
      await app?.close();
    });

    /** The duty rows of the duties table (their title's test id is `duty-<id>`, an id with a dot). */
    const dutyRows = (p: Page) =>
      p
        .locator('.ant-card', { has: p.getByTestId('duty-search') })
        .locator('tbody [data-testid^="duty-"][data-testid*="."]:not([data-testid^="duty-name-"])');

    it('a Chinese word narrows the duty table to the duties whose title holds it', async () => {
      const items = (await app.services.workspace.overview()).items;
      const wanted = items.filter((i) => i.title.zh.includes('等级保护'));
      assert.ok(wanted.length > 0 && wanted.length < 20, 'a handful of duties are about 等级保护');
      await page.getByTestId('duty-total').getByText(`${items.length} duties`, { exact: true }).waitFor();
      assert.equal(await dutyRows(page).count(), 20, 'the first page of 20');

      await page.getByTestId('duty-q').fill('等级保护');
      await page.getByTestId('duty-search-go').click();
      await page
        .getByTestId('duty-total')
        .getByText(`${wanted.length} ${wanted.length === 1 ? 'duty' : 'duties'}`, { exact: true })
        .waitFor();
      await page.getByTestId(`duty-${wanted[0]!.id}`).waitFor();
      const shown = await dutyRows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
      assert.deepEqual(
        shown,
        wanted.map((i) => `duty-${i.id}`),
        'only those duties, in the order of the law',
      );

      // Reset: the whole list again, and its next page holds other duties.
      await page.getByRole('button', { name: 'Reset' }).first().click();
      await page.getByTestId('duty-total').getByText(`${items.length} duties`, { exact: true }).waitFor();
      const first = await dutyRows(page).first().getAttribute('data-testid');
      await page.getByTestId('duty-pager').getByTestId('page-next').click();
      await page.getByTestId('duty-pager').getByTestId('page-number').getByText('Page 2').waitFor();
      await dutyRows(page).first().and(page.getByTestId(first!)).waitFor({ state: 'detached' });
      assert.equal(await dutyRows(page).count(), Math.min(20, items.length - 20));
      assert.equal(await page.getByTestId(first!).count(), 0, 'page 2 holds other duties');
      assert.deepEqual(problems.take(), []);
    });

    it('the register entries narrow by words on the server', async () => {
      const officer = await app.services.auth.findActor(app.demoLogin!.username);
      for (const [authority, subject] of [
        ['市网信办', '数据出境约谈'],
        ['省公安厅', '等级保护监督检查'],
      ] as const)
        await app.services.registers.record(officer, 'regulatory-events', {
          type: 'interview',
          authority,
          occurredOn: '2026-03-10',
          subject,
        });
      await page.goto(new URL('/governance?register=regulatory-events', url).toString());
      const panel = page.getByTestId('register-regulatory-events');
      await panel.getByText('数据出境约谈').first().waitFor();
      await panel.getByText('等级保护监督检查').first().waitFor();

      await page.getByTestId('entry-q-regulatory-events').fill('公安');
      await page.getByTestId('entry-search-go-regulatory-events').click();
      await panel.getByText('数据出境约谈').first().waitFor({ state: 'detached' });
      await panel.getByText('等级保护监督检查').first().waitFor();
      assert.deepEqual(problems.take(), []);
    });
  },
);
