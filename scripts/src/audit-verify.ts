/**
 * `npm run audit:verify -- <export.json|export.csv> [--public-key <pem file>]`:
 * checks the hash chain of an identity-audit export and names the first
 * broken record; with the public key (GET /v1/audit/public-key) it also checks
 * the closing signature, which a re-chained forgery cannot carry.
 * Exit 0: intact; 1: broken; 2: the file or the key could not be read.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { EXPORT_COLUMNS, verifyChain, verifyChainSignature, type ExportRow } from '@pi/projections';

export function readExport(text: string): ExportRow[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    const parsed = JSON.parse(trimmed) as { records?: unknown };
    if (!Array.isArray(parsed.records)) throw new Error('a JSON export has a "records" array');
    return parsed.records as ExportRow[];
  }
  const rows = parse<Record<string, string>>(text, { columns: true, skip_empty_lines: true });
  const missing = EXPORT_COLUMNS.filter((c) => rows[0] && !(c in rows[0]));
  if (missing.length) throw new Error(`the CSV lacks the columns ${missing.join(', ')}`);
  return rows.map((row) => ({ ...(row as unknown as ExportRow), seq: Number(row.seq) }));
}

export function verifyFile(path: string, publicKeyPath?: string): { code: number; message: string } {
  let rows: ExportRow[];
  let publicKey: string | null = null;
  try {
    rows = readExport(readFileSync(path, 'utf8'));
  } catch (error) {
    return { code: 2, message: `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (publicKeyPath) {
    try {
      publicKey = readFileSync(publicKeyPath, 'utf8');
    } catch (error) {
      return {
        code: 2,
        message: `cannot read ${publicKeyPath}: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }
  const verdict = verifyChain(rows);
  if (!verdict.ok)
    return { code: 1, message: `BROKEN at record ${verdict.row} (seq ${verdict.seq}): ${verdict.reason} (${path})` };
  if (publicKey === null)
    return {
      code: 0,
      message: `OK: the chain of ${verdict.records} records is intact (${path}); signature not checked (pass --public-key <pem>)`,
    };
  const signed = verifyChainSignature(rows, publicKey);
  if (!signed.ok) return { code: 1, message: `BROKEN signature: ${signed.reason} (${path})` };
  return {
    code: 0,
    message: `OK: the chain of ${verdict.records} records is intact and signed by key ${signed.keyId} (${path})`,
  };
}

const isMain = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
const USAGE = 'usage: npm run audit:verify -- <identity-audit export, .json or .csv> [--public-key <pem file>]';
if (isMain) {
  const args = process.argv.slice(2);
  // Not the application's usageOnHelp: this tool stays free of the application (an auditor runs it on an export alone).
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const keyAt = args.indexOf('--public-key');
  const publicKeyPath = keyAt >= 0 ? args[keyAt + 1] : undefined;
  const path = args.find((a, i) => !a.startsWith('--') && (keyAt < 0 || i !== keyAt + 1));
  if (!path || (keyAt >= 0 && !publicKeyPath)) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  const { code, message } = verifyFile(path, publicKeyPath);
  (code === 0 ? process.stdout : process.stderr).write(`${message}\n`);
  process.exit(code);
}
