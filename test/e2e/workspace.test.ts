/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildApp, type WanganApp } from '../../src/app.js';
import { leafHash, verifyInclusion } from '../../src/ledger/merkle.js';
import { openCheckpoint } from '../../src/ledger/note.js';
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
    /** The duty the first test made good (its evidence is in the ledger). */
    let metDuty = '';

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
      // Sign-in lands on the workspace.
      await page.getByRole('heading', { name: 'Compliance workspace' }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/workspace');
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
      await page.getByTestId(`actions-${duty.id}`).click();
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
      await row.getByRole('button', { name: 'Review' }).click();
      // The reviewer sees who submitted it and when, and may comment on an approval.
      await page.getByRole('dialog').getByText(app.demoLogin!.username, { exact: true }).waitFor();
      await page.getByTestId('review-note').fill('Signed report checked');
      // The answer to the review itself, not its toast: a toast shows for three seconds, and a
      // starved browser on a loaded CI machine has missed one before. What lasts is checked below.
      const reviewed = page.waitForResponse(
        (r) => r.request().method() === 'POST' && r.url().endsWith('/review'),
      );
      await page.getByTestId('review-approve').click();
      assert.equal((await reviewed).status(), 200);
      const item = (await app.services.workspace.overview()).items.find((i) => i.id === duty.id)!;
      assert.equal(item.status, 'met');
      const approved = (await app.services.workspace.submissions('approved', { limit: 5 })).submissions;
      assert.equal(approved[0]?.reviewNote, 'Signed report checked');
      metDuty = duty.id;
      await page
        .getByRole('row')
        .filter({ has: page.getByTestId(`duty-${duty.id}`) })
        .getByText('met', { exact: true })
        .waitFor();
      await page.screenshot({ path: path.join(artifacts, 'workspace-en.png'), fullPage: false });
    });

    it('a duty’s drawer: its history with proofs, owner, a comment, a task, and a rejection with its reason', async () => {
      assert.ok(metDuty, 'the first test made a duty good');
      const submitter = await app.services.auth.findActor(app.demoLogin!.username);
      const pending = await app.services.workspace.submit(submitter, metDuty, {
        summary: 'Photo of the unsigned cover page',
      });
      await page.goto(new URL(`/workspace?open=${metDuty}`, url).toString());
      const drawer = page.getByTestId('duty-drawer');
      await drawer
        .getByTestId('duty-submissions')
        .getByText('Renewed for this year: signed report attached')
        .waitFor();

      // The approved evidence, with its leaf and a proof that verifies against the signed checkpoint.
      await app.services.ledger.sequence();
      const proofLink = drawer
        .getByTestId('duty-history')
        .locator('a[data-testid^="history-proof-"]')
        .first();
      await proofLink.waitFor();
      const download = page.waitForEvent('download');
      await proofLink.click();
      const proof = JSON.parse(fs.readFileSync((await (await download).path())!, 'utf8')) as {
        index: number;
        size: number;
        proof: string[];
        canonical: string;
        checkpoint: string;
      };
      assert.equal(await proofLink.getAttribute('data-testid'), `history-proof-${proof.index}`);
      assert.match(proof.canonical, /Renewed for this year/);
      const cp = openCheckpoint(proof.checkpoint, (await app.services.ledger.status()).verifierKey);
      assert.ok(
        verifyInclusion(
          proof.index,
          cp.size,
          leafHash(Buffer.from(proof.canonical)),
          proof.proof.map((p) => Buffer.from(p, 'base64')),
          cp.root,
        ),
        'the downloaded proof verifies',
      );

      // Owner: picked from the active people.
      // Typed and chosen with the keyboard in the owner select itself: a click on a dropdown option
      // can land on another select's dropdown still fading out on a busy machine.
      await drawer.getByTestId('owner-select').click();
      await drawer.getByTestId('owner-select').locator('input').fill('reviewer');
      await page
        .locator('.ant-select-dropdown:visible .ant-select-item-option-active')
        .filter({ hasText: 'reviewer' })
        .waitFor();
      const assigned = page.waitForResponse(
        (r) => r.request().method() === 'PUT' && r.url().endsWith('/owner'),
      );
      await page.keyboard.press('Enter');
      assert.ok((await assigned).ok(), 'the owner is saved');
      await drawer
        .getByTestId('owner-assigned')
        .getByText(/assigned by reviewer/)
        .waitFor();
      const owned = (await app.services.workspace.overview()).items.find((i) => i.id === metDuty)!;
      assert.equal(owned.owner, 'reviewer');

      // A comment and a task.
      await drawer.getByPlaceholder('Comment').fill('Original is in the legal archive');
      await drawer.getByRole('button', { name: 'Add' }).click();
      await drawer.getByText('Original is in the legal archive').waitFor();
      await drawer.getByText('Task', { exact: true }).click();
      await drawer.getByPlaceholder('What needs doing').fill('Scan the signed cover page');
      await drawer.getByRole('button', { name: 'Add' }).click();
      await drawer.getByText('Scan the signed cover page').waitFor();
      const notes = (await app.services.workspace.notes(metDuty, { limit: 10 })).notes;
      assert.deepEqual(
        notes.map((n) => [n.kind, n.author]),
        [
          ['comment', 'reviewer'],
          ['task', 'reviewer'],
        ],
      );

      // A rejection needs its reason; the submitter and time are shown to the reviewer.
      const item = drawer.getByTestId(`submission-${pending.id}`);
      await item.getByText(`submitted by ${app.demoLogin!.username}`, { exact: false }).waitFor();
      await item.getByRole('button', { name: 'Review' }).click();
      await page.getByTestId('review-reject').click();
      await page.getByText('Give the reason for the rejection.').waitFor();
      await page.getByTestId('review-note').fill('The cover page is not signed');
      await page.getByTestId('review-reject').click();
      await item
        .getByTestId('review-comment')
        .getByText(/The cover page is not signed/)
        .waitFor();
      const rejected = (await app.services.workspace.submissions('rejected', { limit: 5 })).submissions;
      assert.equal(rejected[0]?.id, pending.id);
      assert.equal(rejected[0]?.reviewNote, 'The cover page is not signed');
      await page.screenshot({ path: path.join(artifacts, 'workspace-drawer-en.png') });
      await drawer.locator('.ant-drawer-close').click();
      await drawer.waitFor({ state: 'hidden' });
    });

    it('downloads the audit report as a PDF whose text contains Chinese', async (t) => {
      const download = page.waitForEvent('download', { timeout: 120_000 });
      await page.getByTestId('report-pdf').click();
      // It asks for the period first: the last six months by default, said in words.
      await page.getByTestId('export-period-words').getByText(/ to /).waitFor();
      await page.getByTestId('export-download').click();
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
