import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '../platform/errors.js';

/**
 * Prints HTML to PDF with Debian's Chromium (no browser download). Chinese
 * renders with the Noto Sans SC font the project ships, so the PDF's text is
 * extractable even on a machine with no Chinese fonts.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const fontDir = path.resolve(import.meta.dirname, '..', '..', 'node_modules', '@fontsource', 'noto-sans-sc');

/** @font-face rules of the shipped font, pointing at its files on disk. */
export function shippedFontCss(): string {
  const css = path.join(fontDir, '400.css');
  if (!fs.existsSync(css)) return '';
  return fs
    .readFileSync(css, 'utf8')
    .replace(/url\(\.\/files\//g, `url(${pathToFileURL(path.join(fontDir, 'files')).href}/`);
}

/**
 * The footer Chromium prints on every page: 第 N 页，共 M 页 / Page N of M.
 * Header and footer templates see no page styles, so the font comes with it.
 */
export function pageFooter(fontCss = ''): string {
  return `<style>${fontCss}</style><div style="width:100%; font-size:8pt; color:#555; text-align:center; font-family:'Noto Sans SC','Noto Sans CJK SC',sans-serif;">第 <span class="pageNumber"></span> 页，共 <span class="totalPages"></span> 页 · Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`;
}

/** One print may take this long (a busy machine launches Chromium in seconds, not minutes). */
export const PRINT_TIMEOUT_MS = 50_000;

class PrintTimeout extends Error {}

/**
 * Prints HTML to PDF in a Chromium of its own. A print that hangs (a browser
 * that never finishes starting on a machine under load) is stopped after
 * PRINT_TIMEOUT_MS and tried once more, so the person waiting gets a PDF or
 * a clear error, never a request that does not end.
 */
export async function printPdf(html: string): Promise<Buffer> {
  if (!fs.existsSync(chromiumPath)) {
    throw new AppError('internal', {
      en: `PDF printing needs Chromium at ${chromiumPath} (apt-get install -y chromium); the HTML report is available.`,
      zh: `打印 PDF 需要在 ${chromiumPath} 安装 Chromium 浏览器；网页版报告仍可使用。`,
    });
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await printOnce(html, PRINT_TIMEOUT_MS);
    } catch (err) {
      // Ours, or Playwright's own (a launch or a page load past its time).
      if (!(err instanceof PrintTimeout) && (err as Error | undefined)?.name !== 'TimeoutError') throw err;
      if (attempt >= 2)
        throw new AppError('internal', {
          en: `Printing the PDF did not finish in ${PRINT_TIMEOUT_MS / 1000} s, twice; the HTML report is available.`,
          zh: `PDF 打印两次均未在 ${PRINT_TIMEOUT_MS / 1000} 秒内完成；网页版报告仍可使用。`,
        });
    }
  }
}

async function printOnce(html: string, timeoutMs: number): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-report-'));
  const file = path.join(dir, 'report.html');
  fs.writeFileSync(file, html);
  // Loaded when a report is printed, not with the module: the CLI and most tests never print.
  const { chromium } = await import('playwright-core');
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new PrintTimeout());
    }, timeoutMs);
  });
  const work = async (): Promise<Buffer> => {
    const b = await chromium.launch({
      executablePath: chromiumPath,
      timeout: timeoutMs,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--allow-file-access-from-files',
      ],
    });
    browser = b;
    // Started after the time ran out: closed at once, nothing printed.
    if (timedOut) throw new PrintTimeout();
    const page = await b.newPage();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: timeoutMs });
    await page.evaluate(async () => {
      await (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts
        .ready;
    });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      // Page numbers on every page: an inspector cites "page 3 of 7" and sees a page is missing.
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: pageFooter(shippedFontCss()),
      margin: { top: '12mm', bottom: '16mm', left: '10mm', right: '10mm' },
    });
  };
  const job = work();
  try {
    return await Promise.race([job, timeout]);
  } finally {
    clearTimeout(timer);
    // A launch still under way when the time ran out closes its browser when it ends.
    if (!browser) void job.catch(() => undefined).finally(() => void browser?.close().catch(() => undefined));
    await browser?.close().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
