import { describe } from 'vitest';

/**
 * `describe` when the server a suite needs is named by its URL setting
 * (EVENTSTORE_URL, MONGODB_URL), else a skip that says why in the output.
 * The GitHub workflow starts those servers; the machines this is developed
 * on cannot run them.
 */
export function describeOnServer(setting: string, name: string, suite: (url: string) => void): void {
  const url = process.env[setting]?.trim();
  if (url) {
    describe(`${name} (${setting})`, () => suite(url));
    return;
  }
  const why = `${setting} is not set (the GitHub workflow sets it; see docs/operations.md)`;
  process.stderr.write(`skipping "${name}": ${why}.\n`);
  describe.skip(`${name} — skipped: ${why}`, () => suite(''));
}
