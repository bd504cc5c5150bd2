import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { assertEveryRouteHasARule, declaredRoutes } from './auth/access-policy-check.js';
import { authenticateBeforeBody } from './auth/authenticate-before-body.js';
import { Authenticator } from './auth/authenticator.js';
import {
  type AbandonedVerifications,
  type Clock,
  CommandExecutor,
  type Config,
  createRuntime,
  type DemoPractice,
  ensureDemoPractice,
  type ExpirySweeper,
  ReactorRegistry,
  type ReminderScheduler,
  resolveSecrets,
  type Runtime,
  SENDERS,
  startBackgroundWorkWhileLeader,
  systemClock,
} from '@pi/application';
import { Principals } from './auth/principals.js';
import { registerBodyParsing } from './http/body-parsing.js';
import { frameworkErrors } from './http/framework-errors.js';
import { trustProxyFor } from './http/trust-proxy.js';
import { IDEMPOTENCY_COLLECTION } from './http/idempotency.interceptor.js';
import { securityHeaders } from './http/security-headers.js';
import { createValidationPipe } from './http/validation.pipe.js';
import { RATE_LIMIT_COLLECTION, RATE_LIMIT_INDEXES } from './onboarding/ip-limits.js';
import { createLogger, PinoNestLogger, requestIdFor, requestLogging } from './logging.js';
import { Metrics } from './operations/metrics.js';
import { startMetricsServer } from './operations/metrics-server.js';
import { setUpOpenApi } from './openapi.js';

export interface RunningApp {
  app: INestApplication;
  runtime: Runtime;
  /** Expires invitations whose window has closed (every minute); null while another process runs the background work. */
  expiry: ExpirySweeper | null;
  /** Releases held bulk sends and sends due reminders (every minute); null while another process runs the background work. */
  reminders: ReminderScheduler | null;
  /** Shreds verifications that proved no account, 30 days on (when this process runs the background work). */
  abandonedVerifications: AbandonedVerifications | null;
  /** Where it listens, e.g. http://127.0.0.1:41234 */
  url: string;
  demo: { practice: DemoPractice; created: boolean } | null;
  /** Where Prometheus scrapes (its own listener), or null when METRICS_PORT=off. */
  metricsUrl: string | null;
  close(): Promise<void>;
}

/** Builds the whole API on the configured profile, starts its projections and listens. */
export async function startApp(
  config: Config,
  options: { clock?: Clock; logDestination?: NodeJS.WritableStream } = {},
): Promise<RunningApp> {
  const runtime = await createRuntime(config);
  const logger = createLogger(config.logLevel, options.logDestination);
  const secrets = resolveSecrets(config, config.dataDir);
  let app: NestFastifyApplication | undefined;
  let metricsServer: { url: string; close(): Promise<void> } | null = null;
  try {
    app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot({ config, runtime, secrets, clock: options.clock }),
      new FastifyAdapter({
        // No proxy is believed unless TRUST_PROXY names it: per-IP limits count the address that really connected.
        trustProxy: trustProxyFor(config.trustProxy),
        genReqId: requestIdFor,
        // Ids and slugs in paths are short (tokens travel in query strings); a longer part is refused with 414.
        routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
        frameworkErrors,
        // Every GET answers HEAD too, as on Express; a route may declare its own (a practice link counts it).
        exposeHeadRoutes: true,
      }),
      {
        bodyParser: false,
        logger: new PinoNestLogger(logger),
        abortOnError: false,
      },
    );
    const http = app.getHttpAdapter().getInstance();
    http.addHook('onRequest', securityHeaders());
    http.addHook('onRequest', authenticateBeforeBody(app.get(Authenticator)));
    http.addHook('onResponse', requestLogging(logger));
    http.addHook('onResponse', app.get(Metrics).httpHook());
    registerBodyParsing(http, config.bodyLimitBytes);
    app.useGlobalPipes(createValidationPipe());
    setUpOpenApi(app, config);
    assertEveryRouteHasARule(declaredRoutes(app.get(DiscoveryService), app.get(MetadataScanner)));
    const principals = app.get(Principals);
    await principals.start();
    await runtime.readModels.start();
    await runtime.readModels.store.ensureCollection(IDEMPOTENCY_COLLECTION, []);
    await runtime.readModels.store.ensureCollection(RATE_LIMIT_COLLECTION, RATE_LIMIT_INDEXES);
    const background = config.runDelivery
      ? await startBackgroundWorkWhileLeader({
          config,
          runtime,
          executor: app.get(CommandExecutor),
          dataKeysSecret: secrets.dataKeys,
          clock: options.clock ?? systemClock,
          senders: app.get(SENDERS),
          reactors: app.get(ReactorRegistry),
        })
      : null;
    await app.listen(config.port, config.host);
    metricsServer = config.metrics ? await startMetricsServer(app.get(Metrics), config.metrics) : null;
    const demo = config.seedDemo ? await ensureDemoPractice(config.dataDir, app.get(CommandBus)) : null;
    const address = app.getHttpServer().address() as AddressInfo;
    const running = app;
    return {
      app: running,
      runtime,
      get expiry() {
        return background?.work?.expiry ?? null;
      },
      get reminders() {
        return background?.work?.reminders ?? null;
      },
      get abandonedVerifications() {
        return background?.work?.abandoned ?? null;
      },
      url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`,
      demo: demo && { practice: demo.demo, created: demo.created },
      metricsUrl: metricsServer?.url ?? null,
      async close() {
        await background?.stop();
        await metricsServer?.close();
        await principals.stop();
        await running.close();
        await runtime.close();
        logger.flush();
      },
    };
  } catch (error) {
    await metricsServer?.close();
    await app?.close().catch(() => undefined);
    await runtime.close();
    throw error;
  }
}
