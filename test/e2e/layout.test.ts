/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildApp, type WanganApp } from '../../src/app.js';
import { testConfig } from '../helpers.js';
import { artifacts, browserSkip, collectPageProblems, launchChromium, webDist, signIn } from './browser.js';

const widths = [1280, 1440] as const;
const langs = ['zh', 'en'] as const;
const pages = [
  { key: 'workspace', path: '/workspace' },
  { key: 'governance', path: '/governance' },
  { key: 'ledger', path: '/ledger' },
  { key: 'incidents', path: '/incidents' },
  { key: 'logvault', path: '/logvault' },
  { key: 'content', path: '/content' },
  { key: 'identity', path: '/identity' },
] as const;

/** What scrolls sideways: the page itself, or any element in the main content with a scrollbar. */
function sidewaysScroll(): string[] {
  const out: string[] = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth) {
    // The innermost elements reaching past the right edge: what to fix.
    const past = [...document.querySelectorAll<HTMLElement>('main *')].filter(
      (el) =>
        el.getBoundingClientRect().right > doc.clientWidth + 1 &&
        ![...el.children].some((c) => c.getBoundingClientRect().right > doc.clientWidth + 1),
    );
    const names = past
      .slice(0, 3)
      .map((el) => `${el.tagName.toLowerCase()} "${(el.textContent ?? '').slice(0, 40)}"`);
    out.push(
      `the page: ${doc.scrollWidth}px wide in ${doc.clientWidth}px (past the edge: ${names.join(', ')})`,
    );
  }
  const main = document.querySelector('main');
  if (!main) return ['no main content'];
  for (const el of main.querySelectorAll<HTMLElement>('*')) {
    const style = getComputedStyle(el);
    if (style.overflowX !== 'auto' && style.overflowX !== 'scroll') continue;
    if (el.scrollWidth <= el.clientWidth + 1) continue;
    const name = `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`;
    const near = el.closest('[data-testid], .ant-card')?.querySelector('.ant-card-head-title')?.textContent;
    out.push(`${name}${near ? ` in "${near}"` : ''}: ${el.scrollWidth}px wide in ${el.clientWidth}px`);
  }
  return out;
}

describe(
  'Layout at 1280 and 1440 px, in Chinese and English: no sideways scrolling on the workspace, governance and ledger pages',
  { skip: browserSkip },
  () => {
    let app: WanganApp;
    let browser: Browser;
    let page: Page;
    let url: string;
    const problems = collectPageProblems();
    const encodings = new Map<string, string | undefined>();

    before(async () => {
      app = await buildApp({ config: testConfig({ demo: true, webDist }), jobs: false });
      url = await app.listen();
      browser = await launchChromium();
      page = problems.watch(
        await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' }),
      );
      page.on('response', (r) => {
        if (new URL(r.url()).pathname.startsWith('/assets/'))
          encodings.set(new URL(r.url()).pathname, r.headers()['content-encoding']);
      });
      await signIn(page, url, 'en', app.demoLogin!.username, app.demoLogin!.password);
      await page.getByRole('menuitem', { name: 'Settings' }).waitFor();
    });
    after(async () => {
      await browser?.close();
      await app?.close();
    });

    it('the console arrives compressed (the build wrote .br files the server sends)', () => {
      const antd = [...encodings].find(([p]) => /\/assets\/antd-[^/]+\.js$/.test(p));
      assert.ok(antd, 'the antd chunk was loaded');
      assert.equal(antd[1], 'br', 'antd (1.17 MB raw) is sent as brotli');
    });

    it('a planned capability keeps its whole "planned" tag in the sidebar', async () => {
      for (const lang of langs) {
        await page.evaluate((l) => localStorage.setItem('wangan.lang', l), lang);
        await page.reload();
        const items = page.locator('[data-testid^="nav-planned-"]');
        await items.first().waitFor();
        for (const item of await items.all()) {
          const tag = await item.locator('.ant-tag').boundingBox();
          const row = await item.locator('xpath=ancestor::li[1]').boundingBox();
          assert.ok(tag && row, 'tag and menu row are shown');
          assert.ok(
            tag.x + tag.width <= row.x + row.width,
            `${lang}: the "planned" tag of ${await item.getAttribute('data-testid')} is cut off`,
          );
        }
      }
    });

    for (const target of pages) {
      it(`${target.key}: no horizontal scrollbar`, async (t: TestContext) => {
        const found: string[] = [];
        for (const lang of langs) {
          await page.evaluate((l) => localStorage.setItem('wangan.lang', l), lang);
          for (const width of widths) {
            await page.setViewportSize({ width, height: 900 });
            await page.goto(new URL(target.path, url).toString());
            await page.waitForLoadState('networkidle');
            if (await page.getByTestId('not-yet-available').count()) {
              t.skip(
                `skipped: the ${target.key} page is not built yet (${target.path} says "not yet available")`,
              );
              return;
            }
            await page.waitForFunction(
              () => !document.querySelector('main .ant-spin-spinning, main .ant-skeleton'),
            );
            await page.evaluate(() => document.fonts.ready.then(() => undefined));
            await page.screenshot({
              path: path.join(artifacts, `layout-${target.key}-${lang}-${width}.png`),
              fullPage: true,
            });
            for (const s of await page.evaluate(sidewaysScroll)) found.push(`${lang} ${width}px: ${s}`);
            // Every tab of the page too (a tab the bar has no room for is still clicked).
            const tabs = page.locator('main .ant-tabs-nav [data-testid^="tab-"]');
            for (const tab of await tabs.all()) {
              const name = await tab.getAttribute('data-testid');
              await tab.evaluate((el) => (el as HTMLElement).click());
              await page.waitForLoadState('networkidle');
              for (const s of await page.evaluate(sidewaysScroll))
                found.push(`${lang} ${width}px, ${name}: ${s}`);
            }
          }
        }
        assert.deepEqual(found, [], `sideways scrolling on ${target.path}`);
      });
    }
  },
);
