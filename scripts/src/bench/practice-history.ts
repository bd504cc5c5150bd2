import { randomUUID } from 'node:crypto';
import type { EventStore } from '@pi/event-store';
import { HistoryLog } from './history-log.js';
import { DAY, invitationStory, iso, signupStory, viewStory, type Practice } from './history-stories.js';

/**
 * A realistic practice history for benchmarks: links and staff, page views
 * (a fifth of them automated; typed, scanned and invitation visits), sign-ups
 * (some resend or mistype the code, most verify and connect, then message),
 * and invitations with every outcome (delivered, failed, opted out, opened,
 * resent, accepted, revoked, expired) — day after day, in the order a real log
 * has them, until `total` events are written. A second, smaller practice
 * shares the log. Pseudo-random with a fixed seed: every run writes the same mix.
 */
export interface PracticeHistory {
  events: number;
  practiceId: string;
  links: number;
  byType: Record<string, number>;
}

export async function writePracticeHistory(
  store: EventStore,
  total: number,
  options: { start?: string; onProgress?: (written: number) => void } = {},
): Promise<PracticeHistory> {
  const log = new HistoryLog(store, 20261201, options.onProgress);
  const practices: Practice[] = [
    { practiceId: randomUUID(), links: [], staff: [], weight: 0.9 },
    { practiceId: randomUUID(), links: [], staff: [], weight: 0.1 },
  ];
  const start = Date.parse(options.start ?? '2026-01-05T00:00:00Z');
  const written = () => log.written;

  // The practices, their staff and links.
  for (const practice of practices) {
    const { practiceId } = practice;
    await log.emit(`practice-${practiceId}`, practiceId, 'system:provisioning', [
      {
        type: 'PracticeRegistered',
        data: { practiceId, name: 'Bench Clinic', defaultCountry: 'US', registeredAt: iso(start) },
        at: start,
      },
    ]);
    for (let i = 0; i < 12; i++) {
      const staffId = randomUUID();
      practice.staff.push(staffId);
      await log.emit(`staff-${staffId}`, practiceId, 'system:provisioning', [
        {
          type: 'StaffMemberAdded',
          data: {
            staffId,
            practiceId,
            name: `Staff ${i}`,
            email: `s${i}@bench.example`,
            role: i === 0 ? 'admin' : 'staff',
            addedAt: iso(start),
          },
          at: start,
        },
      ]);
    }
    for (let i = 0; i < 6; i++) {
      const linkId = randomUUID();
      practice.links.push(linkId);
      await log.emit(`link-${linkId}`, practiceId, practice.staff[0], [
        {
          type: 'LinkCreated',
          data: { linkId, practiceId, label: `Link ${i}`, slug: `bench-${linkId.slice(0, 8)}`, createdAt: iso(start) },
          at: start,
        },
      ]);
    }
  }

  for (let day = 0; written() < total; day++) {
    for (const practice of practices) {
      const stories = Math.round(60 * practice.weight);
      for (let s = 0; s < stories && written() < total; s++) {
        const at = start + day * DAY + Math.floor(log.random() * DAY);
        if (log.chance(0.35)) {
          await invitationStory(log, practice, at);
        } else {
          const linkId = log.pick(practice.links);
          const source = log.chance(0.4) ? 'qr' : 'link';
          const automated = await viewStory(log, practice, linkId, at, source);
          if (!automated && log.chance(0.25)) await signupStory(log, practice, linkId, at + 30_000, source, null);
        }
      }
    }
  }
  await log.flush();
  return {
    events: log.written,
    practiceId: practices[0].practiceId,
    links: practices[0].links.length,
    byType: log.byType,
  };
}
