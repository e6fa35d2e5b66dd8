/// <reference lib="dom" />
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildApp, type WanganApp } from '../../src/app.js';
import { leafHash, verifyInclusion } from '../../src/ledger/merkle.js';
import { openCheckpoint } from '../../src/ledger/note.js';
import { testConfig } from '../helpers.js';
import { artifacts, browserSkip, collectPageProblems, launchChromium, webDist, signIn } from './browser.js';

describe(
  'ledger page in Chromium: records searched and filtered, proofs, checkpoints, verify now',
  { skip: browserSkip },
  () => {
    let app: WanganApp;
    let browser: Browser;
    let page: Page;
    let url: string;
    const problems = collectPageProblems();
    const rows = () => page.getByTestId('ledger-records').locator('tbody tr.ant-table-row');

    before(async () => {
      app = await buildApp({ config: testConfig({ demo: true, webDist }), jobs: false });
      url = await app.listen();
      browser = await launchChromium();
      page = problems.watch(
        await browser.newPage({
          viewport: { width: 1280, height: 900 },
          locale: 'en-US',
          acceptDownloads: true,
        }),
      );
      await signIn(page, url, 'en', app.demoLogin!.username, app.demoLogin!.password);
      await page.getByRole('heading', { name: 'Compliance workspace' }).waitFor();
    });
    after(async () => {
      await browser?.close();
      await app?.close();
    });

    it('shows the health badge: when the last self-check ran and over how many records', async () => {
      await page.getByRole('menuitem', { name: 'Evidence ledger' }).click();
      await page.getByRole('heading', { name: 'Evidence ledger' }).waitFor();
      const last = (await app.services.ledger.status()).lastVerification;
      assert.ok(last?.ok, 'the server checked the ledger when it started');
      const badge = page.getByTestId('ledger-health');
      await badge
        .getByText(/^Self-check passed \d{4}-\d{2}-\d{2} \d{2}:\d{2}, over [\d,]+ records?$/)
        .waitFor();
      assert.match(
        (await badge.textContent()) ?? '',
        new RegExp(`over ${last.records.toLocaleString('en-US')} record`),
      );
      await rows().first().waitFor();
      assert.equal(
        await rows().count(),
        Math.min(50, (await app.services.ledger.status()).size),
        'a page of 50',
      );
    });

    it('searches, filters by duty, and loads more from next', async () => {
      const ledger = app.services.ledger;
      const all = await ledger.recordPage({}, { limit: 500 });
      // A word of some record's summary that not every record has.
      const word = all.records
        .flatMap((r) => r.summary.split(/\s+/))
        .find((w) => /^[A-Za-z]{6,}$/.test(w) && all.records.some((r) => !r.summary.includes(w)))!;
      assert.ok(word, 'the demo records have a distinctive word');
      const expected = (await ledger.recordPage({ search: word }, { limit: 50 })).records;
      await page.getByTestId('records-search').fill(word);
      const answered = page.waitForResponse((r) => r.url().includes('/api/ledger/records?q='));
      await page.getByTestId('records-apply').click();
      await answered;
      await page.waitForFunction(
        (n) =>
          document.querySelectorAll('[data-testid="ledger-records"] tbody tr.ant-table-row').length === n,
        expected.length,
      );
      for (const text of await rows().allTextContents())
        assert.match(text.toLowerCase(), new RegExp(word.toLowerCase()));

      await page.getByRole('button', { name: 'Reset' }).click();
      const duty = all.records[0]!.obligations[0]!;
      const title = (await app.services.workspace.overview()).items.find((i) => i.id === duty)!.title.en;
      const forDuty = (await ledger.recordPage({ duty }, { limit: 50 })).records;
      await page.getByTestId('records-duty').click();
      await page.keyboard.type(title.slice(0, 20));
      await page.locator('.ant-select-item-option').filter({ hasText: title }).first().click();
      await page.getByTestId('records-apply').click();
      await page.waitForFunction(
        (n) =>
          document.querySelectorAll('[data-testid="ledger-records"] tbody tr.ant-table-row').length === n,
        forDuty.length,
      );
      await page.getByRole('button', { name: 'Reset' }).click();

      if ((await ledger.status()).size > 50) {
        await page.waitForFunction(
          () =>
            document.querySelectorAll('[data-testid="ledger-records"] tbody tr.ant-table-row').length === 50,
        );
        await page.getByTestId('load-more').first().click();
        await page.waitForFunction(
          () =>
            document.querySelectorAll('[data-testid="ledger-records"] tbody tr.ant-table-row').length > 50,
        );
      }
      await page.screenshot({ path: path.join(artifacts, 'ledger-en.png') });
    });

    it('downloads a record’s proof that verifies against the signed checkpoint', async () => {
      const link = page.locator('[data-testid="ledger-records"] a[data-testid^="proof-"]').first();
      const download = page.waitForEvent('download');
      await link.click();
      const proof = JSON.parse(fs.readFileSync((await (await download).path())!, 'utf8')) as {
        index: number;
        proof: string[];
        canonical: string;
        checkpoint: string;
      };
      assert.equal(await link.getAttribute('data-testid'), `proof-${proof.index}`);
      const cp = openCheckpoint(proof.checkpoint, (await app.services.ledger.status()).verifierKey);
      assert.ok(
        verifyInclusion(
          proof.index,
          cp.size,
          leafHash(Buffer.from(proof.canonical)),
          proof.proof.map((p) => Buffer.from(p, 'base64')),
          cp.root,
        ),
      );
    });

    it('verify now runs the self-check and shows its result', async () => {
      const before = (await app.services.ledger.status()).lastVerification!;
      await page.getByTestId('verify-now').click();
      await page
        .getByTestId('verify-result')
        .getByText(/Self-check passed/)
        .first()
        .waitFor();
      const after = (await app.services.ledger.status()).lastVerification!;
      assert.ok(after.at > before.at, 'a new self-check ran');
      assert.ok(after.ok);
    });

    it('lists the checkpoints, the newest first, each with its signed note', async () => {
      await page.getByRole('tab', { name: 'Checkpoints' }).click();
      const first = page.getByTestId('ledger-checkpoints').locator('tbody tr.ant-table-row').first();
      await first.waitFor();
      const last = (await app.services.ledger.status()).lastCheckpoint!;
      assert.equal((await first.locator('td').first().textContent())?.trim(), String(last.size));
      await first.getByRole('button', { name: 'Show note' }).click();
      await page.locator('.ant-popover pre').getByText(app.services.ledger.origin).waitFor();
    });

    it('reads in Chinese', async () => {
      await page.getByTestId('lang-switch').getByText('中文').click();
      await page.getByRole('heading', { name: '证据账本' }).waitFor();
      await page.getByRole('button', { name: '立即校验' }).waitFor();
      await page
        .getByTestId('ledger-health')
        .getByText(/自检通过，共校验[\d,]+条记录/)
        .waitFor();
      await page.screenshot({ path: path.join(artifacts, 'ledger-zh.png') });
    });
  },
);
