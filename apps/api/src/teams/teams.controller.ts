import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { getTeam, listTeams } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import { type AuthContext, type CommandContext, READ_MODELS } from '@pi/application';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TeamNotFound } from '@pi/domain';
import { Caller } from '../auth/decorators.js';
import { CommandCtx } from '../http/command-context.decorator.js';
import { CommandResultDto, CreatedResultDto, positionText } from '../http/command-result.js';
import { PageQueryDto } from '../http/pagination.dto.js';
import {
  AddTeamMemberCommand,
  CreateTeamCommand,
  RemoveTeamMemberCommand,
  RenameTeamCommand,
} from './teams.commands.js';
import { AddTeamMemberDto, CreateTeamDto, RenameTeamDto, TeamDto, TeamPageDto } from './teams.dto.js';

@ApiTags('teams')
@ApiBearerAuth()
@Controller('v1/teams')
export class TeamsController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    private readonly commands: CommandBus,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a team (admins)' })
  @ApiCreatedResponse({ type: CreatedResultDto })
  async create(@Body() body: CreateTeamDto, @CommandCtx() context: CommandContext): Promise<CreatedResultDto> {
    const { teamId, position } = await this.commands.execute(new CreateTeamCommand(body.name, context));
    return { id: teamId, position: positionText(position) };
  }

  @Get()
  @ApiOperation({ summary: 'Teams with their members, by name' })
  @ApiOkResponse({ type: TeamPageDto })
  list(@Caller() caller: AuthContext, @Query() query: PageQueryDto): Promise<TeamPageDto> {
    return listTeams(this.readModels, caller.practiceId, { limit: query.limit ?? 50, cursor: query.cursor });
  }

  @Get(':teamId')
  @ApiOkResponse({ type: TeamDto })
  async get(@Caller() caller: AuthContext, @Param('teamId') teamId: string): Promise<TeamDto> {
    const team = await getTeam(this.readModels, caller.practiceId, teamId);
    if (!team) throw new TeamNotFound(teamId);
    return team;
  }

  @Patch(':teamId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rename a team (admins)' })
  @ApiOkResponse({ type: CommandResultDto })
  async rename(
    @Param('teamId') teamId: string,
    @Body() body: RenameTeamDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    return {
      position: positionText((await this.commands.execute(new RenameTeamCommand(teamId, body.name, context))).position),
    };
  }

  @Post(':teamId/members')
  @ApiOperation({
    summary: 'Add a staff member to the team (admins); 409 when already a member, 422 for an unknown staff id',
  })
  @ApiCreatedResponse({ type: CommandResultDto })
  async addMember(
    @Param('teamId') teamId: string,
    @Body() body: AddTeamMemberDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    return {
      position: positionText(
        (await this.commands.execute(new AddTeamMemberCommand(teamId, body.staffId, context))).position,
      ),
    };
  }

  @Delete(':teamId/members/:staffId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove a staff member from the team (admins); 404 when not a member' })
  @ApiOkResponse({ type: CommandResultDto })
  async removeMember(
    @Param('teamId') teamId: string,
    @Param('staffId') staffId: string,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    return {
      position: positionText(
        (await this.commands.execute(new RemoveTeamMemberCommand(teamId, staffId, context))).position,
      ),
    };
  }
}
