import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where browser tests leave screenshots for a person to look at. */
export const TEST_OUTPUT = fileURLToPath(new URL('../../../../test-output/', import.meta.url));

/**
 * Browser tests need Debian's chromium. Without it they are skipped, with the
 * reason in the test name; in CI (CI=true) a missing browser is a failure.
 */
export function browserAvailability(): { available: boolean; reason: string } {
  if (existsSync(CHROMIUM)) return { available: true, reason: '' };
  if (process.env.CI)
    throw new Error(`CI needs chromium at ${CHROMIUM} for the browser tests (apt-get install chromium)`);
  return {
    available: false,
    reason: `skipped: no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
  };
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(TEST_OUTPUT, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Root in CI has no sandbox; this closed network refuses Chromium's background calls.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A phone-sized page with an ordinary browser's user agent (HeadlessChrome counts as automated). */
export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  userAgent:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
};
