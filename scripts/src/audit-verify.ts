/**
 * `npm run audit:verify -- <export.json|export.csv>`: checks the hash chain
 * of an identity-audit export and names the first broken record.
 * Exit 0: intact; 1: broken; 2: the file could not be read.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { EXPORT_COLUMNS, verifyChain, type ExportRow } from '@pi/projections';

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

export function verifyFile(path: string): { code: number; message: string } {
  let rows: ExportRow[];
  try {
    rows = readExport(readFileSync(path, 'utf8'));
  } catch (error) {
    return { code: 2, message: `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}` };
  }
  const verdict = verifyChain(rows);
  if (verdict.ok) return { code: 0, message: `OK: the chain of ${verdict.records} records is intact (${path})` };
  return { code: 1, message: `BROKEN at record ${verdict.row} (seq ${verdict.seq}): ${verdict.reason} (${path})` };
}

const isMain = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const path = process.argv.slice(2).find((a) => !a.startsWith('--'));
  if (!path) {
    process.stderr.write('usage: npm run audit:verify -- <identity-audit export, .json or .csv>\n');
    process.exit(2);
  }
  const { code, message } = verifyFile(path);
  (code === 0 ? process.stdout : process.stderr).write(`${message}\n`);
  process.exit(code);
}
