import { closeSync, fstatSync, fsyncSync, openSync, unlinkSync, writeSync } from 'node:fs';

/**
 * Overwrites a file with zeros, flushes it, then unlinks it: a file that held personal values leaves
 * none in the blocks it freed (on a file system that writes in place; copy-on-write ones are docs/privacy.md's).
 * A file already gone is fine.
 */
export function shredFile(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    const zeros = Buffer.alloc(64 * 1024);
    for (let left = fstatSync(fd).size, at = 0; left > 0;) {
      const n = writeSync(fd, zeros, 0, Math.min(left, zeros.length), at);
      left -= n;
      at += n;
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  unlinkSync(path);
}
