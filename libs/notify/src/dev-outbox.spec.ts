import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DevOutbox } from './dev-outbox.js';
import { smsSegments } from './sms-segments.js';

describe('embedded outbox', () => {
  let dir: string;
  let db: Database.Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pi-outbox-'));
    db = new Database(join(dir, 'db.sqlite'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps SMS and email newest first, writes each email as an .eml file, and sends a key once', async () => {
    let clock = Date.parse('2026-11-26T10:00:00Z');
    const outbox = new DevOutbox(db, join(dir, 'email'), () => new Date((clock += 1000)));
    await outbox.sms.send({ key: 'k1', to: '+14155550100', text: 'Hello by text' });
    await outbox.email.send({ key: 'k2', to: 'jane@example.com', fromName: 'Brown Clinic', subject: 'Invitation', text: 'Hello by mail', html: '<p>Hello by mail</p>' });
    await outbox.sms.send({ key: 'k1', to: '+14155550100', text: 'Hello by text' });
    expect(outbox.entries().map((e) => [e.key, e.channel, e.to, e.subject, e.text])).toEqual([
      ['k2', 'email', 'jane@example.com', 'Invitation', 'Hello by mail'],
      ['k1', 'sms', '+14155550100', null, 'Hello by text'],
    ]);
    const files = readdirSync(join(dir, 'email'));
    expect(files).toHaveLength(1);
    const eml = readFileSync(join(dir, 'email', files[0]!), 'utf8');
    expect(eml).toMatch(/^From: Brown Clinic <invites@localhost>/m);
    expect(eml).toMatch(/text\/html/);
  });
});

describe('SMS segments', () => {
  it('counts GSM-7 and UCS-2 texts the way carriers bill them', () => {
    expect(smsSegments('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(smsSegments('a'.repeat(161))).toMatchObject({ segments: 2 });
    expect(smsSegments('[]'.repeat(40))).toMatchObject({ units: 160, segments: 1 });
    expect(smsSegments('Zoë 👋')).toMatchObject({ encoding: 'UCS-2', segments: 1 });
    expect(smsSegments('ё'.repeat(71))).toMatchObject({ encoding: 'UCS-2', segments: 2 });
  });
});
