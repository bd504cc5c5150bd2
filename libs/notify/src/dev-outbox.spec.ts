import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
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
    await outbox.sms.send({ key: 'k1', to: '+14155550100', text: 'Hello by text', practiceId: 'p1', dataSubjects: [] });
    await outbox.email.send({
      key: 'k2',
      to: 'jane@example.com',
      fromName: 'Brown Clinic',
      subject: 'Invitation',
      text: 'Hello by mail',
      html: '<p>Hello by mail</p>',
      practiceId: 'p1',
      dataSubjects: [],
    });
    await outbox.sms.send({ key: 'k1', to: '+14155550100', text: 'Hello by text', practiceId: 'p1', dataSubjects: [] });
    expect(outbox.entries('p1').map((e) => [e.key, e.channel, e.to, e.subject, e.text])).toEqual([
      ['k2', 'email', 'jane@example.com', 'Invitation', 'Hello by mail'],
      ['k1', 'sms', '+14155550100', null, 'Hello by text'],
    ]);
    const files = readdirSync(join(dir, 'email'));
    expect(files).toHaveLength(1);
    const eml = readFileSync(join(dir, 'email', files[0]), 'utf8');
    expect(eml).toMatch(/^From: Brown Clinic <invites@localhost>/m);
    expect(eml).toMatch(/text\/html/);
    expect(statSync(join(dir, 'email', files[0])).mode & 0o077).toBe(0);
  });

  it("lists only the asking practice's messages", async () => {
    const outbox = new DevOutbox(db, join(dir, 'email'));
    await outbox.sms.send({ key: 'a', to: '+14155550100', text: 'for A', practiceId: 'pA', dataSubjects: [] });
    await outbox.sms.send({ key: 'b', to: '+14155550101', text: 'for B', practiceId: 'pB', dataSubjects: [] });
    expect(outbox.entries('pA').map((e) => e.text)).toEqual(['for A']);
    expect(outbox.entries('pB').map((e) => e.text)).toEqual(['for B']);
  });

  it('forgets messages after 24 hours and purges them from the database', async () => {
    let now = Date.parse('2026-11-26T10:00:00Z');
    const outbox = new DevOutbox(db, join(dir, 'email'), () => new Date(now));
    await outbox.sms.send({ key: 'old', to: '+14155550100', text: 'code 123456', practiceId: 'p1', dataSubjects: [] });
    now += 23 * 3600 * 1000;
    expect(outbox.entries('p1')).toHaveLength(1);
    now += 2 * 3600 * 1000;
    expect(outbox.entries('p1')).toEqual([]);
    await outbox.sms.send({ key: 'new', to: '+14155550100', text: 'code 654321', practiceId: 'p1', dataSubjects: [] });
    expect(db.prepare('SELECT key FROM dev_outbox').all()).toEqual([{ key: 'new' }]);
  });

  it("lists a recipient's own secret (a code) under no practice, even the one that asked for it", async () => {
    const outbox = new DevOutbox(db, join(dir, 'email'));
    await outbox.sms.send({
      key: 'c',
      to: '+14155550100',
      text: '123456 is your code',
      practiceId: null,
      dataSubjects: [],
    });
    await outbox.sms.send({ key: 'i', to: '+14155550100', text: 'an invitation', practiceId: 'p1', dataSubjects: [] });
    expect(outbox.entries('p1').map((e) => e.text)).toEqual(['an invitation']);
    expect(outbox.entries(null).map((e) => e.text)).toEqual(['123456 is your code']);
  });

  it("scrubs an erased subject's messages and every message to an erased address, rows and files, leaving no trace in the file", async () => {
    const outbox = new DevOutbox(db, join(dir, 'email'));
    const email = (key: string, to: string, dataSubjects: string[]) =>
      outbox.email.send({
        key,
        to,
        fromName: 'Clinic',
        subject: 'Hi',
        text: `Dear Zebulon ${key}`,
        html: '<p>Hi</p>',
        practiceId: 'p1',
        dataSubjects,
      });
    await email('e1', 'zeb@example.com', ['invitation:i1']);
    await email('e2', 'other@example.com', ['invitation:i2']);
    await outbox.sms.send({
      key: 's1',
      to: '+14155550177',
      text: '424242 is your code',
      practiceId: null,
      dataSubjects: ['verification:v1'],
    });
    await outbox.sms.send({
      key: 's2',
      to: '+14155550188',
      text: 'Zebulon, join us',
      practiceId: 'p1',
      dataSubjects: ['invitation:i3'],
    });
    expect(outbox.erase({ subjects: ['invitation:i1', 'verification:v1'], addresses: ['+14155550188'] })).toBe(3);
    expect(outbox.entries('p1').map((e) => e.key)).toEqual(['e2']);
    expect(outbox.entries(null)).toEqual([]);
    expect(readdirSync(join(dir, 'email'))).toHaveLength(1);
    db.close();
    const bytes = readFileSync(join(dir, 'db.sqlite')).toString('latin1');
    for (const value of ['zeb@example.com', 'Zebulon e1', '424242', '+14155550177', '14155550188', 'Zebulon, join'])
      expect(bytes.includes(value), value).toBe(false);
    db = new Database(join(dir, 'db.sqlite'));
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
