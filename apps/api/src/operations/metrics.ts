import type { ProjectionEngine } from '@pi/read-store';
import type { NextFunction, Request, Response } from 'express';
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
    this.eventsAppended = new Counter({ name: 'events_appended_total', help: 'Events appended to the log by this process', registers: [this.registry] });
    const lagSeconds = new Gauge({ name: 'projection_lag_seconds', help: 'Age of the oldest event not yet applied, per read model', labelNames: ['projection'], registers: [] });
    const failed = new Gauge({ name: 'projection_failed', help: '1 when the read model stopped on an error', labelNames: ['projection'], registers: [] });
    // Lag is measured when scraped, not on every event; the first gauge serialized refreshes all three.
    new Gauge({
      name: 'projection_lag_events',
      help: 'Events not yet applied, per read model',
      labelNames: ['projection'],
      registers: [this.registry],
      async collect() {
        for (const status of await readModels.statuses()) {
          this.set({ projection: status.name }, status.lagEvents ?? 0);
          lagSeconds.set({ projection: status.name }, status.lagSeconds ?? 0);
          failed.set({ projection: status.name }, status.state === 'failed' ? 1 : 0);
        }
      },
    });
    this.registry.registerMetric(lagSeconds);
    this.registry.registerMetric(failed);
  }

  /** Express middleware timing every request by its route pattern (never the raw URL: it may hold personal data). */
  httpMiddleware() {
    return (request: Request, response: Response, next: NextFunction) => {
      const end = this.httpDuration.startTimer();
      response.once('finish', () => {
        const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
        end({ method: request.method, route: String(route), status: String(response.statusCode) });
      });
      next();
    };
  }
}
