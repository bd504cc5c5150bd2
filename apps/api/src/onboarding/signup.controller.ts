import { randomUUID } from 'node:crypto';
import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CODE_POLICY, QR_MARKER, VerificationNotFound, visitSource, type VerificationPurpose } from '@pi/domain';
import type { ProjectionEngine } from '@pi/read-store';
import type { FastifyRequest, FastifyReply } from 'fastify';
import { ProblemException } from '../http/problem.js';
import { type CommandContext, CommandExecutor, InviteTokens, READ_MODELS } from '@pi/application';
import { practiceCountry } from '../practice/practice-country.js';
import {
  PAGE_HEADERS,
  resolvePublicLink,
  sendNotFound,
  visitQuery,
  wantsJson,
  type PublicLink,
} from '../public-pages/public-link.js';
import { PatientSessions } from '../patient-web/patient-sessions.js';
import { patientContext, sendFailure, takeFromNetwork } from '../public-pages/page-answers.js';
import { NetworkLimits } from './ip-limits.js';
import { readCode, readSignupForm } from './signup-form.js';
import { Onboarding } from './onboarding.js';
import {
  codePage,
  connectedPage,
  consentWording,
  maskPhone,
  refusalPage,
  signupPage,
  type FieldErrors,
} from './signup.html.js';
import { VerificationCodes, type VerificationRef } from './verification-codes.js';

const codeText = (practiceName: string) => (code: string) =>
  `${code} is your code to connect with ${practiceName}. It expires in ${CODE_POLICY.ttlSeconds / 60} minutes. Never share it.`;

/**
 * The patient's web signup: a form, a 6-digit code by SMS, and the code
 * checked by POST. Tokens and codes are redeemed only by POST (mail scanners
 * follow GET links). Browsers get pages; clients asking for JSON get JSON and
 * problem details. No answer says whether a phone already has an account.
 */
@ApiTags('public pages')
@Controller()
export class SignupController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(VerificationCodes) private readonly codes: VerificationCodes,
    @Inject(Onboarding) private readonly onboarding: Onboarding,
    @Inject(PatientSessions) private readonly sessions: PatientSessions,
    @Inject(NetworkLimits) private readonly limits: NetworkLimits,
  ) {}

  @Get(':slug/connect')
  @ApiOperation({
    summary:
      'The signup form behind the Connect button (HTML): name, mobile phone, email, SMS consent. `?i=` is carried along, never redeemed.',
  })
  @ApiParam({ name: 'slug', example: 'brown-clinic' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'text/html' })
  async connect(
    @Param('slug') slug: string,
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
  ): Promise<void> {
    const found = await resolvePublicLink(this.readModels, slug);
    if (!found) return sendNotFound(request, response);
    const { invitation, fromQr } = visitQuery(request);
    response
      .status(200)
      .headers(PAGE_HEADERS)
      .type('text/html; charset=utf-8')
      .send(signupPage(found.profile, { action: `/${found.link.slug}/signup`, invitation, fromQr }));
  }

  @Post(':slug/signup')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Form post (name, phone, email, consent=yes, i?): texts a 6-digit code and answers the code form (JSON: `{status: "code_sent", ref}`).',
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  async signup(
    @Param('slug') slug: string,
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
  ): Promise<void> {
    const found = await resolvePublicLink(this.readModels, slug);
    if (!found) return sendNotFound(request, response);
    const form = readSignupForm(
      (request.body ?? {}) as Record<string, unknown>,
      await practiceCountry(this.executor, found.link.practiceId),
    );
    const { values, invitation, fromQr, phone, errors } = form;
    const page = (extra: { errors?: FieldErrors; notice?: string }) =>
      signupPage(found.profile, { action: `/${found.link.slug}/signup`, invitation, fromQr, values, ...extra });
    try {
      if (Object.keys(errors).length > 0 || !phone) {
        const problem = ProblemException.of(422, 'invalid-signup', 'Some details need fixing.', {
          errors: Object.entries(errors).map(([field, message]) => ({ field, messages: [message] })),
        });
        return sendFailure(request, response, problem, () => page({ errors }));
      }
      await takeFromNetwork(this.limits.codes, request);
      const purpose: VerificationPurpose = {
        kind: 'signup',
        practiceId: found.link.practiceId,
        linkId: found.link.id,
        invitationTokenHash: invitation ? InviteTokens.hash(invitation) : null,
        source: visitSource({ withInvitation: invitation !== null, marker: fromQr ? QR_MARKER.value : null }),
        name: values.name,
        email: values.email,
        smsConsent: { given: true, wording: consentWording(found.profile.name) },
      };
      const ref = await this.codes.send(
        phone.e164,
        randomUUID(),
        purpose,
        codeText(found.profile.name),
        this.context(found, request),
      );
      this.codeSent(request, response, found, ref, phone.e164);
    } catch (error) {
      sendFailure(request, response, error, (message) => page({ notice: message }));
    }
  }

  @Post(':slug/signup/resend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Form post (ref): a new code, at most once a minute and 5 times an hour per phone.' })
  @ApiConsumes('application/x-www-form-urlencoded')
  async resend(
    @Param('slug') slug: string,
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
  ): Promise<void> {
    const signup = await this.signupInProgress(slug, request, response);
    if (!signup) return;
    const { found, ref, phone, again } = signup;
    try {
      await takeFromNetwork(this.limits.codes, request);
      await this.codes.resend(ref, codeText(found.profile.name), this.context(found, request));
      this.codeSent(request, response, found, ref, phone, 'We texted you a new code. Earlier codes no longer work.');
    } catch (error) {
      sendFailure(request, response, error, again);
    }
  }

  @Post(':slug/verify')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Form post (ref, code): checks the code; on success the patient is connected and sees "You\'re connected with <practice>".',
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  async verify(
    @Param('slug') slug: string,
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
  ): Promise<void> {
    const signup = await this.signupInProgress(slug, request, response);
    if (!signup) return;
    const { found, ref, again } = signup;
    const code = readCode(request.body);
    try {
      if (code === null)
        throw ProblemException.of(422, 'invalid-code-format', 'Enter the 6 digits of the code we texted you.', {
          errors: [{ field: 'code', messages: ['code must be 6 digits'] }],
        });
      await takeFromNetwork(this.limits.checks, request);
      const verified = await this.codes.check(ref, code, this.context(found, request));
      const connected = await this.onboarding.complete(verified, this.codes);
      if (wantsJson(request)) {
        response.status(200).send({
          status: 'connected',
          practice: found.profile.name,
          patientId: connected.patientId,
          conversationId: connected.conversationId,
          alreadyConnected: connected.alreadyConnected,
          position: String(connected.position ?? 0n),
        });
        return;
      }
      // The phone was just proven: the patient is signed in to their messages on this browser.
      this.sessions.start(response, request, connected.patientId);
      response
        .status(200)
        .headers(PAGE_HEADERS)
        .type('text/html; charset=utf-8')
        .send(
          connectedPage(found.profile, {
            alreadyConnected: connected.alreadyConnected,
            write: `/${found.link.slug}/message`,
          }),
        );
    } catch (error) {
      sendFailure(request, response, error, again);
    }
  }

  /**
   * The link and the signup a code form posts about (its `ref`), or an answer
   * already sent: the link is unknown, or the signup is not one at this link's
   * practice (anything else reads as unknown: start again).
   */
  private async signupInProgress(
    slug: string,
    request: FastifyRequest,
    response: FastifyReply,
  ): Promise<{ found: PublicLink; ref: VerificationRef; phone: string; again: (message: string) => string } | null> {
    const found = await resolvePublicLink(this.readModels, slug);
    if (!found) {
      sendNotFound(request, response);
      return null;
    }
    const ref = VerificationCodes.parseRef((request.body as Record<string, unknown> | undefined)?.ref);
    const known = ref && (await this.codes.purposeOf(ref));
    if (!ref || !known || known.purpose.kind !== 'signup' || known.purpose.practiceId !== found.link.practiceId) {
      sendFailure(request, response, new VerificationNotFound(), (message) => this.startAgain(found, message));
      return null;
    }
    const again = (message: string) =>
      codePage(found.profile, {
        slug: found.link.slug,
        ref: VerificationCodes.formatRef(ref),
        maskedPhone: maskPhone(known.phone),
        error: message,
      });
    return { found, ref, phone: known.phone, again };
  }

  private context(found: PublicLink, request: FastifyRequest): CommandContext {
    return patientContext(request, found.link.practiceId);
  }

  private codeSent(
    request: FastifyRequest,
    response: FastifyReply,
    found: PublicLink,
    ref: VerificationRef,
    phone: string,
    notice?: string,
  ): void {
    const formatted = VerificationCodes.formatRef(ref);
    if (wantsJson(request)) {
      response.status(200).send({ status: 'code_sent', ref: formatted, expiresInSeconds: 600 });
      return;
    }
    response
      .status(200)
      .headers(PAGE_HEADERS)
      .type('text/html; charset=utf-8')
      .send(codePage(found.profile, { slug: found.link.slug, ref: formatted, maskedPhone: maskPhone(phone), notice }));
  }

  private startAgain(found: PublicLink, message: string): string {
    return refusalPage('Please start again', message, {
      href: `/${found.link.slug}/connect`,
      label: `Connect with ${found.profile.name}`,
    });
  }
}
