import { createHash } from 'node:crypto';
import { signedMessage, type ChainSigner } from './audit-signature.js';
import type { AuditRecordDoc } from './identity-audit.projection.js';
import type { ExportRow } from './export-row.js';

export type { ExportRow } from './export-row.js';

export const EXPORT_COLUMNS = [
  'seq',
  'at',
  'type',
  'patientId',
  'actor',
  'identityStatus',
  'summary',
  'details',
  'prevHash',
  'hash',
] as const satisfies readonly (keyof ExportRow)[];
const ZERO = '0'.repeat(64);

/** JSON with object keys sorted at every level: one text per value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function rowHash(row: Omit<ExportRow, 'hash'>): string {
  const content = JSON.stringify([
    row.seq,
    row.at,
    row.type,
    row.patientId,
    row.actor,
    row.identityStatus,
    row.summary,
    row.details,
  ]);
  return createHash('sha256').update(`${row.prevHash}|${content}`).digest('hex');
}

function link(previous: string, row: Omit<ExportRow, 'hash' | 'prevHash'>): ExportRow {
  const withPrev = { ...row, prevHash: previous };
  return { ...withPrev, hash: rowHash(withPrev) };
}

export function chainExport(
  practiceId: string,
  period: { from: string; to: string },
  generatedAt: string,
  records: readonly AuditRecordDoc[],
  /** Signs the chain head in the closing row (Ed25519), so a re-chained file fails verification with the public key. */
  signer?: ChainSigner,
): ExportRow[] {
  const rows: ExportRow[] = [];
  const push = (row: Omit<ExportRow, 'hash' | 'prevHash'>) => rows.push(link(rows.at(-1)?.hash ?? ZERO, row));
  push({
    seq: 0,
    at: generatedAt,
    type: 'ExportStarted',
    patientId: '',
    actor: '',
    identityStatus: '',
    summary: `Identity audit of practice ${practiceId}, ${period.from} to ${period.to}.`,
    details: canonicalJson({ practiceId, ...period }),
  });
  for (const record of records) {
    push({
      seq: record.seq,
      at: record.at,
      type: record.type,
      patientId: record.patientId ?? '',
      actor: record.actor,
      identityStatus: record.identityStatus ?? '',
      summary: record.summary,
      details: canonicalJson({ ...record.details, ...(record.evidence.length ? { evidence: record.evidence } : {}) }),
    });
  }
  push({
    seq: 0,
    at: generatedAt,
    type: 'ExportEnded',
    patientId: '',
    actor: '',
    identityStatus: '',
    summary: `${records.length} records.`,
    details: canonicalJson(closingDetails(practiceId, records.length, rows.at(-1)!.hash, signer)),
  });
  return rows;
}

function closingDetails(practiceId: string, records: number, chainHead: string, signer?: ChainSigner) {
  if (!signer) return { records };
  return {
    records,
    chainHead,
    keyId: signer.keyId,
    signature: signer.sign(signedMessage(practiceId, records, chainHead)),
  };
}

/** The record count a closing row states, or null when it is not one. */
function countIn(details: string): number | null {
  try {
    const records = (JSON.parse(details) as { records?: unknown }).records;
    return typeof records === 'number' ? records : null;
  } catch {
    return null;
  }
}

export type ChainVerdict = { ok: true; records: number } | { ok: false; row: number; seq: number; reason: string };

/** Checks every link; `row` is 1-based among the data rows. */
export function verifyChain(rows: readonly ExportRow[]): ChainVerdict {
  if (rows.length < 2) return { ok: false, row: 1, seq: 0, reason: 'the export has no opening and closing rows' };
  let previous = ZERO;
  for (const [index, row] of rows.entries()) {
    const where = { row: index + 1, seq: Number(row.seq) };
    if (row.prevHash !== previous)
      return {
        ok: false,
        ...where,
        reason: 'prevHash is not the hash of the row before: a row was removed, added or reordered',
      };
    if (rowHash(row) !== row.hash)
      return { ok: false, ...where, reason: 'the row does not match its hash: its content was changed' };
    previous = row.hash;
  }
  if (rows[0].type !== 'ExportStarted')
    return { ok: false, row: 1, seq: Number(rows[0].seq), reason: 'the export does not start with its opening row' };
  const last = rows.at(-1)!;
  const count = rows.length - 2;
  if (last.type !== 'ExportEnded' || countIn(last.details) !== count)
    return {
      ok: false,
      row: rows.length,
      seq: Number(last.seq),
      reason: 'the export does not end with a closing row counting its records: it was cut off',
    };
  return { ok: true, records: count };
}

const csvCell = (value: string | number) => {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function exportToCsv(rows: readonly ExportRow[]): string {
  return (
    [EXPORT_COLUMNS.join(','), ...rows.map((row) => EXPORT_COLUMNS.map((c) => csvCell(row[c])).join(','))].join(
      '\r\n',
    ) + '\r\n'
  );
}
