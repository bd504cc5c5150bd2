import { randomUUID } from 'node:crypto';
import { Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { parsePhone, patientDecider, reservationDecider, streams } from '@pi/domain';
import type { ProjectionEngine } from '@pi/read-store';
import { queryOf } from '../http/request-url.js';
import type { FastifyRequest, FastifyReply } from 'fastify';
import { CLOCK, type Clock, CommandExecutor, NO_PRACTICE, READ_MODELS } from '@pi/application';
import { ProblemException } from '../http/problem.js';
import { NetworkLimits } from '../onboarding/ip-limits.js';
import { readCode } from '../onboarding/signup-form.js';
import { maskPhone, refusalPage } from '../onboarding/signup.html.js';
import { VerificationCodes } from '../onboarding/verification-codes.js';
import { patientContext, sendFailure, sendPage, takeFromNetwork } from '../public-pages/page-answers.js';
import { resolvePublicLink } from '../public-pages/public-link.js';
import { field, safeNext } from './patient-forms.js';
import { PatientSessions } from './patient-sessions.js';
import { signInCodePage, signInPage } from './patient-web.html.js';

const SIGN_IN_TEXT = (code: string) =>
  `${code} is your code to sign in to your messages. It expires in 10 minutes. Never share it.`;

/**
 * Patients sign in on the web with their phone and a texted code (the same
 * code rules and limits as signup) to a 30-minute session cookie. No answer
 * says whether a phone has an account before its code is proven.
 */
@ApiTags('public pages')
@Controller()
export class PatientSignInController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(VerificationCodes) private readonly codes: VerificationCodes,
    @Inject(PatientSessions) private readonly sessions: PatientSessions,
    @Inject(NetworkLimits) private readonly limits: NetworkLimits,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('p/sign-in')
  @ApiOperation({ summary: 'Patients: sign in to their messages with their phone (HTML)' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'text/html' })
  signIn(@Req() request: FastifyRequest, @Res() response: FastifyReply): void {
    sendPage(response, 200, signInPage({ next: safeNext(queryOf(request).next) }));
  }

  @Post('p/sign-in')
  @HttpCode(200)
  @ApiOperation({ summary: 'Form post (phone, next): texts a 6-digit sign-in code (HTML)' })
  @ApiConsumes('application/x-www-form-urlencoded')
  async sendCode(@Req() request: FastifyRequest, @Res() response: FastifyReply): Promise<void> {
    const next = safeNext(field(request.body, 'next'));
    const typed = field(request.body, 'phone');
    const phone = typeof typed === 'string' ? parsePhone(typed, 'US') : null;
    if (!phone)
      return sendPage(response, 422, signInPage({ next, error: 'Enter a mobile number, like (415) 555-0100.' }));
    try {
      await takeFromNetwork(this.limits.codes, request);
      const ref = await this.codes.send(
        phone.e164,
        randomUUID(),
        { kind: 'sign_in' },
        SIGN_IN_TEXT,
        patientContext(request, await this.senderOf(phone.e164, next)),
      );
      sendPage(
        response,
        200,
        signInCodePage({ ref: VerificationCodes.formatRef(ref), maskedPhone: maskPhone(phone.e164), next }),
      );
    } catch (error) {
      sendFailure(request, response, error, (message) => signInPage({ next, notice: message }));
    }
  }

  @Post('p/sign-in/verify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Form post (ref, code, next): checks the code and starts a 30-minute session (HTML)' })
  @ApiConsumes('application/x-www-form-urlencoded')
  async verify(@Req() request: FastifyRequest, @Res() response: FastifyReply): Promise<void> {
    const next = safeNext(field(request.body, 'next'));
    const ref = VerificationCodes.parseRef(field(request.body, 'ref'));
    const again = (message: string) => signInPage({ next, notice: message });
    if (!ref) return sendPage(response, 404, again('That sign-in has ended. Start again.'));
    const code = readCode(request.body);
    try {
      const purpose = await this.codes.purposeOf(ref);
      if (purpose?.purpose.kind !== 'sign_in')
        return sendPage(response, 404, again('That sign-in has ended. Start again.'));
      if (code === null)
        throw ProblemException.of(422, 'invalid-code-format', 'Enter the 6 digits of the code we texted you.');
      await takeFromNetwork(this.limits.checks, request);
      const verified = await this.codes.check(ref, code, patientContext(request, NO_PRACTICE));
      const patientId = await this.patientOfPhone(verified.phone);
      if (!patientId)
        return sendPage(
          response,
          404,
          refusalPage(
            'No account with this number',
            "This number has not connected with a practice yet. Open your practice's link and press Connect.",
            { href: '/p/sign-in', label: 'Try another number' },
          ),
        );
      this.sessions.start(response, request, patientId);
      response.redirect(next, 303);
    } catch (error) {
      sendFailure(request, response, error, (message) =>
        signInCodePage({ ref: VerificationCodes.formatRef(ref), maskedPhone: '•••', next, error: message }),
      );
    }
  }

  @Post('p/sign-out')
  @ApiExcludeEndpoint()
  async signOut(@Req() request: FastifyRequest, @Res() response: FastifyReply): Promise<void> {
    // The session ends on the server: its cookie, wherever a copy of it is, no longer signs anyone in.
    const session = this.sessions.signed(request);
    if (session)
      await this.executor.execute(
        streams.patient(session.patientId),
        patientDecider,
        {
          type: 'SignOutPatient',
          patientId: session.patientId,
          sessionId: session.sessionId,
          sessionExpiresAt: new Date(session.expiresAt).toISOString(),
          at: this.clock.now().toISOString(),
        },
        patientContext(request, NO_PRACTICE),
      );
    this.sessions.end(response, request);
    response.redirect('/p/sign-in', 303);
  }

  /**
   * Whose number the code is texted from: the practice whose link the patient
   * came from, else the first practice they connected with, else the platform.
   * The answer to the person asking is the same page whichever it is.
   */
  private async senderOf(e164: string, next: string): Promise<string> {
    const slug = /^\/([a-z0-9-]+)\/message$/.exec(next)?.[1];
    const found = slug ? await resolvePublicLink(this.readModels, slug) : null;
    if (found) return found.link.practiceId;
    const patientId = await this.patientOfPhone(e164);
    const patient = patientId ? (await this.executor.load(streams.patient(patientId), patientDecider)).state : null;
    const first = patient?.status === 'active' ? Object.keys(patient.connections)[0] : undefined;
    return first ?? NO_PRACTICE;
  }

  private async patientOfPhone(e164: string): Promise<string | null> {
    const key = streams.reservation('patientphone', this.codes.phoneKey(e164));
    return (await this.executor.load(key, reservationDecider)).state.holder;
  }
}
