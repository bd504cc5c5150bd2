import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startTestApp } from '@pi/api/testing';
import { describe, expect, it } from 'vitest';

const projectorMain = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('background work in the projector', () => {
  it('delivers invitations from the projector process when the API leaves delivery to it', async () => {
    const api = await startTestApp({ RUN_DELIVERY: 'false', RUN_PROJECTIONS: 'false' });
    const projector = spawn(process.execPath, [projectorMain], {
      env: {
        ...process.env,
        DATA_DIR: api.config.dataDir,
        PROJECTOR_DELIVERY: 'true',
        LOG_LEVEL: 'silent',
        STATUS_EVERY_MS: '60000',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      expect(api.running.expiry).toBeNull();
      const link = await api.request('POST', '/v1/links', { body: { label: 'Split', slug: 'split-clinic' } });
      expect(link.status).toBe(201);
      const sent = await api.request('POST', '/v1/invitations', {
        body: { linkId: link.body.id, contact: { name: 'Jane Doe', email: 'jane@example.com' } },
      });
      expect(sent.status, sent.text).toBe(201);
      let delivered = false;
      for (let i = 0; i < 200 && !delivered; i++) {
        const events = await api.running.runtime.events.readStream(`invitation-${sent.body.id}`);
        delivered = events.some((e) => e.type === 'InviteDelivered');
        if (!delivered) await new Promise((r) => setTimeout(r, 50));
      }
      expect(delivered).toBe(true);
      const outbox = await api.request('GET', '/dev/outbox');
      expect(outbox.body.items.filter((m: { to: string }) => m.to === 'jane@example.com')).toHaveLength(1);
    } finally {
      projector.kill('SIGTERM');
      await api.close();
    }
  });
});
