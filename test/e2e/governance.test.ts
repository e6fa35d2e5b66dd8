/// <reference lib="dom" />
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildApp, type WanganApp } from '../../src/app.js';
import { profileSchema } from '../../src/obligations/profile.js';
import { testConfig } from '../helpers.js';
import { artifacts, browserSkip, collectPageProblems, launchChromium, webDist, signIn } from './browser.js';

describe(
  'Governance and CII in Chromium: grade with the calculator, file, record the yearly CII assessment, and the duties are met',
  { skip: browserSkip },
  () => {
    let app: WanganApp;
    let browser: Browser;
    let page: Page;
    const problems = collectPageProblems();

    before(async () => {
      app = await buildApp({ config: testConfig({ webDist }), jobs: false });
      // A fresh CII operator (not the demo, whose history already meets these duties).
      await app.services.organisation.create(
        { name: 'Fresh Co.', cii: { operator: true, sector: 'energy' } },
        false,
      );
      await app.services.auth.createUser(
        { userId: 't', username: 't', role: 'admin', via: 'cli' },
        { username: 'officer', role: 'security_officer', password: 'officer-password-1' },
      );
      const url = await app.listen();
      browser = await launchChromium();
      page = problems.watch(
        await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'en-US' }),
      );
      await signIn(page, url, 'en', 'officer', 'officer-password-1');
      await page.getByRole('heading', { name: 'Compliance workspace' }).waitFor(); // sign-in lands on the workspace
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
      // The last dropdown opened is the newest; an earlier one may still be fading out.
      const dropdown = page.locator('.ant-select-dropdown:visible').last();
      await dropdown.getByTitle(option, { exact: true }).click();
      await dropdown.waitFor({ state: 'hidden' });
    }

    it('grades a level 3 system, files it, and the grading and filing duties are met', async () => {
      const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
      const before = (await app.services.workspace.overview()).items;
      assert.equal(before.find((i) => i.id === 'csl.mlps-grading')?.status, 'missing');
      assert.equal(before.find((i) => i.id === 'csl.mlps-filing')?.status, 'missing');
      await page.getByRole('menuitem', { name: 'Governance and classified protection' }).click();
      await page.getByTestId('filing-rule').getByText('within 30 days of grading or go-live').waitFor();
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

    it('one list of systems: a system saved in the profile is declared in Governance, graded there, and shown graded in Settings', async () => {
      const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
      const org = await app.services.organisation.get();
      // The graded system is already in the profile: Governance's list is the profile's.
      assert.deepEqual(org.profile.mlps.systems, [{ name: 'Customer portal', level: 3 }]);
      await app.services.organisation.update(
        { userId: 't', username: 't', role: 'admin', via: 'cli' },
        {
          ...org.profile,
          mlps: { systems: [...org.profile.mlps.systems, { name: 'Staff portal', level: 2 }] },
        },
      );
      await page.reload();
      await page.getByTestId('declared-Staff portal').waitFor();
      assert.equal(await page.getByTestId('file-Staff portal').count(), 0, 'no filing before grading');
      await page.getByTestId('grade-Staff portal').click();
      await page.locator('.ant-modal-title', { hasText: 'Grade a system: Staff portal' }).waitFor();
      await pickDate('Graded on', today);
      await choose(1, 'citizens, legal persons, organisations');
      await choose(2, 'serious harm');
      await choose(3, 'citizens, legal persons, organisations');
      await choose(4, 'serious harm');
      await page.getByTestId('grade-preview').getByText('Level 2').waitFor();
      await page.getByRole('button', { name: /Save/ }).click();
      await page.getByTestId('file-Staff portal').waitFor();
      assert.equal(await page.getByTestId('declared-Staff portal').count(), 0);
      const systems = await app.services.governance.overview();
      assert.deepEqual(
        systems.map((s) => [s.name, s.graded]),
        [
          ['Customer portal', true],
          ['Staff portal', true],
        ],
        'graded in place: still one row per system',
      );
      // The officer cannot edit the profile; Settings still lists the systems as graded.
      await page.goto(new URL('/settings', page.url()).toString());
      await page.getByTestId('profile-systems-register').waitFor();
      await page.getByTestId('profile-system-1').getByText('graded in Governance').waitFor();
    });

    it('records the yearly CII assessment with its report, and the workspace shows both duties met', async () => {
      const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
      const status = async (id: string) =>
        (await app.services.workspace.overview()).items.find((i) => i.id === id)?.status;
      assert.equal(await status('csl.cii-annual-assessment'), 'missing');
      await page.getByRole('menuitem', { name: 'Critical information infrastructure' }).click();
      await page.getByTestId('tab-cii-annual-assessments').click();
      await page.getByTestId('new-cii-annual-assessments').click();
      const modal = page.locator('.ant-modal:visible');
      await pickDate('Completed on', today);
      await modal.getByLabel('Assessor', { exact: true }).fill('Example Security Testing Ltd');
      await modal.locator('.ant-select').first().click();
      await page
        .locator('.ant-select-dropdown:visible')
        .getByTitle('Security service firm', { exact: true })
        .click();
      await modal.getByLabel('Findings', { exact: true }).fill('7');
      await modal.getByLabel('High-risk findings', { exact: true }).fill('0');
      await modal.getByLabel('Protection department', { exact: true }).fill('National Energy Administration');
      await pickDate('Reported on', today);
      await modal.getByRole('button', { name: /Save/ }).click();
      await page
        .getByTestId('register-cii-annual-assessments')
        .getByRole('cell', { name: 'Example Security Testing Ltd' })
        .waitFor();
      assert.equal(await status('csl.cii-annual-assessment'), 'met');

      // Both duties from the workspace, through the duty links of the records.
      await page
        .getByTestId('register-cii-annual-assessments')
        .getByTestId('duty-name-csl.cii-annual-assessment')
        .first()
        // The duty by its title; the id is only in the tooltip and the copy button.
        .getByRole('link', { name: 'Yearly security testing and risk assessment, with results reported' })
        .click();
      await page.getByTestId('duty-filter').waitFor();
      const row = page.locator('tr', { has: page.getByTestId('duty-csl.cii-annual-assessment') });
      await row.getByText('met', { exact: true }).waitFor();
      await page.goto(new URL('/workspace?duty=csl.mlps-filing', page.url()).toString());
      const filing = page.locator('tr', { has: page.getByTestId('duty-csl.mlps-filing') });
      await filing.getByText('met', { exact: true }).waitFor();
      await filing.getByTestId('register-link-csl.mlps-filing').click();
      await page.getByTestId('grade-system').waitFor();
      await page.screenshot({ path: path.join(artifacts, 'cii-en.png') });
    });

    it('imports training records from a CSV file; a file with errors imports nothing and lists them', async () => {
      await page.getByRole('menuitem', { name: 'Critical information infrastructure' }).click();
      await page.getByTestId('tab-cii-training').click();
      problems.expect(400, '/api/registers/cii-training/import'); // the file with errors, on purpose
      const input = page.getByTestId('import-cii-training');
      const csv = (body: string) => ({
        name: 'training.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(body),
      });
      await input.setInputFiles(
        csv('person,postType,topic,trainedOn,days\nZhang San,general,Phishing,2026-13-40,1\n'),
      );
      // The server reads the file first, storing nothing: the preview lists the line errors and offers no import.
      const preview = page.getByTestId('import-preview');
      await preview
        .getByText('1 row has errors; nothing will be imported. Correct the file and choose it again.')
        .waitFor();
      await preview.getByText(/line 2: Trained on \(trainedOn\) must be a date/).waitFor();
      assert.equal(await page.getByTestId('import-confirm').isDisabled(), true);
      await page.getByRole('button', { name: 'Cancel' }).click();
      await preview.waitFor({ state: 'detached' });
      const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
      await input.setInputFiles(
        csv(
          `姓名,岗位类型,培训内容,培训日期,时长（工作日）\nZhang San,Staff,Phishing,${today},1\nLi Si,Key technical post,Incident response,${today},3\n`,
        ),
      );
      // The rows as they will be stored, choices in the console's language; confirmed, they are imported.
      await preview.getByRole('cell', { name: 'Key technical post' }).waitFor();
      assert.notEqual(
        (await app.services.workspace.overview()).items.find((i) => i.id === 'csl.cii-training')?.status,
        'met',
        'the preview stored nothing',
      );
      await page.getByTestId('import-confirm').click();
      await page.getByText('2 entries imported into the evidence ledger').waitFor();
      await page.getByTestId('register-cii-training').getByRole('cell', { name: 'Li Si' }).waitFor();
      assert.equal(
        (await app.services.workspace.overview()).items.find((i) => i.id === 'csl.cii-training')?.status,
        'met',
      );
    });

    it('a profile that is not CII sees no CII registers until it opts in', async () => {
      // The graded systems stay in the profile (they cannot be removed from it).
      const { mlps } = (await app.services.organisation.get()).profile;
      await app.services.organisation.update(
        { userId: 't', username: 't', role: 'admin', via: 'cli' },
        profileSchema.parse({ name: 'Fresh Co.', mlps }),
      );
      await page.goto(new URL('/cii', page.url()).toString());
      await page.getByTestId('cii-not-applicable').waitFor();
      await app.services.organisation.update(
        { userId: 't', username: 't', role: 'admin', via: 'cli' },
        profileSchema.parse({ name: 'Fresh Co.', cii: { voluntary: true }, mlps }),
      );
      await page.reload();
      await page.getByTestId('tab-cii-dr-tests').waitFor();
      assert.equal(await page.getByTestId('tab-cii-changes').count(), 0);
    });
  },
);
