import { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, PinoNestLogger } from './logging.js';

/** Every shape in which the code logs through Nest's Logger (grep `logger.(warn|error|log)(`), as an operator reads it. */
describe('log lines, in every call shape the code uses', () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  beforeAll(() => Logger.overrideLogger(new PinoNestLogger(createLogger('debug', sink))));
  afterAll(() => Logger.overrideLogger(new Logger()));
  beforeEach(() => void lines.splice(0));

  const last = () => lines.at(-1)!;

  it('keeps the text of a warning given with its details, and names where it came from', () => {
    new Logger('UnfinishedWork').warn(
      { eventId: 'e-1', type: 'InviteSent', errorCode: 'contact-not-found' },
      'interrupted work no longer applies',
    );
    expect(last()).toMatchObject({
      level: 40,
      context: 'UnfinishedWork',
      msg: 'interrupted work no longer applies',
      eventId: 'e-1',
      type: 'InviteSent',
      errorCode: 'contact-not-found',
    });
  });

  it('keeps the text of an error given with its details, and the error code of the error it carries', () => {
    const error = Object.assign(new Error('disk full while writing Ada Lovelace'), { code: 'SQLITE_FULL' });
    new Logger('ProblemFilter').error({ err: error, path: '/v1/contacts', method: 'POST' }, 'request failed');
    expect(last()).toMatchObject({ level: 50, context: 'ProblemFilter', msg: 'request failed', path: '/v1/contacts' });
    expect(last().err).toMatchObject({ type: 'Error', errorCode: 'SQLITE_FULL', message: '[redacted]' });
    expect(JSON.stringify(last())).not.toContain('Ada Lovelace');
  });

  it('logs a plain text with its context, and a text with no context', () => {
    new Logger('Periodic').log('background run finished');
    expect(last()).toMatchObject({ level: 30, context: 'Periodic', msg: 'background run finished' });
    Logger.warn('no context here');
    expect(last()).toMatchObject({ level: 40, msg: 'no context here' });
  });

  it("drops Nest's stack argument of error(text, stack, context): its first line repeats a message", () => {
    new Logger('ExceptionHandler').error('boot failed', 'Error: boot failed for ada@example.com\n    at x (y.js:1:1)');
    expect(last()).toMatchObject({ level: 50, context: 'ExceptionHandler', msg: 'boot failed' });
    expect(JSON.stringify(last())).not.toContain('ada@example.com');
  });

  it('redacts personal fields wherever they sit, and only those', () => {
    new Logger('Senders').warn(
      { to: '+14155550123', name: 'Ada', code: '123456', nested: { email: 'ada@example.com' }, attempts: 2 },
      'send failed',
    );
    const line = JSON.stringify(last());
    for (const value of ['+14155550123', '"Ada"', '123456', 'ada@example.com']) expect(line).not.toContain(value);
    expect(last()).toMatchObject({ msg: 'send failed', attempts: 2 });
  });
});
