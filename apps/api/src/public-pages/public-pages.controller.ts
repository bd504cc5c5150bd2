import { QR_MARKER } from '@pi/domain';
import { Controller, Get, Head, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { ProjectionEngine } from '@pi/read-store';
import type { Request, Response } from 'express';
import { READ_MODELS } from '../infrastructure/tokens.js';
import { landingPage } from './landing.html.js';
import { PAGE_HEADERS, resolvePublicLink, sendNotFound } from './public-link.js';
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
  css(@Res() response: Response): void {
    response.type('text/css').setHeader('Cache-Control', 'public, max-age=3600').send(PUBLIC_CSS);
  }

  @Get(':slug')
  @ApiOperation({
    summary:
      "A link's landing page: the practice's profile and a Connect button (HTML). `?i=<token>` marks an invitation; it is never redeemed by a GET.",
  })
  @ApiParam({ name: 'slug', example: 'brown-clinic' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'text/html' })
  async landing(@Param('slug') slug: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const found = await resolvePublicLink(this.readModels, slug);
    if (!found) return sendNotFound(request, response);
    const visit = await this.views.record(found.link, request);
    const invitation = typeof request.query.i === 'string' && request.query.i.length <= 100 ? request.query.i : null;
    if (invitation && !visit.automated) await this.opens.record(invitation, found.link);
    const query = new URLSearchParams();
    if (invitation) query.set('i', invitation);
    else if (request.query[QR_MARKER.param] === QR_MARKER.value) query.set(QR_MARKER.param, QR_MARKER.value);
    const connect = `/${found.link.slug}/connect${query.size > 0 ? `?${query.toString()}` : ''}`;
    response.status(200).set(PAGE_HEADERS).type('html').send(landingPage(found.profile, connect));
  }

  /** Mail scanners and unfurlers send HEAD: answer it, and count it as automated. */
  @Head(':slug')
  @ApiExcludeEndpoint()
  async head(@Param('slug') slug: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const found = await resolvePublicLink(this.readModels, slug);
    if (found) await this.views.record(found.link, request);
    response
      .status(found ? 200 : 404)
      .set(PAGE_HEADERS)
      .type('html')
      .end();
  }
}
