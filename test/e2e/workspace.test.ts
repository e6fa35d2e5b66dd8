/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildApp, type WanganApp } from '../../src/app.js';
import { testConfig } from '../helpers.js';
import { artifacts, browserSkip, collectPageProblems, launchChromium, webDist } from './browser.js';

describe(
  'workspace in Chromium: an overdue duty made good with reviewed evidence',
  { skip: browserSkip },
  () => {
    let app: WanganApp;
    let browser: Browser;
    let page: Page;
    let url: string;
    const problems = collectPageProblems();

    before(async () => {
      app = await buildApp({ config: testConfig({ demo: true, webDist }), jobs: false });
      await app.services.auth.createUser(
        { userId: 't', username: 't', role: 'admin', via: 'cli' },
        { username: 'reviewer', role: 'compliance_officer', password: 'reviewer-password-1' },
      );
      url = await app.listen();
      browser = await launchChromium();
      page = problems.watch(
        await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'en-US' }),
      );
      await page.goto(url);
      await page.evaluate(() => localStorage.setItem('wangan.lang', 'en'));
    });
    after(async () => {
      await browser?.close();
      await app?.close();
    });

    async function signIn(username: string, password: string) {
      await page.goto(url);
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
    }

    it('dashboard -> an overdue duty -> evidence -> approval by a second person -> met', async () => {
      await signIn(app.demoLogin!.username, app.demoLogin!.password);
      await page.getByRole('menuitem', { name: 'Compliance workspace' }).click();
      await page.getByTestId('compliance-chart').locator('canvas').waitFor();
      const ov = await app.services.workspace.overview();
      // A duty overdue for stale evidence (not one held overdue by an open register item, like an unfiled system).
      const held = new Set(
        ov.deadlines
          .filter((d) => d.party === 'operator' && d.status === 'overdue')
          .flatMap((d) => d.obligations),
      );
      assert.ok(held.has('csl.mlps-filing'), 'the demo has an unfiled system past its filing deadline');
      const overdue = ov.items.filter((i) => i.status === 'overdue' && !held.has(i.id));
      assert.ok(overdue.length > 0, 'the demo history has overdue duties');
      await page.getByTestId('count-overdue').click();
      const duty = overdue[0]!;
      await page.getByTestId(`upload-${duty.id}`).click();
      await page.getByLabel('What was done').fill('Renewed for this year: signed report attached');
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: 'Attach a file' }).click();
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-e2e-')), 'report.txt');
      fs.writeFileSync(file, 'signed report 2026');
      await (await chooser).setFiles(file);
      await page.getByRole('button', { name: 'Submit for review' }).click();
      await page.getByText('Submitted for review').waitFor();

      await page.getByRole('button', { name: 'Sign out' }).click();
      await signIn('reviewer', 'reviewer-password-1');
      await page.getByRole('menuitem', { name: 'Compliance workspace' }).click();
      const row = page.getByRole('row').filter({ hasText: 'Renewed for this year' });
      await row.getByRole('button', { name: 'Approve' }).click();
      await page.getByText('Approved: recorded in the evidence ledger').waitFor();
      const item = (await app.services.workspace.overview()).items.find((i) => i.id === duty.id)!;
      assert.equal(item.status, 'met');
      await page
        .getByRole('row')
        .filter({ has: page.getByTestId(`duty-${duty.id}`) })
        .getByText('met', { exact: true })
        .waitFor();
      await page.screenshot({ path: path.join(artifacts, 'workspace-en.png'), fullPage: false });
    });

    it('downloads the audit report as a PDF whose text contains Chinese', async (t) => {
      const download = page.waitForEvent('download', { timeout: 120_000 });
      await page.getByTestId('report-pdf').click();
      const file = await (await download).path();
      const pdf = fs.readFileSync(file);
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      fs.copyFileSync(file, path.join(artifacts, 'audit-report.pdf'));
      const pdftotext = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      if (pdftotext.error) {
        // Visibly skipped, not passed: the Chinese text was not checked.
        t.skip(
          'skipped: pdftotext not installed (apt-get install -y poppler-utils): text extraction not checked',
        );
        return;
      }
      assert.match(pdftotext.stdout, /网络安全合规审计报告/);
      assert.match(pdftotext.stdout, /已满足/);
    });
  },
);
