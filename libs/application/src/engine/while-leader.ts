import type { Lease, Leadership } from '@pi/event-store';

export type LeaderState = 'leader' | 'standby' | 'stopped';

/**
 * Runs `start`'s work only while this process holds the named lease: tries
 * at once (so a lone process starts its work before it answers requests),
 * then every `retryMs` while another process holds it; stops the work the
 * moment the lease is lost, and tries again.
 */
export class WhileLeader<W extends { stop(): Promise<void> }> {
  private lease: Lease | null = null;
  private running: W | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly leadership: Leadership,
    private readonly name: string,
    private readonly start: () => W,
    private readonly retryMs = 1000,
  ) {}

  get state(): LeaderState {
    return this.stopped ? 'stopped' : this.running ? 'leader' : 'standby';
  }

  /** The work while this process leads, else null. */
  get work(): W | null {
    return this.running;
  }

  /** The first try, awaited. */
  async begin(): Promise<this> {
    await this.attempt();
    return this;
  }

  private async attempt(): Promise<void> {
    this.timer = null;
    if (this.stopped) return;
    const lease = await this.leadership.tryAcquire(this.name).catch(() => null);
    if (this.stopped) return void (await lease?.release());
    if (!lease) return this.retry();
    this.lease = lease;
    this.running = this.start();
    void lease.lost.then(async () => {
      if (this.lease !== lease) return;
      this.lease = null;
      const work = this.running;
      this.running = null;
      await work?.stop();
      this.retry();
    });
  }

  private retry(): void {
    if (!this.stopped) this.timer = setTimeout(() => void this.attempt(), this.retryMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const [work, lease] = [this.running, this.lease];
    this.running = null;
    this.lease = null;
    await work?.stop();
    await lease?.release();
  }
}
