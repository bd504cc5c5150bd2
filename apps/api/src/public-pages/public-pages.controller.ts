import { QR_MARKER } from '@pi/domain';
import { Controller, Get, Head, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { ProjectionEngine } from '@pi/read-store';
import type { FastifyRequest, FastifyReply } from 'fastify';
import { READ_MODELS } from '@pi/application';
import { helpPage } from './help.html.js';
import { landingPage } from './landing.html.js';
import { sendPage } from './page-answers.js';
import { PAGE_HEADERS, resolvePublicLink, sendNotFound, visitQuery } from './public-link.js';
import { InviteOpens } from '../invitations/invite-opens.js';
import { PageViews } from './page-views.js';
import { PUBLIC_CSS } from './public.css.js';

@ApiTags('public pages')
@Controller()
export class PublicPagesController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(PageViews) private readonly views: PageViews,
    @Inject(InviteOpens) private readonly opens: InviteOpens,
  ) {}

  @Get('assets/public.css')
  @ApiExcludeEndpoint()
  css(@Res() response: FastifyReply): void {
    response.type('text/css; charset=utf-8').header('Cache-Control', 'public, max-age=3600').send(PUBLIC_CSS);
  }

  /** Mail scanners and unfurlers send HEAD: answer it, and count it as automated (declared before the GET, whose HEAD it is). */
  @Head(':slug')
  @ApiExcludeEndpoint()
  async head(
    @Param('slug') slug: string,
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
  ): Promise<void> {
    const found = await resolvePublicLink(this.readModels, slug);
    if (found) await this.views.record(found.link, request);
    response
      .status(found ? 200 : 404)
      .headers(PAGE_HEADERS)
      .type('text/html; charset=utf-8')
      .send();
  }

  @Get(':slug/help')
  @ApiOperation({ summary: "Help for patients: the code, what they need, and the practice's contact details (HTML)" })
  @ApiParam({ name: 'slug', example: 'brown-clinic' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'text/html' })
  async help(
    @Param('slug') slug: string,
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
  ): Promise<void> {
    const found = await resolvePublicLink(this.readModels, slug);
    if (!found) return sendNotFound(request, response);
    sendPage(response, 200, helpPage(found.profile, found.link.slug));
  }

  @Get(':slug')
  @ApiOperation({
    summary:
      "A link's landing page: the practice's profile and a Connect button (HTML). `?i=<token>` marks an invitation; it is never redeemed by a GET.",
  })
  @ApiParam({ name: 'slug', example: 'brown-clinic' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'text/html' })
  async landing(
    @Param('slug') slug: string,
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
  ): Promise<void> {
    const found = await resolvePublicLink(this.readModels, slug);
    if (!found) return sendNotFound(request, response);
    const visit = await this.views.record(found.link, request);
    const { invitation, fromQr } = visitQuery(request);
    if (invitation && !visit.automated) await this.opens.record(invitation, found.link);
    const query = new URLSearchParams();
    if (invitation) query.set('i', invitation);
    else if (fromQr) query.set(QR_MARKER.param, QR_MARKER.value);
    const connect = `/${found.link.slug}/connect${query.size > 0 ? `?${query.toString()}` : ''}`;
    sendPage(response, 200, landingPage(found.profile, connect, `/${found.link.slug}/help`));
  }
}
