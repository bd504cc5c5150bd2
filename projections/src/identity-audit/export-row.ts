/**
 * The identity-audit export: records in log order, each carrying the hash of
 * the one before it. The first row opens the export (practice and period),
 * the last closes it (how many records): a row changed, removed, reordered or
 * cut off breaks the chain at the first row affected.
 */
export interface ExportRow {
  seq: number;
  at: string;
  type: string;
  patientId: string;
  actor: string;
  identityStatus: string;
  summary: string;
  /** Canonical JSON (sorted keys) of the event's details. */
  details: string;
  prevHash: string;
  hash: string;
}
