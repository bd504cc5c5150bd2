import pg from 'pg';
import type { CommitSignal } from '../commit-signal.js';

/**
 * LISTEN on the log's channel: a commit by any process wakes this process's
 * subscribers. When the connection drops it is opened again on the next
 * subscribe; meanwhile subscribers poll, so a lost notice costs a poll
 * interval, never an event.
 */
export class PostgresListener {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly url: string,
    readonly channel: string,
    private readonly signal: CommitSignal,
  ) {}

  /** Starts listening if not already (never throws: polling covers). */
  ensure(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 5000 });
    client.on('error', () => this.drop(client));
    client.on('end', () => this.drop(client));
    client.on('notification', () => this.signal.notify());
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
      if (this.closed) return void (await client.end());
      this.client = client;
    } catch {
      await client.end().catch(() => undefined);
    }
  }

  private drop(client: pg.Client): void {
    if (this.client === client) this.client = null;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.connecting;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
