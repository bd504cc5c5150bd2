import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DomainEvent } from '@pi/domain';
import { openSqliteDatabase, SqliteEventStore } from '@pi/event-store/sqlite';
import { type ExpectedRevision, type NewEvent } from '@pi/event-store';
import {
  accessHistoryProjection,
  accessNow,
  conversationsProjection,
  countInbox,
  inboxItems,
  inboxWhere,
  linksProjection,
  listInbox,
  patientConnectionsProjection,
  readableBy,
  staffDirectoryProjection,
  teamsProjection,
  type ConversationDoc,
  type InboxFilter,
} from '@pi/projections';
import { ProjectionEngine, rebuildProjection } from '@pi/read-store';
import { SqliteDocumentStore } from '@pi/read-store/sqlite';

const LINKS = 20;
const TEAMS = 5;

function percentile(sorted: number[], p: number): number {
  return Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(3));
}
const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: percentile(sorted, 100) };
};

/**
 * An inbox page and its counts at `conversations` conversations and `staff`
 * staff in one practice: 20 links (some without an owner, some owned by a
 * person or one of 5 teams, with additional members, a member removed),
 * a third of the conversations auto-assigned, most with a message. Beside
 * it, the floor: the same page without the access rule (one indexed query).
 */
export async function inboxBench(conversations: number, staffCount: number, pages: number) {
  const dir = mkdtempSync(join(tmpdir(), 'pi-bench-inbox-'));
  const db = openSqliteDatabase(join(dir, 'inbox.sqlite'));
  try {
    const events = new SqliteEventStore(db);
    const practiceId = randomUUID();
    const base = Date.parse('2026-01-01T00:00:00.000Z');
    let tick = 0;
    const at = () => new Date(base + tick++ * 1000).toISOString();
    const metadata = { practiceId, actor: 'bench', correlationId: 'bench', causationId: 'bench', occurredAt: at() };
    const revisions = new Map<string, number>();
    let pending: { streamId: string; event: NewEvent; expected: ExpectedRevision }[] = [];
    const flush = async () => {
      await Promise.all(pending.map(({ streamId, event, expected }) => events.append(streamId, [event], expected)));
      pending = [];
    };
    const record = async (streamId: string, event: DomainEvent<string, object>) => {
      const revision = revisions.get(streamId);
      pending.push({
        streamId,
        expected: revision === undefined ? 'no_stream' : revision,
        event: { id: randomUUID(), type: event.type, data: event.data, metadata },
      });
      revisions.set(streamId, (revision ?? -1) + 1);
      if (pending.length >= 5000) await flush();
    };

    const staff = Array.from({ length: staffCount }, () => randomUUID());
    for (const [i, staffId] of staff.entries())
      await record(`staff-${staffId}`, {
        type: 'StaffMemberAdded',
        data: { staffId, practiceId, name: `Staff ${i}`, email: `s${i}@bench.example`, role: 'staff', addedAt: at() },
      });
    const teams = Array.from({ length: TEAMS }, () => randomUUID());
    for (const [t, teamId] of teams.entries()) {
      await record(`team-${teamId}`, {
        type: 'TeamCreated',
        data: { teamId, practiceId, name: `Team ${t}`, createdAt: at() },
      });
      for (let m = 0; m < 6; m++)
        await record(`team-${teamId}`, {
          type: 'TeamMemberAdded',
          data: { teamId, staffId: staff[(t * 6 + m) % staffCount], addedAt: at() },
        });
    }
    const links = Array.from({ length: LINKS }, () => randomUUID());
    for (const [l, linkId] of links.entries()) {
      const stream = `link-${linkId}`;
      await record(stream, {
        type: 'LinkCreated',
        data: { linkId, practiceId, label: `Link ${l}`, slug: `bench-${l}`, createdAt: at() },
      });
      if (l % 4 === 0) continue; // a quarter without an owner
      const owner =
        l % 2 ? { type: 'team' as const, id: teams[l % TEAMS] } : { type: 'staff' as const, id: staff[l % staffCount] };
      await record(stream, { type: 'OwnerChanged', data: { linkId, owner, previousOwner: null, changedAt: at() } });
      await record(stream, {
        type: 'AutoAssignChanged',
        data: { linkId, enabled: true, reason: 'requested', changedAt: at() },
      });
      for (let m = 1; m <= 3; m++)
        await record(stream, {
          type: 'MemberAdded',
          data: { linkId, staffId: staff[(l * 3 + m) % staffCount], addedAt: at() },
        });
    }
    const owners = new Map<string, { type: 'staff' | 'team'; id: string } | null>();
    links.forEach((linkId, l) =>
      owners.set(
        linkId,
        l % 4 === 0
          ? null
          : l % 2
            ? { type: 'team', id: teams[l % TEAMS] }
            : { type: 'staff', id: staff[l % staffCount] },
      ),
    );
    for (let c = 0; c < conversations; c++) {
      const conversationId = randomUUID();
      const linkId = links[c % LINKS];
      const stream = `conversation-${conversationId}`;
      const startedAt = at();
      await record(stream, {
        type: 'ConversationStarted',
        data: {
          conversationId,
          practiceId,
          patientId: randomUUID(),
          contactId: randomUUID(),
          linkId,
          via: c % 10 === 0 ? 'invitation' : 'link',
          tags: c % 3 === 0 ? ['Flu'] : ['New patient'],
          startedAt,
        },
      });
      const owner = owners.get(linkId);
      if (owner && c % 3 === 0)
        await record(stream, {
          type: 'ConversationAssigned',
          data: { conversationId, practiceId, assignee: owner, reason: 'auto_assign', assignedAt: startedAt },
        });
      if (c % 5 !== 0) {
        await record(stream, {
          type: 'MessagePosted',
          data: {
            conversationId,
            practiceId,
            messageId: randomUUID(),
            author: { type: 'patient', id: randomUUID() },
            text: 'I would like to book a visit next week, please.',
            postedAt: at(),
          },
        });
        // Diligent readers: ten people have each read a tenth of the messages (the unread counts' hard case).
        if (c % 2 === 0)
          await record(stream, {
            type: 'ConversationRead',
            data: { conversationId, practiceId, staffId: staff[c % 10], readAt: at() },
          });
      }
    }
    // One member leaves a link: they keep its earlier conversations (the hard case of the access rule).
    await record(`link-${links[1]}`, {
      type: 'MemberRemoved',
      data: { linkId: links[1], staffId: staff[4], removedAt: at() },
    });
    await flush();

    const store = new SqliteDocumentStore(db);
    const projections = [
      conversationsProjection,
      accessHistoryProjection,
      linksProjection,
      teamsProjection,
      staffDirectoryProjection,
      patientConnectionsProjection,
    ];
    const started = performance.now();
    for (const projection of projections) await rebuildProjection(projection, events, store, { batchSize: 5000 });
    const buildSeconds = (performance.now() - started) / 1000;
    const engine = new ProjectionEngine(events, store, projections, { runProjections: false });
    await engine.start();

    const who = (i: number) => staff[i % 2 === 0 ? i % 10 : (i * 7) % staffCount];
    const views: InboxFilter['view'][] = [{ kind: 'main' }, { kind: 'mine' }, { kind: 'all' }];
    const page: number[] = [];
    const counts: number[] = [];
    const floor: number[] = [];
    let rows = 0;
    const onePage = async (i: number) => {
      const staffId = who(i);
      const access = await accessNow(engine, practiceId);
      const where = inboxWhere(practiceId, staffId, { view: views[i % views.length], status: 'open' });
      const found = await listInbox(engine, readableBy(access, staffId), where, { limit: 50 });
      rows += found.items.length;
      await inboxItems(engine, practiceId, staffId, found.items);
    };
    for (let i = 0; i < 20; i++) await onePage(i); // warm-up
    for (let i = 0; i < pages; i++) {
      let t = performance.now();
      await onePage(i);
      page.push(performance.now() - t);
      t = performance.now();
      await engine.find<ConversationDoc>(conversationsProjection.name, {
        where: { practiceId, status: 'open' },
        sort: { field: 'activityAt', direction: 'desc' },
        limit: 50,
      });
      floor.push(performance.now() - t);
      if (i % 10 === 0) {
        t = performance.now();
        const staffId = who(i);
        const access = await accessNow(engine, practiceId);
        for (const view of views)
          await countInbox(engine, access, staffId, inboxWhere(practiceId, staffId, { view, status: 'open' }));
        counts.push(performance.now() - t);
      }
    }
    await engine.stop();
    const inboxPage = stats(page);
    return {
      name: 'inbox',
      conversations,
      staff: staffCount,
      links: LINKS,
      pages,
      readModelBuild: { seconds: Number(buildSeconds.toFixed(2)) },
      averageRowsPerPage: Number((rows / (pages + 20)).toFixed(1)),
      inboxPage,
      countsMainMineAll: stats(counts),
      floorUnfilteredPage: stats(floor),
      ratioToFloorP50: Number((inboxPage.p50Ms / Math.max(0.001, stats(floor).p50Ms)).toFixed(2)),
      targets: { pageP99Ms: 10, met: inboxPage.p99Ms < 10 },
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
