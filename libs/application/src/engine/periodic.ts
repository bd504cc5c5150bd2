import { Logger } from '@nestjs/common';

/**
 * Work run every so often in the background (the expiry sweep, shredding abandoned verifications, the audit
 * chain's daily head): one run at a time, a failure logged (never its data) and tried again next time, and
 * `stop` waits for a run in flight.
 */
export class Periodic {
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    name: string,
    private readonly everyMs: number,
    private readonly work: () => Promise<unknown>,
  ) {
    this.logger = new Logger(name);
  }

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.work()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'background run failed; trying again next time'))
        .finally(() => (this.running = null));
    }, this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
