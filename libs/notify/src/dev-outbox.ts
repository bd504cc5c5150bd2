import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import nodemailer from 'nodemailer';
import { unsubscribeHeaders, type EmailSender, type OutgoingEmail } from './email.port.js';
import type { OutgoingSms, SmsSender } from './sms.port.js';

export interface OutboxEntry {
  key: string;
  practiceId: string;
  channel: 'sms' | 'email';
  to: string;
  subject: string | null;
  text: string;
  sentAt: string;
}

/** Sign-up codes and invitation links are secrets: the outbox keeps them a day, then forgets them. */
export const OUTBOX_RETENTION_MS = 24 * 3600 * 1000;

/**
 * The embedded profile's "sent" folder: nothing leaves the machine. Emails are
 * written as .eml files (open them in any mail program, readable by their
 * owner only) and every message is listed, per practice, in a table that
 * tests and GET /dev/outbox read. Sending the same key twice keeps the first.
 */
export class DevOutbox {
  private readonly insert;
  private readonly list;
  private readonly purge;
  /** Builds the .eml text; one for the outbox's life, not one per message. */
  private readonly mime = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(
    db: Database,
    private readonly emailDir: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    // A table from before messages were kept per practice is dropped: it held a day of test messages at most.
    const columns = db.prepare("SELECT name FROM pragma_table_info('dev_outbox')").all() as { name: string }[];
    if (columns.length && !columns.some((c) => c.name === 'practice_id')) db.exec('DROP TABLE dev_outbox');
    db.exec(`CREATE TABLE IF NOT EXISTS dev_outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, practice_id TEXT NOT NULL, channel TEXT NOT NULL, recipient TEXT NOT NULL,
      subject TEXT, body TEXT NOT NULL, sent_at TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS dev_outbox_practice ON dev_outbox (practice_id, seq);
      CREATE INDEX IF NOT EXISTS dev_outbox_sent_at ON dev_outbox (sent_at)`);
    this.insert = db.prepare(
      'INSERT OR IGNORE INTO dev_outbox (key, practice_id, channel, recipient, subject, body, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.list = db.prepare(
      'SELECT key, practice_id AS practiceId, channel, recipient AS "to", subject, body AS text, sent_at AS sentAt FROM dev_outbox WHERE practice_id = ? AND sent_at >= ? ORDER BY seq DESC LIMIT ?',
    );
    this.purge = db.prepare('DELETE FROM dev_outbox WHERE sent_at < ?');
  }

  private cutoff(): string {
    return new Date(this.now().getTime() - OUTBOX_RETENTION_MS).toISOString();
  }

  /** One practice's messages of the last 24 hours, newest first. */
  entries(practiceId: string, limit = 100): OutboxEntry[] {
    return this.list.all(practiceId, this.cutoff(), limit) as OutboxEntry[];
  }

  record(entry: Omit<OutboxEntry, 'sentAt'>): boolean {
    this.purge.run(this.cutoff());
    return (
      this.insert.run(
        entry.key,
        entry.practiceId,
        entry.channel,
        entry.to,
        entry.subject,
        entry.text,
        this.now().toISOString(),
      ).changes === 1
    );
  }

  readonly sms: SmsSender = {
    send: async (sms: OutgoingSms) => {
      this.record({
        key: sms.key,
        practiceId: sms.practiceId,
        channel: 'sms',
        to: sms.to,
        subject: null,
        text: sms.text,
      });
      return { providerId: `outbox:${sms.key}` };
    },
  };

  readonly email: EmailSender = {
    send: async (email: OutgoingEmail) => {
      if (
        this.record({
          key: email.key,
          practiceId: email.practiceId,
          channel: 'email',
          to: email.to,
          subject: email.subject,
          text: email.text,
        })
      ) {
        const info = await this.mime.sendMail({
          from: { name: email.fromName, address: 'invites@localhost' },
          to: email.to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          headers: unsubscribeHeaders(email),
        });
        mkdirSync(this.emailDir, { recursive: true, mode: 0o700 });
        writeFileSync(
          join(this.emailDir, `${this.now().toISOString().replaceAll(':', '-')}-${email.key}.eml`),
          info.message as Buffer,
          { mode: 0o600 },
        );
      }
      return { providerId: `outbox:${email.key}` };
    },
  };
}
