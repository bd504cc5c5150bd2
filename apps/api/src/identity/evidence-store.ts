import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EvidenceRef } from '@pi/domain';
import { shredFile } from '@pi/notify';

/** What identity evidence may be: photos and scans, recognised by their first bytes, not by what the client claims. */
const SIGNATURES: { type: string; test: (b: Buffer) => boolean }[] = [
  { type: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    type: 'image/png',
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  {
    type: 'image/webp',
    test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
  { type: 'image/heic', test: (b) => b.subarray(4, 8).toString('latin1') === 'ftyp' },
  { type: 'application/pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
];
export const EVIDENCE_TYPES = SIGNATURES.map((s) => s.type);
export const EVIDENCE_LIMIT_BYTES = 10 * 1024 * 1024;

export function detectEvidenceType(bytes: Buffer): string | null {
  return SIGNATURES.find((s) => s.test(bytes))?.type ?? null;
}

/**
 * Evidence files (a face photo with a government ID) live outside the event
 * log, named by their SHA-256: the log holds only hash and size, so erasing a
 * file never rewrites history, and the hash proves the file is the one reviewed.
 */
export class EvidenceStore {
  constructor(private readonly dir: string) {}

  private pathOf(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  async put(bytes: Buffer, contentType: string): Promise<EvidenceRef> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = this.pathOf(sha256);
    if (!(await this.describe(sha256))) {
      await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
      // Write aside, then rename: a reader never sees half a file.
      const temporary = `${path}.${randomUUID()}.tmp`;
      await writeFile(temporary, bytes, { mode: 0o600 });
      await rename(temporary, path);
    }
    return { sha256, size: bytes.length, contentType };
  }

  /** Size and type of a stored file, from its first bytes (not the whole file); null when there is none. */
  async describe(sha256: string): Promise<{ size: number; contentType: string } | null> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
    let file;
    try {
      file = await open(this.pathOf(sha256), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      const head = Buffer.alloc(16);
      const { bytesRead } = await file.read(head, 0, head.length, 0);
      return {
        size: (await file.stat()).size,
        contentType: detectEvidenceType(head.subarray(0, bytesRead)) ?? 'application/octet-stream',
      };
    } finally {
      await file.close();
    }
  }

  /** Erasure: the file is overwritten and unlinked; its routes answer 404/410 from then on. */
  erase(sha256: string): void {
    if (/^[0-9a-f]{64}$/.test(sha256)) shredFile(this.pathOf(sha256));
  }

  async get(sha256: string): Promise<Buffer | null> {
    if ((await this.describe(sha256)) === null) return null;
    return readFile(this.pathOf(sha256));
  }
}
