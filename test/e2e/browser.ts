import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

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
