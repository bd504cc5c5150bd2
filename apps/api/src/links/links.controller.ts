import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { linkDetails, linkFunnels, listLinkViews, type LinkFunnel, type LinkView } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import { type AuthContext, type CommandContext, type Config, CONFIG, READ_MODELS } from '@pi/application';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotModifiedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { LinkNotFound, QR_MARKER, TAG_SCOPES, TagNotApplied, type TagScope } from '@pi/domain';
import type { FastifyRequest, FastifyReply } from 'fastify';
import { Caller } from '../auth/decorators.js';
import { CommandCtx } from '../http/command-context.decorator.js';
import { CommandResultDto, positionText } from '../http/command-result.js';
import { ProblemException } from '../http/problem.js';
import {
  AddLinkMemberCommand,
  ChangeLinkCommand,
  ChangeLinkOwnerCommand,
  ChangeLinkSlugCommand,
  CreateLinkCommand,
} from './links.commands.js';
import {
  AutoAssignDto,
  CreatedLinkDto,
  CreateLinkDto,
  LinkDto,
  LinkMemberDto,
  LinkOwnerDto,
  LinkPageDto,
  LinkTagDto,
  ListLinksQueryDto,
  QrQueryDto,
  UpdateLinkDto,
} from './links.dto.js';
import { qrEtag, qrPng, qrSvg } from './qr-code.js';

@ApiTags('links')
@ApiBearerAuth()
@Controller('v1/links')
export class LinksController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    private readonly commands: CommandBus,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  private publicUrl(slug: string): string {
    return `${this.config.publicBaseUrl}/${slug}`;
  }

  /** What the QR code carries: the link, marked so a scan counts apart from a typed or clicked visit. */
  private qrUrl(slug: string): string {
    return `${this.publicUrl(slug)}?${QR_MARKER.param}=${QR_MARKER.value}`;
  }

  private toDto(view: LinkView, funnel: LinkFunnel): LinkDto {
    return {
      ...view,
      funnel,
      publicUrl: this.publicUrl(view.slug),
      qr: { png: `/v1/links/${view.id}/qr.png`, svg: `/v1/links/${view.id}/qr.svg` },
    };
  }

  private async existing(caller: AuthContext, linkId: string) {
    const link = await linkDetails(this.readModels, caller.practiceId, linkId);
    if (!link) throw new LinkNotFound(linkId);
    return link;
  }

  @Post()
  @ApiOperation({
    summary: 'Create a practice link (admins). The slug is unique across the deployment; 409 names a taken one.',
  })
  @ApiCreatedResponse({ type: CreatedLinkDto })
  async create(@Body() body: CreateLinkDto, @CommandCtx() context: CommandContext): Promise<CreatedLinkDto> {
    const { linkId, slug, position } = await this.commands.execute(
      new CreateLinkCommand(body.label, body.slug, context),
    );
    return { id: linkId, slug, publicUrl: this.publicUrl(slug), position: positionText(position) };
  }

  @Get()
  @ApiOperation({ summary: 'Practice links, oldest first' })
  @ApiOkResponse({ type: LinkPageDto })
  async list(@Caller() caller: AuthContext, @Query() query: ListLinksQueryDto): Promise<LinkPageDto> {
    const page = await listLinkViews(this.readModels, caller.practiceId, {
      limit: query.limit ?? 50,
      cursor: query.cursor,
      includeArchived: query.includeArchived,
    });
    const funnels = await linkFunnels(
      this.readModels,
      page.items.map((view) => view.id),
    );
    return { items: page.items.map((view) => this.toDto(view, funnels.get(view.id)!)), nextCursor: page.nextCursor };
  }

  @Get(':linkId')
  @ApiOperation({ summary: 'One link with its settings, QR URLs, page views and live funnel' })
  @ApiOkResponse({ type: LinkDto })
  async get(@Caller() caller: AuthContext, @Param('linkId') linkId: string): Promise<LinkDto> {
    const link = await this.existing(caller, linkId);
    const funnel = (await linkFunnels(this.readModels, [link.id])).get(link.id)!;
    return { ...this.toDto(link, funnel), views: link.views };
  }

  @Patch(':linkId')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Change the label and/or the slug (admins). A new slug frees the old one: the old URL stops resolving.',
  })
  @ApiOkResponse({ type: CommandResultDto })
  async update(
    @Param('linkId') linkId: string,
    @Body() body: UpdateLinkDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    let position: bigint | null = null;
    if (body.slug !== undefined)
      position = (await this.commands.execute(new ChangeLinkSlugCommand(linkId, body.slug, context))).position;
    if (body.label !== undefined)
      position = (
        await this.commands.execute(new ChangeLinkCommand({ type: 'RenameLink', linkId, label: body.label }, context))
      ).position;
    if (position === null) throw ProblemException.of(400, 'nothing-to-change', 'Send label and/or slug.');
    return { position: positionText(position) };
  }

  @Put(':linkId/owner')
  @ApiOperation({
    summary: 'Set the owner: a staff member or a team of this practice (admins). 422 names an unknown one.',
  })
  @ApiOkResponse({ type: CommandResultDto })
  async setOwner(
    @Param('linkId') linkId: string,
    @Body() body: LinkOwnerDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    return {
      position: positionText(
        (await this.commands.execute(new ChangeLinkOwnerCommand(linkId, { type: body.type, id: body.id }, context)))
          .position,
      ),
    };
  }

  @Delete(':linkId/owner')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove the owner (admins); auto-assign turns off with it.' })
  @ApiOkResponse({ type: CommandResultDto })
  async removeOwner(@Param('linkId') linkId: string, @CommandCtx() context: CommandContext): Promise<CommandResultDto> {
    return {
      position: positionText((await this.commands.execute(new ChangeLinkOwnerCommand(linkId, null, context))).position),
    };
  }

  @Post(':linkId/members')
  @ApiOperation({
    summary:
      'Add a member (admins): they see incoming communication and may start conversations from the link. 409 when already one.',
  })
  @ApiCreatedResponse({ type: CommandResultDto })
  async addMember(
    @Param('linkId') linkId: string,
    @Body() body: LinkMemberDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    return {
      position: positionText(
        (await this.commands.execute(new AddLinkMemberCommand(linkId, body.staffId, context))).position,
      ),
    };
  }

  @Delete(':linkId/members/:staffId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove a member (admins); 404 when not one. Conversations they are already in keep them.' })
  @ApiOkResponse({ type: CommandResultDto })
  async removeMember(
    @Param('linkId') linkId: string,
    @Param('staffId') staffId: string,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    return {
      position: positionText(
        (await this.commands.execute(new ChangeLinkCommand({ type: 'RemoveLinkMember', linkId, staffId }, context)))
          .position,
      ),
    };
  }

  @Post(':linkId/tags')
  @ApiOperation({ summary: 'Apply a conversation or contact tag (admins); 409 when already applied (case ignored).' })
  @ApiCreatedResponse({ type: CommandResultDto })
  async applyTag(
    @Param('linkId') linkId: string,
    @Body() body: LinkTagDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    return {
      position: positionText(
        (
          await this.commands.execute(
            new ChangeLinkCommand({ type: 'ApplyTag', linkId, scope: body.scope, tag: body.tag }, context),
          )
        ).position,
      ),
    };
  }

  @Delete(':linkId/tags/:scope/:tag')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop applying a tag from now on (admins); existing conversations keep it.' })
  @ApiOkResponse({ type: CommandResultDto })
  async removeTag(
    @Param('linkId') linkId: string,
    @Param('scope') scope: string,
    @Param('tag') tag: string,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    if (!(TAG_SCOPES as readonly string[]).includes(scope)) throw new TagNotApplied(scope as TagScope, tag);
    return {
      position: positionText(
        (
          await this.commands.execute(
            new ChangeLinkCommand({ type: 'RemoveTag', linkId, scope: scope as TagScope, tag }, context),
          )
        ).position,
      ),
    };
  }

  @Put(':linkId/auto-assign')
  @ApiOperation({ summary: 'Turn auto-assign on or off (admins); on needs an owner (409 otherwise).' })
  @ApiOkResponse({ type: CommandResultDto })
  async autoAssign(
    @Param('linkId') linkId: string,
    @Body() body: AutoAssignDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    return {
      position: positionText(
        (
          await this.commands.execute(
            new ChangeLinkCommand({ type: 'SetAutoAssign', linkId, enabled: body.enabled }, context),
          )
        ).position,
      ),
    };
  }

  @Post(':linkId/archive')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Archive the link (admins): its public page stops, its history stays, its slug stays reserved.',
  })
  @ApiOkResponse({ type: CommandResultDto })
  async archive(@Param('linkId') linkId: string, @CommandCtx() context: CommandContext): Promise<CommandResultDto> {
    return {
      position: positionText(
        (await this.commands.execute(new ChangeLinkCommand({ type: 'ArchiveLink', linkId }, context))).position,
      ),
    };
  }

  @Get(':linkId/qr.png')
  @ApiOperation({ summary: "PNG QR code of the link's public URL" })
  @ApiProduces('image/png')
  @ApiOkResponse({ description: 'image/png', schema: { type: 'string', format: 'binary' } })
  @ApiNotModifiedResponse({ description: 'If-None-Match matched the ETag' })
  async qrPng(
    @Caller() caller: AuthContext,
    @Param('linkId') linkId: string,
    @Query() query: QrQueryDto,
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
  ): Promise<void> {
    const link = await this.existing(caller, linkId);
    const size = query.size ?? 512;
    const url = this.qrUrl(link.slug);
    if (this.notModified(request, response, qrEtag(url, 'png', size))) return;
    response.type('image/png').send(await qrPng(url, size));
  }

  @Get(':linkId/qr.svg')
  @ApiOperation({ summary: "SVG QR code of the link's public URL" })
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({ description: 'image/svg+xml', schema: { type: 'string' } })
  @ApiNotModifiedResponse({ description: 'If-None-Match matched the ETag' })
  async qrSvg(
    @Caller() caller: AuthContext,
    @Param('linkId') linkId: string,
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
  ): Promise<void> {
    const link = await this.existing(caller, linkId);
    const url = this.qrUrl(link.slug);
    if (this.notModified(request, response, qrEtag(url, 'svg', 0))) return;
    response.type('image/svg+xml').send(await qrSvg(url));
  }

  /** The QR code changes only with the slug: clients revalidate and usually get 304. */
  private notModified(request: FastifyRequest, response: FastifyReply, etag: string): boolean {
    response.header('ETag', etag);
    response.header('Cache-Control', 'private, no-cache');
    if (request.headers['if-none-match']?.split(',').some((tag) => tag.trim() === etag)) {
      response.status(304).send();
      return true;
    }
    return false;
  }
}
