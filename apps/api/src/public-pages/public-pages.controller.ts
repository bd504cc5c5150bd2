import { Controller, Get, Head, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { getPracticeProfile, linkBySlug, type LinkDoc, type PracticeProfileDoc } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import type { Request, Response } from 'express';
import { Public } from '../auth/decorators.js';
import { sendProblem } from '../http/problem.filter.js';
import { problemType } from '../http/problem.js';
import { READ_MODELS } from '../infrastructure/tokens.js';
import { connectPage, landingPage, notFoundPage } from './landing.html.js';
import { InviteOpens } from '../invitations/invite-opens.js';
import { PageViews } from './page-views.js';
import { PUBLIC_CSS } from './public.css.js';

const SLUG = /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/;

/** Patients' pages: no token, nothing about any patient, strict headers. */
const PAGE_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; style-src 'self'; img-src 'self' https: data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  // The invitation token in ?i= must not leak to the logo's host or any link followed.
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'private, no-cache',
};

@ApiTags('public pages')
@Controller()
export class PublicPagesController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(PageViews) private readonly views: PageViews,
    @Inject(InviteOpens) private readonly opens: InviteOpens,
  ) {}

  @Public()
  @Get('assets/public.css')
  @ApiExcludeEndpoint()
  css(@Res() response: Response): void {
    response.type('text/css').setHeader('Cache-Control', 'public, max-age=3600').send(PUBLIC_CSS);
  }

  @Public()
  @Get(':slug')
  @ApiOperation({ summary: "A link's landing page: the practice's profile and a Connect button (HTML). `?i=<token>` marks an invitation; it is never redeemed by a GET." })
  @ApiParam({ name: 'slug', example: 'brown-clinic' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'text/html' })
  async landing(@Param('slug') slug: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const found = await this.resolve(slug);
    if (!found) return this.notFound(request, response);
    const visit = await this.views.record(found.link, request);
    const invitation = typeof request.query.i === 'string' && request.query.i.length <= 100 ? request.query.i : null;
    if (invitation && !visit.automated) await this.opens.record(invitation, found.link);
    const connect = `/${found.link.slug}/connect${invitation ? `?i=${encodeURIComponent(invitation)}` : ''}`;
    response.status(200).set(PAGE_HEADERS).type('html').send(landingPage(found.profile, connect));
  }

  /** Mail scanners and unfurlers send HEAD: answer it, and count it as automated. */
  @Public()
  @Head(':slug')
  @ApiExcludeEndpoint()
  async head(@Param('slug') slug: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const found = await this.resolve(slug);
    if (found) await this.views.record(found.link, request);
    response.status(found ? 200 : 404).set(PAGE_HEADERS).type('html').end();
  }

  @Public()
  @Get(':slug/connect')
  @ApiOperation({ summary: 'Where the Connect button leads: the web signup (coming soon)' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'text/html' })
  async connect(@Param('slug') slug: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const found = await this.resolve(slug);
    if (!found) return this.notFound(request, response);
    response.status(200).set(PAGE_HEADERS).type('html').send(connectPage(found.profile, `/${found.link.slug}`));
  }

  private async resolve(slug: string): Promise<{ link: LinkDoc; profile: PracticeProfileDoc } | null> {
    if (!SLUG.test(slug)) return null;
    const link = await linkBySlug(this.readModels, slug);
    const profile = link && (await getPracticeProfile(this.readModels, link.practiceId));
    return link && profile ? { link, profile } : null;
  }

  /** A person gets a friendly page; an API client asking for JSON gets a problem. */
  private notFound(request: Request, response: Response): void {
    if (request.accepts(['html', 'json']) === 'json') {
      sendProblem(response, { type: problemType('not-found'), title: 'Not found', status: 404, detail: 'No such page or link.', instance: request.path });
      return;
    }
    response.status(404).set(PAGE_HEADERS).type('html').send(notFoundPage());
  }
}
