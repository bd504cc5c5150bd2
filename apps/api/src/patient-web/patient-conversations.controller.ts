import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DEFAULT_TIME_ZONE, requireMessageText } from '@pi/domain';
import {
  conversationsOfPatient,
  conversationsProjection,
  messagesProjection,
  getPracticeProfile,
  linksProjection,
  listMessages,
  type LinkDoc,
} from '@pi/projections';
import type { Position } from '@pi/event-store';
import type { ProjectionEngine } from '@pi/read-store';
import type { FastifyRequest, FastifyReply } from 'fastify';
import { NO_PRACTICE, READ_MODELS } from '@pi/application';
import { toProblem } from '../http/problem-mapping.js';
import { refusalPage } from '../onboarding/signup.html.js';
import { patientContext, sendPage } from '../public-pages/page-answers.js';
import { resolvePublicLink, sendNotFound } from '../public-pages/public-link.js';
import { csrfHolds, sessionOrSignIn, textOf } from './patient-forms.js';
import { NotConnected, PatientMessages } from './patient-messages.js';
import { PatientSessions, type PatientSession } from './patient-sessions.js';
import { conversationPage, conversationsPage, writeToLinkPage } from './patient-web.html.js';

/**
 * The patient's side of secure messaging, on the web (their session cookie):
 * their conversations with each practice, replies, and writing to a practice
 * through any of its links.
 */
@ApiTags('public pages')
@Controller()
export class PatientConversationsController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(PatientSessions) private readonly sessions: PatientSessions,
    @Inject(PatientMessages) private readonly messages: PatientMessages,
  ) {}

  @Get('p/conversations')
  @ApiOperation({ summary: 'Patients: their conversations with each practice (HTML; the session cookie)' })
  @ApiProduces('text/html')
  async conversations(@Req() request: FastifyRequest, @Res() response: FastifyReply): Promise<void> {
    const session = await this.session(request, response);
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
    sendPage(response, 200, conversationsPage(rows, this.sessions.csrfToken(session)));
  }

  @Get('p/conversations/:conversationId')
  @ApiOperation({ summary: 'Patients: one conversation and a reply form (HTML; the session cookie)' })
  @ApiProduces('text/html')
  async conversation(
    @Param('conversationId') conversationId: string,
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
  ): Promise<void> {
    const session = await this.session(request, response);
    if (!session) return;
    await this.showConversation(response, session, conversationId, 200);
  }

  @Post('p/conversations/:conversationId/messages')
  @ApiOperation({ summary: 'Form post (text, csrf): the patient replies (HTML; the session cookie)' })
  @ApiConsumes('application/x-www-form-urlencoded')
  async reply(
    @Param('conversationId') conversationId: string,
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
  ): Promise<void> {
    const session = await this.session(request, response);
    if (!session || !this.csrf(session, request, response)) return;
    try {
      const text = requireMessageText(textOf(request.body));
      const { position } = await this.messages.reply(
        session.patientId,
        conversationId,
        text,
        patientContext(request, NO_PRACTICE),
      );
      await this.shown(position);
      response.redirect(`/p/conversations/${conversationId}`, 303);
    } catch (error) {
      const { problem } = toProblem(error);
      if (problem.status >= 500) throw error;
      await this.showConversation(response, session, conversationId, problem.status, problem.detail ?? problem.title);
    }
  }

  @Get(':slug/message')
  @ApiOperation({ summary: 'Patients: write to the practice through this link (HTML; signs in first)' })
  @ApiProduces('text/html')
  async writeForm(
    @Param('slug') slug: string,
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
  ): Promise<void> {
    const found = await resolvePublicLink(this.readModels, slug);
    if (!found) return sendNotFound(request, response);
    const session = await this.session(request, response, `/${found.link.slug}/message`);
    if (!session) return;
    sendPage(
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
  async write(
    @Param('slug') slug: string,
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
  ): Promise<void> {
    const found = await resolvePublicLink(this.readModels, slug);
    if (!found) return sendNotFound(request, response);
    const session = await this.session(request, response, `/${found.link.slug}/message`);
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
      const { conversationId, position } = await this.messages.throughLink(
        session.patientId,
        found.link.id,
        text,
        patientContext(request, found.link.practiceId),
      );
      await this.shown(position);
      response.redirect(`/p/conversations/${conversationId}`, 303);
    } catch (error) {
      if (error instanceof NotConnected)
        return sendPage(
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
      sendPage(response, problem.status, form(problem.detail ?? problem.title));
    }
  }

  private async showConversation(
    response: FastifyReply,
    session: PatientSession,
    conversationId: string,
    status: number,
    error?: string,
  ): Promise<void> {
    const docs = await conversationsOfPatient(this.readModels, session.patientId);
    const doc = docs.items.find((item) => item.id === conversationId);
    if (!doc)
      return sendPage(
        response,
        404,
        refusalPage('Not found', 'There is no such conversation in your messages.', {
          href: '/p/conversations',
          label: 'All your messages',
        }),
      );
    const messages = await listMessages(this.readModels, doc.id, { limit: 200 });
    const practice = await getPracticeProfile(this.readModels, doc.practiceId);
    sendPage(
      response,
      status,
      conversationPage({
        practiceName: practice?.name ?? 'Your practice',
        timeZone: practice?.timeZone ?? DEFAULT_TIME_ZONE,
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

  /** The page the patient is sent to next shows what they just wrote: the read models have reached it. */
  private async shown(position: Position | null): Promise<void> {
    if (position !== null)
      await this.readModels.waitFor([conversationsProjection.name, messagesProjection.name], position, 2000);
  }

  private session(request: FastifyRequest, response: FastifyReply, next?: string): Promise<PatientSession | null> {
    return sessionOrSignIn(this.sessions, request, response, next);
  }

  private csrf(session: PatientSession, request: FastifyRequest, response: FastifyReply): boolean {
    return csrfHolds(this.sessions, session, request, response);
  }
}
