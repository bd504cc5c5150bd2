import { createHmac } from 'node:crypto';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { PatientSessions } from '../patient-web/patient-sessions.js';
import { sessionLiveness } from '../patient-web/session-liveness.js';
import {
  AddressHashes,
  addressHashKey,
  AuditSigningKey,
  CLOCK,
  type Clock,
  CommandExecutor,
  type Config,
  CONFIG,
  EmailConsent,
  EVENT_STORE,
  InviteTokens,
  JwtCodec,
  PHONE_KEY_SECRET,
  ReactorRegistry,
  READ_MODELS,
  REQUEST_HASH_SECRET,
  reservationKeySecret,
  Reservations,
  type Runtime,
  RUNTIME,
  type Secrets,
  senders,
  SENDERS,
  SmsConsent,
  systemClock,
  UnsubscribeLinks,
  VISITOR_KEY_SECRET,
} from '@pi/application';
import { Principals } from '../auth/principals.js';
import { Authenticator } from '../auth/authenticator.js';
import { Metrics } from '../operations/metrics.js';
import { PersonalDataReads } from '../audit/personal-data-reads.js';

/** Provides the stores and services of the configured profile to every module. */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(options: { config: Config; runtime: Runtime; secrets: Secrets; clock?: Clock }): DynamicModule {
    const clock = options.clock ?? systemClock;
    const metrics = new Metrics(options.runtime.readModels);
    const executor = new CommandExecutor(options.runtime.events, clock, options.runtime.freshness);
    const principals = new Principals(options.runtime.events);
    const jwt = new JwtCodec(options.secrets.token.current, undefined, options.secrets.token.previous);
    // Keys that protect stored data come from their own root: rotating the token key leaves them.
    const dataKeys = options.secrets.dataKeys;
    const addressHashes = new AddressHashes(addressHashKey(dataKeys));
    executor.onAppended = (streamId, events, lastRevision) => {
      metrics.eventsAppended.inc(events.length);
      principals.observe(streamId, events, lastRevision);
    };
    const providers = [
      { provide: CONFIG, useValue: options.config },
      { provide: RUNTIME, useValue: options.runtime },
      { provide: EVENT_STORE, useValue: options.runtime.events },
      { provide: READ_MODELS, useValue: options.runtime.readModels },
      { provide: CLOCK, useValue: clock },
      { provide: Metrics, useValue: metrics },
      { provide: CommandExecutor, useValue: executor },
      { provide: Principals, useValue: principals },
      { provide: Reservations, useValue: new Reservations(executor, clock, reservationKeySecret(dataKeys)) },
      { provide: PersonalDataReads, useValue: new PersonalDataReads(executor, clock) },
      { provide: AuditSigningKey, useValue: new AuditSigningKey(dataKeys) },
      { provide: ReactorRegistry, useValue: new ReactorRegistry() },
      { provide: JwtCodec, useValue: jwt },
      { provide: Authenticator, useValue: new Authenticator(jwt, principals) },
      { provide: InviteTokens, useValue: new InviteTokens(dataKeys) },
      { provide: AddressHashes, useValue: addressHashes },
      { provide: SmsConsent, useValue: new SmsConsent(executor, clock, addressHashes) },
      { provide: EmailConsent, useValue: new EmailConsent(executor, clock, addressHashes) },
      { provide: UnsubscribeLinks, useValue: new UnsubscribeLinks(dataKeys, options.config.publicBaseUrl) },
      {
        provide: VISITOR_KEY_SECRET,
        useValue: createHmac('sha256', dataKeys).update('visitor-key').digest('base64url'),
      },
      {
        provide: REQUEST_HASH_SECRET,
        useValue: createHmac('sha256', dataKeys).update('request-hash').digest(),
      },
      {
        provide: PHONE_KEY_SECRET,
        useValue: createHmac('sha256', dataKeys).update('phone-key').digest('base64url'),
      },
      {
        provide: PatientSessions,
        useValue: new PatientSessions(
          createHmac('sha256', dataKeys).update('patient-session').digest('base64url'),
          () => clock.now().getTime(),
          sessionLiveness(executor),
        ),
      },
      { provide: SENDERS, useValue: senders(options.config, options.runtime) },
    ];
    return { module: InfrastructureModule, providers, exports: providers.map((p) => p.provide) };
  }
}
