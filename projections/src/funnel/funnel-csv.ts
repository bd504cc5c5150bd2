import { FUNNEL_COUNTS, FUNNEL_INTERVALS, type FunnelReport } from './funnel-row.js';

/** The CSV columns: the JSON names, medians suffixed `MedianSeconds`. */
export const FUNNEL_CSV_COLUMNS = [
  'key',
  'label',
  ...FUNNEL_COUNTS,
  ...FUNNEL_INTERVALS.map((name) => `${name}MedianSeconds`),
] as const;

/** RFC 4180 CSV, one row per dimension value; cells a spreadsheet would run as a formula are quoted with a '. */
export function funnelCsv(report: FunnelReport): string {
  const lines = [FUNNEL_CSV_COLUMNS.join(',')];
  for (const row of report.rows) {
    const cells = [
      cell(row.key),
      cell(row.label),
      ...FUNNEL_COUNTS.map((stage) => String(row[stage])),
      ...FUNNEL_INTERVALS.map((name) => (row.medianSeconds[name] === null ? '' : String(row.medianSeconds[name]))),
    ];
    lines.push(cells.join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

function cell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
