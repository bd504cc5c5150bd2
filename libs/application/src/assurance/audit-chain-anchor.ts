import { practiceProfileProjection } from '@pi/projections';
import type { Page, ProjectionEngine } from '@pi/read-store';
import { Periodic } from '../engine/periodic.js';
import type { Clock } from '../engine/tokens.js';
import type { AuditChainHeads } from './audit-chain-heads.js';

const DAY_MS = 86_400_000;

/** Records every practice's identity-audit chain head once a day (with the rest of the background work). */
export class AuditChainAnchor {
  private readonly periodic: Periodic;

  constructor(
    private readonly heads: Pick<AuditChainHeads, 'record'>,
    private readonly readModels: ProjectionEngine,
    private readonly clock: Clock,
    everyMs = DAY_MS,
  ) {
    this.periodic = new Periodic('AuditChainAnchor', everyMs, () => this.anchorAll());
  }

  start(): void {
    this.periodic.start();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  /** Records the head of every practice; returns how many practices it went through. */
  async anchorAll(): Promise<number> {
    let cursor: string | null = null;
    let practices = 0;
    do {
      const page: Page<{ id: string }> = await this.readModels.find<{ id: string }>(practiceProfileProjection.name, {
        limit: 500,
        cursor,
      });
      for (const { id } of page.items) {
        const at = this.clock.now().toISOString();
        await this.heads.record(id, {
          practiceId: id,
          actor: 'system:audit-chain',
          correlationId: at,
          causationId: at,
        });
        practices += 1;
      }
      cursor = page.nextCursor;
    } while (cursor);
    return practices;
  }
}
