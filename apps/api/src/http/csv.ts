import type { FastifyReply } from 'fastify';

/** A CSV file: a header line, then one line per row, every cell quoted as a spreadsheet would. */
export function csvOf<R>(columns: readonly string[], rows: readonly R[], cells: (row: R) => readonly string[]): string {
  const cell = (value: string) => `"${value.replaceAll('"', '""')}"`;
  const lines = rows.map((row) => cells(row).map(cell).join(','));
  return `${columns.join(',')}\n${lines.join('\n')}${rows.length ? '\n' : ''}`;
}

/** Answers an export: the CSV as an attachment named `filename`. */
export function sendCsv(reply: FastifyReply, filename: string, csv: string): void {
  reply.header('Content-Disposition', `attachment; filename="${filename}"`).type('text/csv; charset=utf-8').send(csv);
}
