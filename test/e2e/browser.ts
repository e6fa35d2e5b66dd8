import fs from 'node:fs';
import path from 'node:path';
import { afterEach } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const artifacts = path.resolve(import.meta.dirname, 'artifacts');
export const webDist = path.resolve(import.meta.dirname, '..', '..', 'web', 'dist');
export const browserSkip = !fs.existsSync(CHROMIUM)
  ? `skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`
  : false;

export async function launchChromium(): Promise<Browser> {
  fs.mkdirSync(artifacts, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** A response a test causes on purpose: its status and path (exact, or a pattern). */
interface Expected {
  status: number;
  path: string | RegExp;
}

export interface PageProblems {
  /** Starts watching a page: its console errors, uncaught errors and failed requests (and gives its waits 60 s). */
  watch(page: Page): Page;
  /**
   * Declares a failing response the current test causes on purpose (the 401 of a
   * deliberate wrong password, the 400 of a form sent wrong): it, and the console
   * line Chromium writes for it, are not counted. Holds until the test ends.
   */
  expect(status: number, path: string | RegExp): void;
  /** What was seen since the last check (and forgets it). */
  take(): string[];
}

const pathMatches = (expected: string | RegExp, url: string) => {
  const pathname = new URL(url).pathname;
  return typeof expected === 'string' ? pathname === expected : expected.test(pathname);
};

/**
 * Every browser test fails on a console error, an uncaught error in the page,
 * a request that failed, or a response of 400 or more it did not declare with
 * `expect`. Call inside `describe` (it adds an `afterEach` that fails the test
 * that saw one), then `problems.watch(page)` for each page the suite opens.
 */
export function collectPageProblems(): PageProblems {
  let seen: string[] = [];
  let expected: Expected[] = [];
  const isExpected = (status: number, url: string) =>
    expected.some((e) => e.status === status && pathMatches(e.path, url));

  const problems: PageProblems = {
    watch(page) {
      // Sixty seconds, not Playwright's thirty: four test files share two cores in CI, and a
      // browser waiting behind them is slow, not broken.
      page.setDefaultTimeout(60_000);
      page.on('pageerror', (err) => seen.push(`uncaught error: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        // Chromium writes "Failed to load resource: ... status of 401 (...)" for every failing
        // response; one the test declared is not a problem, an undeclared one is counted below.
        const status = /Failed to load resource: the server responded with a status of (\d+)/.exec(
          msg.text(),
        );
        const where = msg.location().url;
        if (status && where && isExpected(Number(status[1]), where)) return;
        if (status) return; // counted once, as the response itself
        seen.push(`console error: ${msg.text()}${where ? ` (${where})` : ''}`);
      });
      page.on('requestfailed', (request) => {
        const error = request.failure()?.errorText ?? '';
        // Cancelled by the page itself (a navigation leaving a favicon or a fetch behind, an
        // aborted fetch): nothing failed. A server that fails shows as another error or a status.
        if (error === 'net::ERR_ABORTED') return;
        seen.push(`request failed: ${request.method()} ${request.url()} ${error}`);
      });
      page.on('response', (response) => {
        const status = response.status();
        if (status < 400 || isExpected(status, response.url())) return;
        seen.push(`unexpected response: ${response.request().method()} ${response.url()} ${status}`);
      });
      return page;
    },
    expect(status, path) {
      expected.push({ status, path });
    },
    take() {
      const out = seen;
      seen = [];
      expected = [];
      return out;
    },
  };

  afterEach(() => {
    const found = problems.take();
    if (found.length)
      throw new Error(`the page reported ${found.length} problem(s):\n  ${found.join('\n  ')}`);
  });
  return problems;
}

/**
 * Opens the console in `lang`, signs in and resolves once the signed-in shell
 * shows (its sign-out button). Every browser test starts this way.
 */
export async function signIn(
  page: Page,
  url: string,
  lang: 'zh' | 'en',
  username: string,
  password: string,
): Promise<void> {
  await page.goto(url);
  await page.evaluate((l) => localStorage.setItem('wangan.lang', l), lang);
  await page.reload();
  const zh = lang === 'zh';
  await page.getByLabel(zh ? '用户名' : 'Username').fill(username);
  await page.getByLabel(zh ? '密码' : 'Password').fill(password);
  await page.getByRole('button', { name: zh ? /登\s*录/ : 'Sign in' }).click();
  await page.getByRole('button', { name: zh ? /退出登录/ : 'Sign out' }).waitFor();
}
