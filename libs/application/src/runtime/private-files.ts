import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Everything in DATA_DIR holds personal data or secrets (the log, the read
 * models, the outbox's messages and sign-up codes, the token secret): only the
 * service's own user may read it. From here on every file this process creates
 * is 0600 and every directory 0700 (the umask), and what an older version left
 * readable by others is closed on start.
 */
export function keepDataPrivate(dataDir: string): void {
  process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  closeToOthers(dataDir);
}

function closeToOthers(path: string): void {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return;
  if (stat.isDirectory()) {
    if (stat.mode & 0o077) chmodSync(path, 0o700);
    for (const name of readdirSync(path)) closeToOthers(join(path, name));
  } else if (stat.isFile() && stat.mode & 0o077) {
    chmodSync(path, 0o600);
  }
}
