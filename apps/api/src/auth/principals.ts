import { categoryOf, isRole, type Role } from '@pi/domain';
import { START, type EventStore, type Position } from '@pi/event-store';

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

  constructor(private readonly events: EventStore) {}

  /** Reads what the log already holds, then follows it in the background. */
  async start(): Promise<void> {
    let checkpoint: Position = START;
    for (;;) {
      const batch = await this.events.readAll({ after: checkpoint, maxCount: 1000, filter: { streamCategories: CATEGORIES } });
      for (const event of batch) this.apply(event);
      if (batch.length) checkpoint = batch[batch.length - 1]!.position;
      if (batch.length < 1000) break;
    }
    // From the last event read, not from the head: nothing committed in between is missed.
    this.following = this.follow(checkpoint);
  }

  private async follow(after: Position): Promise<void> {
    try {
      for await (const batch of this.events.subscribe({ after, filter: { streamCategories: CATEGORIES }, signal: this.stopping.signal })) {
        for (const event of batch.events) this.apply(event);
      }
    } catch (error) {
      if (!this.stopping.signal.aborted) throw error;
    }
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
    events.forEach((event, index) => this.apply({ streamId, revision: first + index, type: event.type, data: event.data }));
  }

  apply(event: PrincipalEvent): void {
    const category = categoryOf(event.streamId);
    const id = event.streamId.slice(category.length + 1);
    const data = event.data as Record<string, unknown>;
    if (category === 'staff') {
      const known = this.staff.get(id);
      if (known && known.revision >= event.revision) return;
      if (event.type === 'StaffMemberAdded' && isRole(data.role)) {
        this.staff.set(id, { kind: 'staff', id, practiceId: String(data.practiceId), role: data.role, active: true, revision: event.revision });
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
      if (event.type === 'OperatorRegistered') this.operators.set(id, { kind: 'operator', id, active: true, revision: event.revision });
      else if (known) this.operators.set(id, { ...known, active: event.type === 'OperatorDeactivated' ? false : known.active, revision: event.revision });
    }
  }
}
