import type { ProjectionEngine, ProjectionStatus } from '@pi/read-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { routeOf } from '../http/request-url.js';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The Prometheus registry of one app instance (not the global one, so tests can run several). */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly eventsAppended: Counter;

  constructor(readModels: ProjectionEngine) {
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route pattern',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.eventsAppended = new Counter({
      name: 'events_appended_total',
      help: 'Events appended to the log by this process',
      registers: [this.registry],
    });
    // Measured when scraped, not on every event. One reading serves the three gauges of a scrape, so they agree.
    let reading: { at: number; statuses: Promise<ProjectionStatus[]> } | null = null;
    const statuses = () => {
      if (!reading || Date.now() - reading.at > 500)
        reading = { at: Date.now(), statuses: readModels.statuses().catch(() => []) };
      return reading.statuses;
    };
    const perProjection = (name: string, help: string, value: (status: ProjectionStatus) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['projection'],
        registers: [this.registry],
        async collect() {
          this.reset();
          for (const status of await statuses()) this.set({ projection: status.name }, value(status));
        },
      });
    perProjection('projection_lag_events', 'Events not yet applied, per read model', (s) => s.lagEvents ?? 0);
    perProjection(
      'projection_lag_seconds',
      'Age of the oldest event not yet applied, per read model',
      (s) => s.lagSeconds ?? 0,
    );
    perProjection('projection_failed', '1 when the read model stopped on an event it cannot apply', (s) =>
      s.state === 'failed' ? 1 : 0,
    );
    perProjection('projection_retrying', '1 while the read model waits out a storage error', (s) =>
      s.state === 'retrying' ? 1 : 0,
    );
  }

  /** An onResponse hook timing every request by its route pattern (never the raw URL: it may hold personal data). */
  httpHook() {
    return (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const route = routeOf(request) ?? 'unmatched';
      this.httpDuration.observe(
        { method: request.method, route, status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
      done();
    };
  }
}
