import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import nodemailer from 'nodemailer';
import type { EmailSender, OutgoingEmail } from './email.port.js';
import type { OutgoingSms, SmsSender } from './sms.port.js';

export interface OutboxEntry {
  key: string;
  channel: 'sms' | 'email';
  to: string;
  subject: string | null;
  text: string;
  sentAt: string;
}

/**
 * The embedded profile's "sent" folder: nothing leaves the machine. Emails are
 * written as .eml files (open them in any mail program) and every message is
 * listed in a table that tests and GET /dev/outbox read. Sending the same key
 * twice keeps the first.
 */
export class DevOutbox {
  private readonly insert;
  private readonly list;
  /** Builds the .eml text; one for the outbox's life, not one per message. */
  private readonly mime = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(
    db: Database,
    private readonly emailDir: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS dev_outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, channel TEXT NOT NULL, recipient TEXT NOT NULL,
      subject TEXT, body TEXT NOT NULL, sent_at TEXT NOT NULL)`);
    this.insert = db.prepare('INSERT OR IGNORE INTO dev_outbox (key, channel, recipient, subject, body, sent_at) VALUES (?, ?, ?, ?, ?, ?)');
    this.list = db.prepare('SELECT key, channel, recipient AS "to", subject, body AS text, sent_at AS sentAt FROM dev_outbox ORDER BY seq DESC LIMIT ?');
  }

  /** Newest first. */
  entries(limit = 100): OutboxEntry[] {
    return this.list.all(limit) as OutboxEntry[];
  }

  record(entry: Omit<OutboxEntry, 'sentAt'>): boolean {
    return this.insert.run(entry.key, entry.channel, entry.to, entry.subject, entry.text, this.now().toISOString()).changes === 1;
  }

  readonly sms: SmsSender = {
    send: async (sms: OutgoingSms) => {
      this.record({ key: sms.key, channel: 'sms', to: sms.to, subject: null, text: sms.text });
      return { providerId: `outbox:${sms.key}` };
    },
  };

  readonly email: EmailSender = {
    send: async (email: OutgoingEmail) => {
      if (this.record({ key: email.key, channel: 'email', to: email.to, subject: email.subject, text: email.text })) {
        const info = await this.mime.sendMail({ from: { name: email.fromName, address: 'invites@localhost' }, to: email.to, subject: email.subject, text: email.text, html: email.html });
        mkdirSync(this.emailDir, { recursive: true });
        writeFileSync(join(this.emailDir, `${this.now().toISOString().replaceAll(':', '-')}-${email.key}.eml`), info.message as Buffer);
      }
      return { providerId: `outbox:${email.key}` };
    },
  };
}
