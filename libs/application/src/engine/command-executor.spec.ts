import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlreadyTeamMember, NotATeamMember, streams, teamDecider, type TeamCommand } from '@pi/domain';
import type { EventStore } from '@pi/event-store';
import { PostgresEventStore } from '@pi/event-store/postgres';
import { dropSchema, freshSchema, testDatabaseUrl } from '@pi/event-store/postgres-testing';
import { openSqliteDatabase, SqliteEventStore, type SqliteDatabase } from '@pi/event-store/sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandExecutor } from './command-executor.js';
import { step } from './steps.js';

const context = { practiceId: 'p1', actor: 's1', correlationId: 'c', causationId: 'c' };
const at = '2026-11-26T10:00:00.000Z';
const team = streams.team('t1');
const add = (staffId: string): TeamCommand => ({
  type: 'AddTeamMember',
  teamId: 't1',
  practiceId: 'p1',
  staffId,
  staffPracticeId: 'p1',
  at,
});
const remove = (staffId: string): TeamCommand => ({
  type: 'RemoveTeamMember',
  teamId: 't1',
  practiceId: 'p1',
  staffId,
  at,
});

/** Two processes writing one store: each has its own executor and cache. */
interface TwoWriters {
  stores: [EventStore, EventStore];
  executors: [CommandExecutor, CommandExecutor];
  close(): Promise<void>;
}

const clock = { now: () => new Date(at) };
const BACKENDS: [string, () => Promise<TwoWriters>][] = [
  [
    'sqlite, change token',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pi-exec-'));
      const dbs: SqliteDatabase[] = [
        openSqliteDatabase(join(dir, 'db.sqlite')),
        openSqliteDatabase(join(dir, 'db.sqlite')),
      ];
      const stores = dbs.map((db) => new SqliteEventStore(db)) as [SqliteEventStore, SqliteEventStore];
      return {
        stores,
        executors: [
          new CommandExecutor(stores[0], clock, stores[0].freshness),
          new CommandExecutor(stores[1], clock, stores[1].freshness),
        ],
        close: async () => {
          for (const db of dbs) db.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
];
const databaseUrl = testDatabaseUrl();
if (databaseUrl)
  BACKENDS.push([
    'postgres, verified by expected revision',
    async () => {
      const schema = freshSchema('exec');
      const stores: [EventStore, EventStore] = [
        await PostgresEventStore.open({ url: databaseUrl, schema }),
        await PostgresEventStore.open({ url: databaseUrl, schema }),
      ];
      return {
        stores,
        executors: [new CommandExecutor(stores[0], clock), new CommandExecutor(stores[1], clock)],
        close: async () => {
          for (const store of stores) await store.close();
          await dropSchema(databaseUrl, schema);
        },
      };
    },
  ]);

describe.each(BACKENDS)('command executor (%s)', (_name, open) => {
  let writers: TwoWriters;
  let a: CommandExecutor;
  let b: CommandExecutor;

  beforeEach(async () => {
    writers = await open();
    [a, b] = writers.executors;
    await a.execute(
      team,
      teamDecider,
      { type: 'CreateTeam', teamId: 't1', practiceId: 'p1', name: 'Nurses', at },
      context,
    );
    await a.execute(team, teamDecider, add('s1'), context);
  });
  afterEach(async () => {
    await writers.close();
  });

  it('does not wrongly refuse a command because its cached state is stale', async () => {
    await b.execute(team, teamDecider, remove('s1'), context);
    // a's cache still has s1 in the team; the refusal is checked against a fresh read, and the add succeeds.
    const outcome = await a.execute(team, teamDecider, add('s1'), context);
    expect(outcome.events.map((e) => e.type)).toEqual(['TeamMemberAdded']);
  });

  it('does not act on stale state: the append is refused, the command re-decided on fresh state', async () => {
    await b.execute(team, teamDecider, remove('s1'), context);
    await expect(a.execute(team, teamDecider, remove('s1'), context)).rejects.toBeInstanceOf(NotATeamMember);
    const stored = await writers.stores[0].readStream(team);
    expect(stored.map((e) => e.type)).toEqual(['TeamCreated', 'TeamMemberAdded', 'TeamMemberRemoved']);
  });

  it('queues concurrent commands on one stream instead of failing them', async () => {
    const outcomes = await Promise.all(
      ['s2', 's3', 's4', 's5', 's6'].map((staffId) => a.execute(team, teamDecider, add(staffId), context)),
    );
    expect(outcomes.every((o) => o.events.length === 1)).toBe(true);
    await expect(a.execute(team, teamDecider, add('s3'), context)).rejects.toBeInstanceOf(AlreadyTeamMember);
  });

  it('decides commands waiting on one stream together and appends them as one batch, each with its own metadata', async () => {
    const store = writers.stores[0];
    let appends = 0;
    const append = store.append.bind(store);
    store.append = (...args) => (appends++, append(...args));
    const staff = ['s2', 's3', 's4', 's5', 's6', 's7', 's8', 's9'];
    const outcomes = await Promise.all(
      staff.map((staffId) =>
        a.execute(team, teamDecider, add(staffId), { ...context, correlationId: `request-${staffId}` }),
      ),
    );
    expect(appends).toBe(1);
    expect(outcomes.map((o) => o.events.map((e) => ('staffId' in e.data ? e.data.staffId : null)))).toEqual(
      staff.map((s) => [s]),
    );
    expect(new Set(outcomes.map((o) => String(o.position))).size).toBe(1);
    const stored = (await store.readStream(team)).slice(2);
    expect(stored.map((e) => [(e.data as { staffId: string }).staffId, e.metadata.correlationId])).toEqual(
      staff.map((s) => [s, `request-${s}`]),
    );
  });

  it('refuses one command of a batch alone, decided on the state the commands before it leave', async () => {
    const outcomes = await Promise.allSettled([
      a.execute(team, teamDecider, add('s2'), context),
      a.execute(team, teamDecider, add('s2'), context),
      a.execute(team, teamDecider, remove('s2'), context),
    ]);
    expect(outcomes[0].status).toBe('fulfilled');
    expect(outcomes[1].status === 'rejected' && outcomes[1].reason).toBeInstanceOf(AlreadyTeamMember);
    expect(outcomes[2].status).toBe('fulfilled');
    const stored = await writers.stores[0].readStream(team);
    expect(stored.map((e) => e.type).slice(2)).toEqual(['TeamMemberAdded', 'TeamMemberRemoved']);
  });

  it('re-decides the whole batch on fresh state when another writer moved the stream', async () => {
    await b.execute(team, teamDecider, add('s2'), context);
    // a's cache does not know s2 joined: the batch's append is refused, and every command decided again.
    const outcomes = await Promise.allSettled([
      a.execute(team, teamDecider, add('s3'), context),
      a.execute(team, teamDecider, add('s2'), context),
      a.execute(team, teamDecider, remove('s2'), context),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const stored = await writers.stores[0].readStream(team);
    expect(stored.map((e) => [e.type, (e.data as { staffId: string }).staffId]).slice(3)).toEqual([
      ['TeamMemberAdded', 's3'],
      ['TeamMemberRemoved', 's2'],
    ]);
  });

  const create = (teamId: string): TeamCommand => ({ type: 'CreateTeam', teamId, practiceId: 'p1', name: teamId, at });

  it('commits a command over several streams once, each at the revision it decided on: all of it or nothing', async () => {
    const store = writers.stores[0];
    let calls = 0;
    const appendMany = store.appendMany.bind(store);
    store.appendMany = (...args) => (calls++, appendMany(...args));
    const outcomes = await a.executeAll(
      [step(team, teamDecider, add('s2')), step(streams.team('t2'), teamDecider, create('t2'))],
      context,
    );
    expect(calls).toBe(1);
    expect(outcomes.map((o) => o.events.map((e) => e.type))).toEqual([['TeamMemberAdded'], ['TeamCreated']]);
    // One step refused: the command is refused, and the other stream gets nothing.
    await expect(
      a.executeAll([step(streams.team('t3'), teamDecider, create('t3')), step(team, teamDecider, add('s2'))], context),
    ).rejects.toBeInstanceOf(AlreadyTeamMember);
    expect(await store.readStream(streams.team('t3'))).toEqual([]);
    expect((await store.readStream(team)).map((e) => e.type)).toEqual([
      'TeamCreated',
      'TeamMemberAdded',
      'TeamMemberAdded',
    ]);
  });

  it('re-decides a command over several streams on fresh state when another writer moved one, and never refuses on stale state', async () => {
    await b.execute(team, teamDecider, add('s2'), context);
    await b.execute(team, teamDecider, remove('s1'), context);
    // a's cache still has s1 in the team and no s2: adding s1 is decided again on a fresh read; adding s2 is refused.
    await a.executeAll(
      [step(team, teamDecider, add('s1')), step(streams.team('t4'), teamDecider, create('t4'))],
      context,
    );
    await expect(a.executeAll([step(team, teamDecider, add('s2'))], context)).rejects.toBeInstanceOf(AlreadyTeamMember);
    const stored = await writers.stores[1].readStream(team);
    expect(stored.map((e) => [e.type, (e.data as { staffId?: string }).staffId])).toEqual([
      ['TeamCreated', undefined],
      ['TeamMemberAdded', 's1'],
      ['TeamMemberAdded', 's2'],
      ['TeamMemberRemoved', 's1'],
      ['TeamMemberAdded', 's1'],
    ]);
    // b's cache is behind a's write: its next command over both streams conflicts, reads what is new and goes through.
    await b.executeAll(
      [step(team, teamDecider, add('s3')), step(streams.team('t5'), teamDecider, create('t5'))],
      context,
    );
    expect((await writers.stores[0].readStream(team)).at(-1)?.data).toMatchObject({ staffId: 's3' });
  });

  it('decides several steps on one stream in order, each on the state the one before leaves, as one part of the commit', async () => {
    const t6 = streams.team('t6');
    const outcomes = await a.executeAll(
      [step(t6, teamDecider, create('t6')), step(team, teamDecider, add('s7')), step(t6, teamDecider, add('s7'))],
      context,
    );
    expect(outcomes.map((o) => o.events.map((e) => e.type))).toEqual([
      ['TeamCreated'],
      ['TeamMemberAdded'],
      ['TeamMemberAdded'],
    ]);
    expect(outcomes[0].position).toBe(outcomes[2].position);
    expect((await writers.stores[1].readStream(t6)).map((e) => e.revision)).toEqual([0, 1]);
  });

  it('answers a command whose every step changes nothing, one stream cached and one read, after proving each once', async () => {
    await b.execute(streams.team('t9'), teamDecider, create('t9'), context);
    const rename = (teamId: string, name: string): TeamCommand => ({
      type: 'RenameTeam',
      teamId,
      practiceId: 'p1',
      name,
      at,
    });
    // t1 is in a's cache, t9 is not: each no-op is proven on a read once, and stays proven while the other is read.
    const outcomes = await a.executeAll(
      [step(team, teamDecider, rename('t1', 'Nurses')), step(streams.team('t9'), teamDecider, rename('t9', 't9'))],
      context,
    );
    expect(outcomes.map((o) => o.events)).toEqual([[], []]);
  });

  it('goes on without a step whose refusal it tolerates, recording nothing for that step', async () => {
    const tolerated: unknown[] = [];
    const outcomes = await a.executeAll(
      [
        step(team, teamDecider, add('s1'), {
          tolerate: (refusal) => refusal instanceof AlreadyTeamMember && tolerated.push(refusal) > 0,
        }),
        step(streams.team('t7'), teamDecider, create('t7')),
      ],
      context,
    );
    expect(tolerated).toHaveLength(1);
    expect(outcomes.map((o) => o.events.length)).toEqual([0, 1]);
    // A refusal it does not tolerate still refuses the whole command.
    await expect(
      a.executeAll(
        [
          step(team, teamDecider, remove('s9'), { tolerate: (r) => r instanceof AlreadyTeamMember }),
          step(streams.team('t8'), teamDecider, create('t8')),
        ],
        context,
      ),
    ).rejects.toBeInstanceOf(NotATeamMember);
    expect(await writers.stores[0].readStream(streams.team('t8'))).toEqual([]);
  });

  it('answers a command that changes nothing with the position of the stream’s last event', async () => {
    const last = await a.execute(
      team,
      teamDecider,
      { type: 'RenameTeam', teamId: 't1', practiceId: 'p1', name: 'Doctors', at },
      context,
    );
    const same = await a.execute(
      team,
      teamDecider,
      { type: 'RenameTeam', teamId: 't1', practiceId: 'p1', name: 'Doctors', at },
      context,
    );
    expect(same).toEqual({ events: [], position: last.position });
  });
});

describe('command executor on SQLite', () => {
  let dir: string;
  let dbs: SqliteDatabase[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pi-exec-'));
    dbs = [openSqliteDatabase(join(dir, 'db.sqlite')), openSqliteDatabase(join(dir, 'db.sqlite'))];
  });
  afterEach(() => {
    for (const db of dbs) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('trusts its cached state without reading while no other writer has committed, and reads again once one has', async () => {
    const store = new SqliteEventStore(dbs[0]);
    let reads = 0;
    const readStream = store.readStream.bind(store);
    store.readStream = (...args) => (reads++, readStream(...args));
    const executor = new CommandExecutor(store, clock, store.freshness);
    const other = new SqliteEventStore(dbs[1]);
    const b = new CommandExecutor(other, clock, other.freshness);
    await b.execute(
      team,
      teamDecider,
      { type: 'CreateTeam', teamId: 't1', practiceId: 'p1', name: 'Nurses', at },
      context,
    );
    await b.execute(team, teamDecider, add('s1'), context);
    await executor.load(team, teamDecider);
    expect(reads).toBe(1);
    await executor.load(team, teamDecider);
    await executor.execute(team, teamDecider, add('s7'), context);
    await executor.load(team, teamDecider);
    expect(reads).toBe(1);
    // Another connection (another process) commits: the next load reads what is new.
    await b.execute(team, teamDecider, add('s8'), context);
    const { state } = await executor.load(team, teamDecider);
    expect(reads).toBe(2);
    expect(state.status === 'active' && [...state.members].sort()).toEqual(['s1', 's7', 's8']);
  });
});
