import type { Response } from 'express';

/** A CSV file: a header line, then one line per row, every cell quoted as a spreadsheet would. */
export function csvOf<R>(columns: readonly string[], rows: readonly R[], cells: (row: R) => readonly string[]): string {
  const cell = (value: string) => `"${value.replaceAll('"', '""')}"`;
  const lines = rows.map((row) => cells(row).map(cell).join(','));
  return `${columns.join(',')}\n${lines.join('\n')}${rows.length ? '\n' : ''}`;
}

/** Answers an export: the CSV as an attachment named `filename`. */
export function sendCsv(response: Response, filename: string, csv: string): void {
  response.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  response.type('text/csv').send(csv);
}
