import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JwtCodec, loadConfig, resolveJwtSecret } from '@pi/application';
import { startApp, type RunningApp } from './create-app.js';

describe('logs', () => {
  const lines: string[] = [];
  let running: RunningApp;
  let dataDir: string;
  let token: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pi-logs-'));
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    running = await startApp(loadConfig({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'debug' }), {
      logDestination: sink,
    });
    const demo = running.demo!.practice;
    token = await new JwtCodec(resolveJwtSecret(null, dataDir)).sign({
      staffId: demo.staff.admin,
      practiceId: demo.practiceId,
      roles: ['admin'],
    });
  });
  afterAll(async () => {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("logs Nest's start-up chatter (a line per module and route) at debug, so the start banner is not buried at info", () => {
    const mapped = lines
      .map((line) => JSON.parse(line) as { level: number; context?: string; msg: string })
      .filter((l) => l.context === 'RouterExplorer');
    expect(mapped.length, 'routes are still logged, at debug').toBeGreaterThan(10);
    expect(mapped.every((l) => l.level === 20)).toBe(true);
  });

  it('record each request as structured JSON without names, emails, phones, tokens or query strings', async () => {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    await fetch(`${running.url}/v1/staff`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Zelda Quartermaine', email: 'zelda.q@secret-mail.example', role: 'staff' }),
    });
    await fetch(`${running.url}/v1/practice/profile`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ phone: '(415) 555-0199' }),
    });
    await fetch(`${running.url}/v1/staff?cursor=Zelda-4155550199`, { headers });
    await fetch(`${running.url}/v1/staff`, { method: 'POST', headers, body: '{"name": "Zelda Quartermaine", broken' });
    // A secure message's text, to a conversation that does not exist and blank: neither is logged or echoed.
    await fetch(`${running.url}/v1/conversations/no-such/messages`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ text: 'Zelda biopsy results are in' }),
    });
    await new Promise((r) => setTimeout(r, 200));
    const text = lines.join('\n');
    expect(lines.some((line) => JSON.parse(line).req?.path === '/v1/staff')).toBe(true);
    for (const secret of [
      'Zelda',
      'Quartermaine',
      'zelda.q',
      'secret-mail',
      '555-0199',
      '4155550199',
      'biopsy',
      token.slice(-20),
    ])
      expect(text).not.toContain(secret);
  });

  it("keeps an error's type and frames but never its message, in the stack too", async () => {
    const { redactedError } = await import('./logging.js');
    const logged = redactedError(new Error('No contact named Jane Doe at +14155550100'));
    expect(JSON.stringify(logged)).not.toMatch(/Jane|4155550100/);
    expect(logged).toMatchObject({ type: 'Error', message: '[redacted]' });
    expect(String(logged.stack)).toMatch(/^\s+at /);
  });
});
