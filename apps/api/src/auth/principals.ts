import { Logger } from '@nestjs/common';
import { categoryOf, isRole, type Role } from '@pi/domain';
import { START, UnreadableEvent, type EventStore, type Position } from '@pi/event-store';
import { sleep } from '@pi/read-store';

/** A staff member or an operator as they are now, from the log. */
export type Principal =
  | { kind: 'staff'; id: string; practiceId: string; role: Role; active: boolean; revision: number }
  | { kind: 'operator'; id: string; active: boolean; revision: number };

/** The part of a recorded event the directory reads. */
export interface PrincipalEvent {
  streamId: string;
  revision: number;
  type: string;
  data: unknown;
}

const CATEGORIES = ['staff', 'operator'];

/**
 * Who may call, as they are now: every request's token is checked against this
 * (exists, active, same practice, still holds the role) without a query. It
 * catches up from the log at start, follows it live (other processes' changes
 * arrive within a poll), and the command executor of this process feeds it its
 * own appends at once, so a deactivation or a demotion counts on the very next
 * request. Events are applied by stream revision, so the two feeds never
 * replay an older state over a newer one.
 */
export class Principals {
  private readonly staff = new Map<string, Extract<Principal, { kind: 'staff' }>>();
  private readonly operators = new Map<string, Extract<Principal, { kind: 'operator' }>>();
  private readonly stopping = new AbortController();
  private following: Promise<void> | null = null;
  private readonly logger = new Logger('Principals');

  constructor(private readonly events: EventStore) {}

  /** Reads what the log already holds, then follows it in the background. */
  async start(): Promise<void> {
    let checkpoint: Position = START;
    for (;;) {
      let batch;
      try {
        batch = await this.events.readAll({
          after: checkpoint,
          maxCount: 1000,
          filter: { streamCategories: CATEGORIES },
        });
      } catch (error) {
        // The store hands over everything before an unreadable event, then this error: refuse its principal, go on.
        if (!(error instanceof UnreadableEvent)) throw error;
        this.refuseUnreadable(error);
        checkpoint = error.event.position;
        continue;
      }
      if (batch.length === 0) break;
      for (const event of batch) this.apply(event);
      checkpoint = batch[batch.length - 1].position;
    }
    // From the last event read, not from the head: nothing committed in between is missed.
    this.following = this.follow(checkpoint);
  }

  /**
   * Never gives up: a storage error is waited out (back-off up to 30 s) and the
   * subscription resumes where it stopped. A staff or operator event that cannot
   * be read fails closed: whoever it belongs to can no longer sign in.
   */
  private async follow(after: Position): Promise<void> {
    const signal = this.stopping.signal;
    let failures = 0;
    while (!signal.aborted) {
      try {
        for await (const batch of this.events.subscribe({ after, filter: { streamCategories: CATEGORIES }, signal })) {
          for (const event of batch.events) this.apply(event);
          after = batch.checkpoint;
          failures = 0;
        }
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof UnreadableEvent) {
          this.refuseUnreadable(error);
          after = error.event.position;
          continue;
        }
        failures += 1;
        this.logger.warn(
          { errorClass: error instanceof Error ? error.name : typeof error },
          'caller directory: reading the log failed; retrying',
        );
        await sleep(Math.min(30_000, 250 * 2 ** Math.min(failures, 7)), signal);
      }
    }
  }

  private refuseUnreadable(error: UnreadableEvent): void {
    this.disable(error.event.streamId);
    this.logger.error(
      { eventId: error.event.id, type: error.event.type, position: error.event.position.toString() },
      'unreadable staff or operator event: its principal is refused until it is repaired',
    );
  }

  private disable(streamId: string): void {
    const category = categoryOf(streamId);
    const id = streamId.slice(category.length + 1);
    const staff = this.staff.get(id);
    if (staff) this.staff.set(id, { ...staff, active: false });
    const operator = this.operators.get(id);
    if (operator) this.operators.set(id, { ...operator, active: false });
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.following?.catch(() => undefined);
  }

  staffMember(staffId: string): Extract<Principal, { kind: 'staff' }> | null {
    return this.staff.get(staffId) ?? null;
  }

  operator(operatorId: string): Extract<Principal, { kind: 'operator' }> | null {
    return this.operators.get(operatorId) ?? null;
  }

  /** Appends of this process, as the executor records them. */
  observe(streamId: string, events: readonly { type: string; data: unknown }[], lastRevision: number): void {
    if (!CATEGORIES.includes(categoryOf(streamId))) return;
    const first = lastRevision - events.length + 1;
    events.forEach((event, index) =>
      this.apply({ streamId, revision: first + index, type: event.type, data: event.data }),
    );
  }

  apply(event: PrincipalEvent): void {
    const category = categoryOf(event.streamId);
    const id = event.streamId.slice(category.length + 1);
    const data = event.data as Record<string, unknown>;
    if (category === 'staff') {
      const known = this.staff.get(id);
      if (known && known.revision >= event.revision) return;
      if (event.type === 'StaffMemberAdded' && isRole(data.role)) {
        this.staff.set(id, {
          kind: 'staff',
          id,
          practiceId: String(data.practiceId),
          role: data.role,
          active: true,
          revision: event.revision,
        });
      } else if (known && event.type === 'StaffRoleChanged' && isRole(data.role)) {
        this.staff.set(id, { ...known, role: data.role, revision: event.revision });
      } else if (known && event.type === 'StaffMemberDeactivated') {
        this.staff.set(id, { ...known, active: false, revision: event.revision });
      } else if (known) {
        this.staff.set(id, { ...known, revision: event.revision });
      }
    } else if (category === 'operator') {
      const known = this.operators.get(id);
      if (known && known.revision >= event.revision) return;
      if (event.type === 'OperatorRegistered')
        this.operators.set(id, { kind: 'operator', id, active: true, revision: event.revision });
      else if (known)
        this.operators.set(id, {
          ...known,
          active: event.type === 'OperatorDeactivated' ? false : known.active,
          revision: event.revision,
        });
    }
  }
}
