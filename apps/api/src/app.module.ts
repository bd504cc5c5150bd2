import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { AuthGuard } from './auth/auth.guard.js';
import type { Clock, Config, Runtime, Secrets } from '@pi/application';
import { ConsistencyInterceptor } from './http/consistency.interceptor.js';
import { IdempotencyInterceptor } from './http/idempotency.interceptor.js';
import { RouteMethods } from './http/allowed-methods.js';
import { LocationInterceptor } from './http/location.interceptor.js';
import { ProblemFilter } from './http/problem.filter.js';
import { RefusalDisclosureInterceptor } from './http/refusal-disclosure.interceptor.js';
import { InfrastructureModule } from './infrastructure/infrastructure.module.js';
import { ContactsModule } from './contacts/contacts.module.js';
import { DevModule } from './dev/dev.module.js';
import { InvitationsModule } from './invitations/invitations.module.js';
import { FollowUpsModule } from './follow-ups/follow-ups.module.js';
import { EmailModule } from './email/email.module.js';
import { ConsentModule } from './consent/consent.module.js';
import { SmsModule } from './sms/sms.module.js';
import { LinksModule } from './links/links.module.js';
import { OnboardingModule } from './onboarding/onboarding.module.js';
import { PatientWebModule } from './patient-web/patient-web.module.js';
import { ConversationsModule } from './conversations/conversations.module.js';
import { InboxModule } from './inbox/inbox.module.js';
import { IdentityModule } from './identity/identity.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AnalyticsModule } from './analytics/analytics.module.js';
import { PrivacyModule } from './privacy/privacy.module.js';
import { PersonalDataReadsInterceptor } from './http/personal-data-reads.interceptor.js';
import { OperationsModule } from './operations/operations.module.js';
import { PracticeModule } from './practice/practice.module.js';
import { PublicPagesModule } from './public-pages/public-pages.module.js';
import { StaffModule } from './staff/staff.module.js';
import { TeamsModule } from './teams/teams.module.js';

@Module({})
export class AppModule {
  static forRoot(options: { config: Config; runtime: Runtime; secrets: Secrets; clock?: Clock }): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        DiscoveryModule,
        InfrastructureModule.forRoot(options),
        OperationsModule,
        PracticeModule,
        StaffModule,
        TeamsModule,
        LinksModule,
        ContactsModule,
        InvitationsModule,
        FollowUpsModule,
        EmailModule,
        ConsentModule,
        SmsModule,
        ConversationsModule,
        InboxModule,
        IdentityModule,
        AuditModule,
        AnalyticsModule,
        PrivacyModule,
        // Only when DEV_OUTBOX is on (by default: embedded, with no SMTP and no SMS provider).
        ...(options.config.devOutbox ? [DevModule] : []),
        // Patient-facing pages last: their `/:slug/...` routes must not shadow the API's.
        OnboardingModule,
        PatientWebModule,
        PublicPagesModule,
      ],
      providers: [
        RouteMethods,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: ConsistencyInterceptor },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_INTERCEPTOR, useClass: PersonalDataReadsInterceptor },
        { provide: APP_INTERCEPTOR, useClass: RefusalDisclosureInterceptor },
        { provide: APP_INTERCEPTOR, useClass: LocationInterceptor },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
