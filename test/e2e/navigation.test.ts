/// <reference lib="dom" />
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildApp, type WanganApp } from '../../src/app.js';
import { modules } from '../../src/modules.js';
import type { CapabilityModule } from '../../src/platform/module.js';
import { toyModule } from '../fixtures/toy/module.js';
import { testConfig } from '../helpers.js';
import { artifacts, browserSkip, collectPageProblems, launchChromium, webDist, signIn } from './browser.js';

describe(
  "The console's navigation comes from the server's module list (a toy capability added to it)",
  { skip: browserSkip },
  () => {
    let app: WanganApp;
    let browser: Browser;
    let page: Page;
    const problems = collectPageProblems();

    before(async () => {
      app = await buildApp({
        config: testConfig({ webDist }),
        jobs: false,
        modules: [...modules, toyModule] as readonly CapabilityModule<object>[],
      });
      await app.services.organisation.create({ name: 'Nav Co.' }, false);
      await app.services.auth.createUser(
        { userId: 't', username: 't', role: 'admin', via: 'cli' },
        { username: 'navi', role: 'auditor', password: 'auditor-password-1' },
      );
      const url = await app.listen();
      browser = await launchChromium();
      page = problems.watch(
        await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'en-US' }),
      );
      await signIn(page, url, 'en', 'navi', 'auditor-password-1');
      await page.getByRole('heading', { name: 'Compliance workspace' }).waitFor(); // sign-in lands on the workspace
    });
    after(async () => {
      await browser?.close();
      await app?.close();
    });

    it('shows the added capability, the built ones, and marks the planned ones', async () => {
      const nav = page.getByRole('menu');
      await nav.getByRole('menuitem', { name: 'toy' }).waitFor();
      await nav.getByRole('menuitem', { name: 'Law library' }).waitFor();
      await page.getByTestId('nav-planned-privacy').waitFor();
      for (const built of ['law', 'incidents', 'identity'])
        assert.equal(
          await page.getByTestId(`nav-planned-${built}`).count(),
          0,
          `a built capability (${built}) is not marked planned`,
        );
      // A planned capability's page says so; a built one opens its page.
      await page.getByTestId('nav-planned-privacy').click();
      await page.getByTestId('not-yet-available').waitFor();
      await nav.getByRole('menuitem', { name: 'Law library' }).click();
      await page.waitForURL(/\/law$/);
      await page.getByRole('heading', { name: 'Law library' }).waitFor();
      assert.equal(await page.getByTestId('not-yet-available').count(), 0);
      await page.screenshot({ path: path.join(artifacts, 'navigation.png'), fullPage: false });
    });
  },
);
