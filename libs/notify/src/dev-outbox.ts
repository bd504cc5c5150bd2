import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import nodemailer from 'nodemailer';
import { unsubscribeHeaders, type EmailSender, type OutgoingEmail } from './email.port.js';
import { shredFile } from './shred-file.js';
import type { OutgoingSms, SmsSender } from './sms.port.js';

export interface OutboxEntry {
  key: string;
  /** The practice whose outbox shows it; null: a recipient's own secret (a code), shown to the platform's operators only. */
  practiceId: string | null;
  channel: 'sms' | 'email';
  to: string;
  subject: string | null;
  text: string;
  sentAt: string;
}

/** What an erasure scrubs from the outbox: messages carrying these subjects' values, or sent to these addresses. */
export interface OutboxErasure {
  subjects: readonly string[];
  addresses: readonly string[];
}

/** Sign-up codes and invitation links are secrets: the outbox keeps them a day, then forgets them. */
export const OUTBOX_RETENTION_MS = 24 * 3600 * 1000;

/**
 * The embedded profile's "sent" folder: nothing leaves the machine. Emails are
 * written as .eml files (open them in any mail program, readable by their
 * owner only) and every message is listed, per practice, in a table that
 * tests and GET /dev/outbox read. Sending the same key twice keeps the first.
 * A patient's codes are listed under no practice: only the platform's
 * operators read them, so no practice can sign in as a patient by reading
 * the code it asked to be texted. Erasing a subject scrubs its messages
 * (rows overwritten in place, files overwritten and unlinked).
 */
export class DevOutbox {
  private readonly insert;
  private readonly list;
  private readonly purge;
  private readonly erasable;
  private readonly remove;
  /** Builds the .eml text; one for the outbox's life, not one per message. */
  private readonly mime = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(
    private readonly db: Database,
    private readonly emailDir: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    // Deleted rows are overwritten, not left in free pages: the outbox holds names, addresses and codes.
    db.pragma('secure_delete = ON');
    // A table from before messages named their subjects is dropped: it held a day of test messages at most.
    const columns = db.prepare("SELECT name FROM pragma_table_info('dev_outbox')").all() as { name: string }[];
    if (columns.length && !columns.some((c) => c.name === 'data_subjects')) db.exec('DROP TABLE dev_outbox');
    db.exec(`CREATE TABLE IF NOT EXISTS dev_outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, practice_id TEXT, channel TEXT NOT NULL, recipient TEXT NOT NULL,
      subject TEXT, body TEXT NOT NULL, sent_at TEXT NOT NULL, data_subjects TEXT NOT NULL, file TEXT);
      CREATE INDEX IF NOT EXISTS dev_outbox_practice ON dev_outbox (practice_id, seq);
      CREATE INDEX IF NOT EXISTS dev_outbox_sent_at ON dev_outbox (sent_at)`);
    this.insert = db.prepare(
      'INSERT OR IGNORE INTO dev_outbox (key, practice_id, channel, recipient, subject, body, sent_at, data_subjects) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.list = db.prepare(
      'SELECT key, practice_id AS practiceId, channel, recipient AS "to", subject, body AS text, sent_at AS sentAt FROM dev_outbox WHERE practice_id IS ? AND sent_at >= ? ORDER BY seq DESC LIMIT ?',
    );
    this.purge = db.prepare('SELECT seq, file FROM dev_outbox WHERE sent_at < ?');
    this.erasable = db.prepare(
      `SELECT seq, file FROM dev_outbox WHERE lower(recipient) IN (SELECT lower(value) FROM json_each(?))
         OR EXISTS (SELECT 1 FROM json_each(data_subjects) s WHERE s.value IN (SELECT value FROM json_each(?)))`,
    );
    this.remove = db.prepare('DELETE FROM dev_outbox WHERE seq = ?');
  }

  private cutoff(): string {
    return new Date(this.now().getTime() - OUTBOX_RETENTION_MS).toISOString();
  }

  /** One practice's messages of the last 24 hours, newest first; null: the patients' codes (operators only). */
  entries(practiceId: string | null, limit = 100): OutboxEntry[] {
    return this.list.all(practiceId, this.cutoff(), limit) as OutboxEntry[];
  }

  /** Scrubs every message that carries an erased subject's values or went to an erased address; answers how many. */
  erase(erasure: OutboxErasure): number {
    const rows = this.erasable.all(JSON.stringify(erasure.addresses), JSON.stringify(erasure.subjects)) as Row[];
    this.drop(rows);
    // The write-ahead log held the rows too: copy it back and empty it.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return rows.length;
  }

  private drop(rows: Row[]): void {
    for (const row of rows) {
      if (row.file) shredFile(join(this.emailDir, row.file));
      this.remove.run(row.seq);
    }
  }

  record(entry: Omit<OutboxEntry, 'sentAt'>, dataSubjects: readonly string[]): boolean {
    this.drop(this.purge.all(this.cutoff()) as Row[]);
    return (
      this.insert.run(
        entry.key,
        entry.practiceId,
        entry.channel,
        entry.to,
        entry.subject,
        entry.text,
        this.now().toISOString(),
        JSON.stringify(dataSubjects),
      ).changes === 1
    );
  }

  readonly sms: SmsSender = {
    send: async (sms: OutgoingSms) => {
      this.record(
        { key: sms.key, practiceId: sms.practiceId, channel: 'sms', to: sms.to, subject: null, text: sms.text },
        sms.dataSubjects,
      );
      return { providerId: `outbox:${sms.key}` };
    },
  };

  readonly email: EmailSender = {
    send: async (email: OutgoingEmail) => {
      const entry = {
        key: email.key,
        practiceId: email.practiceId,
        channel: 'email' as const,
        to: email.to,
        subject: email.subject,
        text: email.text,
      };
      if (this.record(entry, email.dataSubjects)) {
        const info = await this.mime.sendMail({
          from: { name: email.fromName, address: 'invites@localhost' },
          to: email.to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          headers: unsubscribeHeaders(email),
        });
        mkdirSync(this.emailDir, { recursive: true, mode: 0o700 });
        const file = `${this.now().toISOString().replaceAll(':', '-')}-${email.key}.eml`;
        writeFileSync(join(this.emailDir, file), info.message as Buffer, { mode: 0o600 });
        this.db.prepare('UPDATE dev_outbox SET file = ? WHERE key = ?').run(file, email.key);
      }
      return { providerId: `outbox:${email.key}` };
    },
  };
}

interface Row {
  seq: number;
  file: string | null;
}
