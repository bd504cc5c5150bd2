import { Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { practiceDecider, streams } from '@pi/domain';
import { queryOf } from '../http/request-url.js';
import type { FastifyRequest, FastifyReply } from 'fastify';
import { CommandExecutor, EmailConsent, UnsubscribeLinks } from '@pi/application';
import { patientContext, sendPage } from '../public-pages/page-answers.js';
import { maskEmail, unknownLinkPage, unsubscribedPage, unsubscribePage } from './unsubscribe.html.js';

/**
 * The one-click unsubscribe of invitation and reminder emails (RFC 8058): mail
 * clients POST `List-Unsubscribe=One-Click` to the link in `List-Unsubscribe`;
 * a person who opens it gets a page with one button. Only a POST unsubscribes,
 * so scanners that open links change nothing. Honoured at once, like SMS STOP,
 * for that practice and address.
 */
@ApiTags('public pages')
@Controller('p/unsubscribe')
export class EmailUnsubscribeController {
  constructor(
    @Inject(UnsubscribeLinks) private readonly links: UnsubscribeLinks,
    @Inject(EmailConsent) private readonly consent: EmailConsent,
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Patients: the unsubscribe page of an email’s link (changes nothing; HTML)' })
  @ApiQuery({ name: 't', description: 'The sealed token from the email' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'text/html' })
  async page(@Req() request: FastifyRequest, @Res() response: FastifyReply): Promise<void> {
    const token = queryOf(request).t;
    const named = this.links.read(token);
    if (!named || typeof token !== 'string') return sendPage(response, 404, unknownLinkPage());
    const practiceName = await this.practiceName(named.practiceId);
    sendPage(response, 200, unsubscribePage({ token, practiceName, maskedEmail: maskEmail(named.email) }));
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Unsubscribe the address from the practice’s email: the one-click POST (body List-Unsubscribe=One-Click) or the page’s button (HTML)',
  })
  @ApiQuery({ name: 't', description: 'The sealed token from the email' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOkResponse({ description: 'text/html' })
  async unsubscribe(@Req() request: FastifyRequest, @Res() response: FastifyReply): Promise<void> {
    const named = this.links.read(queryOf(request).t);
    if (!named) return sendPage(response, 404, unknownLinkPage());
    const context = { ...patientContext(request, named.practiceId), actor: 'public:unsubscribe' };
    await this.consent.optOut(named.practiceId, named.email, 'unsubscribe', null, context);
    const practiceName = await this.practiceName(named.practiceId);
    sendPage(response, 200, unsubscribedPage({ practiceName, maskedEmail: maskEmail(named.email) }));
  }

  private async practiceName(practiceId: string): Promise<string> {
    const practice = (await this.executor.load(streams.practice(practiceId), practiceDecider)).state;
    return practice.status === 'registered' ? practice.profile.name : 'The practice';
  }
}
