import { randomUUID } from 'node:crypto';
import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { parsePhone, patientDecider, requireMessageText, reservationDecider, streams } from '@pi/domain';
import {
  conversationsOfPatient,
  getPracticeProfile,
  listMessages,
  linksProjection,
  type LinkDoc,
} from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import type { Request, Response } from 'express';
import { NO_PRACTICE } from '../auth/auth-context.js';
import { toProblem } from '../http/problem-mapping.js';
import { ProblemException } from '../http/problem.js';
import { CommandExecutor } from '../infrastructure/command-executor.js';
import { CLOCK, READ_MODELS, type Clock } from '../infrastructure/tokens.js';
import { IP_LIMITS, IpRateLimiter } from '../onboarding/ip-limits.js';
import { readCode } from '../onboarding/signup-form.js';
import { maskPhone, refusalPage } from '../onboarding/signup.html.js';
import { VerificationCodes } from '../onboarding/verification-codes.js';
import { patientContext, sendFailure, sendPage, takeFromNetwork } from '../public-pages/page-answers.js';
import { resolvePublicLink, sendNotFound } from '../public-pages/public-link.js';
import { NotConnected, PatientMessages } from './patient-messages.js';
import { PatientSessions, type PatientSession } from './patient-sessions.js';
import {
  conversationPage,
  conversationsPage,
  signInCodePage,
  signInPage,
  writeToLinkPage,
} from './patient-web.html.js';

const SIGN_IN_TEXT = (code: string) =>
  `${code} is your code to sign in to your messages. It expires in 10 minutes. Never share it.`;
/** Where a sign-in may send the patient back to: their messages, or a link's message page. Nothing else. */
const NEXT = /^\/(p\/conversations(\/[0-9a-f-]{36})?|[a-z0-9-]{1,64}\/message)$/;
const safeNext = (value: unknown) => (typeof value === 'string' && NEXT.test(value) ? value : '/p/conversations');
const field = (body: unknown, name: string): unknown => (body as Record<string, unknown> | undefined)?.[name];
/** A form's text field (anything else reads as empty). */
const textOf = (body: unknown): string => {
  const text = field(body, 'text');
  return typeof text === 'string' ? text : '';
};

/**
 * The patient's side of secure messaging, on the web: sign in with the phone
 * and a texted code (the same code rules as signup), a 30-minute session
 * cookie, their conversations with each practice, replies, and writing to a
 * practice through any of its links. Pages only; no answer says whether a
 * phone has an account before its code is proven.
 */
@ApiTags('public pages')
@Controller()
export class PatientWebController {
  private readonly codesPerIp: IpRateLimiter;
  private readonly checksPerIp: IpRateLimiter;

  constructor(
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(VerificationCodes) private readonly codes: VerificationCodes,
    @Inject(PatientSessions) private readonly sessions: PatientSessions,
    @Inject(PatientMessages) private readonly messages: PatientMessages,
    @Inject(CLOCK) clock: Clock,
  ) {
    this.codesPerIp = new IpRateLimiter(IP_LIMITS.codesPerHour, 3600_000, clock);
    this.checksPerIp = new IpRateLimiter(IP_LIMITS.checksPerHour, 3600_000, clock);
  }

  @Get('p/sign-in')
  @ApiOperation({ summary: 'Patients: sign in to their messages with their phone (HTML)' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'text/html' })
  signIn(@Req() request: Request, @Res() response: Response): void {
    this.html(response, 200, signInPage({ next: safeNext(request.query.next) }));
  }

  @Post('p/sign-in')
  @HttpCode(200)
  @ApiOperation({ summary: 'Form post (phone, next): texts a 6-digit sign-in code (HTML)' })
  @ApiConsumes('application/x-www-form-urlencoded')
  async sendCode(@Req() request: Request, @Res() response: Response): Promise<void> {
    const next = safeNext(field(request.body, 'next'));
    const typed = field(request.body, 'phone');
    const phone = typeof typed === 'string' ? parsePhone(typed, 'US') : null;
    if (!phone)
      return this.html(response, 422, signInPage({ next, error: 'Enter a mobile number, like (415) 555-0100.' }));
    try {
      takeFromNetwork(this.codesPerIp, request);
      const ref = await this.codes.send(
        phone.e164,
        randomUUID(),
        { kind: 'sign_in' },
        SIGN_IN_TEXT,
        patientContext(request, await this.senderOf(phone.e164, next)),
      );
      this.html(
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
  async verify(@Req() request: Request, @Res() response: Response): Promise<void> {
    const next = safeNext(field(request.body, 'next'));
    const ref = VerificationCodes.parseRef(field(request.body, 'ref'));
    const again = (message: string) => signInPage({ next, notice: message });
    if (!ref) return this.html(response, 404, again('That sign-in has ended. Start again.'));
    const code = readCode(request.body);
    try {
      const purpose = await this.codes.purposeOf(ref);
      if (purpose?.purpose.kind !== 'sign_in')
        return this.html(response, 404, again('That sign-in has ended. Start again.'));
      if (code === null)
        throw ProblemException.of(422, 'invalid-code-format', 'Enter the 6 digits of the code we texted you.');
      takeFromNetwork(this.checksPerIp, request);
      const verified = await this.codes.check(ref, code, patientContext(request, NO_PRACTICE));
      const patientId = await this.patientOfPhone(verified.phone);
      if (!patientId)
        return this.html(
          response,
          404,
          refusalPage(
            'No account with this number',
            "This number has not connected with a practice yet. Open your practice's link and press Connect.",
            { href: '/p/sign-in', label: 'Try another number' },
          ),
        );
      this.sessions.start(response, request, patientId);
      response.redirect(303, next);
    } catch (error) {
      sendFailure(request, response, error, (message) =>
        signInCodePage({ ref: VerificationCodes.formatRef(ref), maskedPhone: '•••', next, error: message }),
      );
    }
  }

  @Post('p/sign-out')
  @ApiExcludeEndpoint()
  signOut(@Req() request: Request, @Res() response: Response): void {
    this.sessions.end(response, request);
    response.redirect(303, '/p/sign-in');
  }

  @Get('p/conversations')
  @ApiOperation({ summary: 'Patients: their conversations with each practice (HTML; the session cookie)' })
  @ApiProduces('text/html')
  async conversations(@Req() request: Request, @Res() response: Response): Promise<void> {
    const session = this.session(request, response);
    if (!session) return;
    const page = await conversationsOfPatient(this.readModels, session.patientId);
    const links = await this.readModels.getMany<LinkDoc>(
      linksProjection.name,
      page.items.map((doc) => doc.linkId),
    );
    const rows = await Promise.all(
      page.items.map(async (doc) => ({
        id: doc.id,
        practiceName: (await getPracticeProfile(this.readModels, doc.practiceId))?.name ?? 'Your practice',
        linkLabel: links.get(doc.linkId)?.label ?? null,
        preview: doc.lastMessage?.preview ?? null,
        at: doc.activityAt,
      })),
    );
    this.html(response, 200, conversationsPage(rows, this.sessions.csrfToken(session)));
  }

  @Get('p/conversations/:conversationId')
  @ApiOperation({ summary: 'Patients: one conversation and a reply form (HTML; the session cookie)' })
  @ApiProduces('text/html')
  async conversation(
    @Param('conversationId') conversationId: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const session = this.session(request, response);
    if (!session) return;
    await this.showConversation(response, session, conversationId, 200);
  }

  @Post('p/conversations/:conversationId/messages')
  @ApiOperation({ summary: 'Form post (text, csrf): the patient replies (HTML; the session cookie)' })
  @ApiConsumes('application/x-www-form-urlencoded')
  async reply(
    @Param('conversationId') conversationId: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const session = this.session(request, response);
    if (!session || !this.csrf(session, request, response)) return;
    try {
      const text = requireMessageText(textOf(request.body));
      await this.messages.reply(session.patientId, conversationId, text, patientContext(request, NO_PRACTICE));
      response.redirect(303, `/p/conversations/${conversationId}`);
    } catch (error) {
      const { problem } = toProblem(error);
      if (problem.status >= 500) throw error;
      await this.showConversation(response, session, conversationId, problem.status, problem.detail ?? problem.title);
    }
  }

  @Get(':slug/message')
  @ApiOperation({ summary: 'Patients: write to the practice through this link (HTML; signs in first)' })
  @ApiProduces('text/html')
  async writeForm(@Param('slug') slug: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const found = await resolvePublicLink(this.readModels, slug);
    if (!found) return sendNotFound(request, response);
    const session = this.session(request, response, `/${found.link.slug}/message`);
    if (!session) return;
    this.html(
      response,
      200,
      writeToLinkPage({
        practiceName: found.profile.name,
        action: `/${found.link.slug}/message`,
        csrf: this.sessions.csrfToken(session),
      }),
    );
  }

  @Post(':slug/message')
  @ApiOperation({
    summary:
      "Form post (text, csrf): the patient's message to the practice through this link; the link's conversation tags and auto-assign apply",
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  async write(@Param('slug') slug: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const found = await resolvePublicLink(this.readModels, slug);
    if (!found) return sendNotFound(request, response);
    const session = this.session(request, response, `/${found.link.slug}/message`);
    if (!session || !this.csrf(session, request, response)) return;
    const form = (error: string) =>
      writeToLinkPage({
        practiceName: found.profile.name,
        action: `/${found.link.slug}/message`,
        csrf: this.sessions.csrfToken(session),
        error,
      });
    try {
      const text = requireMessageText(textOf(request.body));
      const { conversationId } = await this.messages.throughLink(
        session.patientId,
        found.link.id,
        text,
        patientContext(request, found.link.practiceId),
      );
      response.redirect(303, `/p/conversations/${conversationId}`);
    } catch (error) {
      if (error instanceof NotConnected)
        return this.html(
          response,
          409,
          refusalPage(
            `Connect with ${found.profile.name} first`,
            `You are signed in, but not yet connected with ${found.profile.name}.`,
            { href: `/${found.link.slug}/connect`, label: `Connect with ${found.profile.name}` },
          ),
        );
      const { problem } = toProblem(error);
      if (problem.status >= 500) throw error;
      this.html(response, problem.status, form(problem.detail ?? problem.title));
    }
  }

  private async showConversation(
    response: Response,
    session: PatientSession,
    conversationId: string,
    status: number,
    error?: string,
  ): Promise<void> {
    const docs = await conversationsOfPatient(this.readModels, session.patientId);
    const doc = docs.items.find((item) => item.id === conversationId);
    if (!doc)
      return this.html(
        response,
        404,
        refusalPage('Not found', 'There is no such conversation in your messages.', {
          href: '/p/conversations',
          label: 'All your messages',
        }),
      );
    const messages = await listMessages(this.readModels, doc.id, { limit: 200 });
    this.html(
      response,
      status,
      conversationPage({
        practiceName: (await getPracticeProfile(this.readModels, doc.practiceId))?.name ?? 'Your practice',
        messages: messages.items.map((m) => ({
          mine: m.author.type === 'patient',
          text: m.text,
          at: m.postedAt,
        })),
        action: `/p/conversations/${doc.id}/messages`,
        csrf: this.sessions.csrfToken(session),
        error,
      }),
    );
  }

  /** The patient's session, or a redirect to sign in (and back here after). */
  private session(request: Request, response: Response, next?: string): PatientSession | null {
    const session = this.sessions.read(request);
    if (session) return session;
    response.redirect(303, `/p/sign-in?next=${encodeURIComponent(next ?? safeNext(request.path))}`);
    return null;
  }

  private csrf(session: PatientSession, request: Request, response: Response): boolean {
    if (this.sessions.checkCsrf(session, field(request.body, 'csrf'))) return true;
    this.html(
      response,
      403,
      refusalPage('Please try again', 'This form has expired. Open the page again and resend.', {
        href: '/p/conversations',
        label: 'Your messages',
      }),
    );
    return false;
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

  private html(response: Response, status: number, body: string): void {
    sendPage(response, status, body);
  }
}
