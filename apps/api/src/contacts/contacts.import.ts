import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ContactAlreadyExists, DomainError, DuplicateContact, emailMatchKey, parsePhone, requireTag } from '@pi/domain';
import type { EventStore } from '@pi/event-store';
import { parse } from 'csv-parse/sync';
import { isEmail } from 'class-validator';
import { MalformedCsv, MissingColumns, TooManyRows } from './import.errors.js';
import { type CommandContext, CommandExecutor, EVENT_STORE } from '@pi/application';
import { practiceCountry } from '../practice/practice-country.js';
import { CreateContactCommand } from './contacts.commands.js';

export const MAX_IMPORT_ROWS = 5000;

export interface ImportReport {
  rows: number;
  accepted: { line: number; contactId: string }[];
  duplicates: {
    line: number;
    existingContactId: string;
    matchedOn: 'phone' | 'email' | 'same row imported before' | 'earlier row of this file';
    duplicateOfLine?: number;
  }[];
  rejected: { line: number; reason: string }[];
  position: string;
}

interface Row {
  line: number;
  name: string;
  phone: string;
  email: string;
  tags: string;
}

/** A stable contact id per practice, file and line: sending the same file again creates nothing twice. */
function importedContactId(practiceId: string, fileHash: string, line: number): string {
  const hex = createHash('sha256').update(`${practiceId}|${fileHash}|${line}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * CSV import of contacts (header: name, phone, email, tags; tags separated by
 * ';' or '|'). Every row is checked on its own: a bad row is reported with its
 * line number and never blocks the good ones.
 */
@Injectable()
export class ContactImport {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  async import(csv: string, context: CommandContext): Promise<ImportReport> {
    const rows = this.parse(csv);
    const defaultCountry = await practiceCountry(this.executor, context.practiceId);
    const head = (await this.events.head())?.position ?? null;

    const fileHash = createHash('sha256').update(csv).digest('hex');
    const report: ImportReport = {
      rows: rows.length,
      accepted: [],
      duplicates: [],
      rejected: [],
      position: (head ?? 0n).toString(),
    };
    const seen = new Map<string, number>();
    for (const row of rows) {
      const phoneText = row.phone.trim();
      const email = row.email.trim();
      if (!row.name.trim() && !phoneText && !email) {
        report.rejected.push({ line: row.line, reason: 'needs at least one of name, phone, email' });
        continue;
      }
      const phone = phoneText ? parsePhone(phoneText, defaultCountry) : null;
      if (phoneText && !phone) {
        report.rejected.push({ line: row.line, reason: 'phone is not a phone number we can read' });
        continue;
      }
      if (email && !isEmail(email)) {
        report.rejected.push({ line: row.line, reason: 'email is not an email address' });
        continue;
      }
      let tags: string[];
      try {
        tags = row.tags
          .split(/[;|]/)
          .map((t) => t.trim())
          .filter(Boolean)
          .map(requireTag);
      } catch (error) {
        report.rejected.push({
          line: row.line,
          reason: error instanceof DomainError ? error.message : 'tags are not valid',
        });
        continue;
      }
      const keys = [phone ? `p:${phone.e164}` : null, email ? `e:${emailMatchKey(email)}` : null].filter(
        (k): k is string => k !== null,
      );
      const earlier = keys.map((k) => seen.get(k)).find((line) => line !== undefined);
      if (earlier !== undefined) {
        const existing =
          report.accepted.find((a) => a.line === earlier)?.contactId ??
          report.duplicates.find((d) => d.line === earlier)?.existingContactId ??
          '';
        report.duplicates.push({
          line: row.line,
          existingContactId: existing,
          matchedOn: 'earlier row of this file',
          duplicateOfLine: earlier,
        });
        continue;
      }
      for (const key of keys) seen.set(key, row.line);
      const contactId = importedContactId(context.practiceId, fileHash, row.line);
      const name = row.name.trim() || email || phoneText;
      try {
        const created = await this.commands.execute(
          // The address book's phone and email keys decide what is a duplicate, as for a single contact.
          new CreateContactCommand(
            { contactId, name, phone: phoneText || null, email: email || null, tags, source: 'import' },
            context,
          ),
        );
        report.accepted.push({ line: row.line, contactId });
        if (created.position !== null) report.position = created.position.toString();
      } catch (error) {
        if (error instanceof DuplicateContact)
          report.duplicates.push({
            line: row.line,
            existingContactId: String(error.details.existingContactId),
            matchedOn: error.details.matchedOn as 'phone' | 'email',
          });
        else if (error instanceof ContactAlreadyExists)
          report.duplicates.push({
            line: row.line,
            existingContactId: contactId,
            matchedOn: 'same row imported before',
          });
        else if (error instanceof DomainError) report.rejected.push({ line: row.line, reason: error.message });
        else throw error;
      }
    }
    return report;
  }

  private parse(csv: string): Row[] {
    let records: { record: Record<string, string>; info: { lines: number } }[];
    try {
      records = parse<Record<string, string>>(csv, {
        columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
        skip_empty_lines: true,
        trim: false,
        bom: true,
        relax_column_count: true,
        info: true,
      }) as unknown as { record: Record<string, string>; info: { lines: number } }[];
    } catch (error) {
      // The parser's message quotes the text it choked on (names, phones): say where, never what.
      throw new MalformedCsv((error as { lines?: number }).lines ?? null);
    }
    if (records.length > MAX_IMPORT_ROWS) throw new TooManyRows(MAX_IMPORT_ROWS);
    const columns = Object.keys(records[0]?.record ?? {});
    if (records.length && !columns.some((c) => ['name', 'phone', 'email'].includes(c))) {
      throw new MissingColumns();
    }
    return records.map(({ record, info }) => ({
      line: info.lines,
      name: record.name ?? '',
      phone: record.phone ?? '',
      email: record.email ?? '',
      tags: record.tags ?? '',
    }));
  }
}
