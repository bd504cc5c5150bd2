import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { getStaffMember, listStaff } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import {
  AddStaffMemberCommand,
  type AuthContext,
  type CommandContext,
  DeactivateStaffMemberCommand,
  READ_MODELS,
  UpdateStaffMemberCommand,
} from '@pi/application';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StaffMemberNotFound } from '@pi/domain';
import { type StaffDoc } from '@pi/projections';
import { Caller } from '../auth/decorators.js';
import { CommandCtx } from '../http/command-context.decorator.js';
import { CommandResultDto, CreatedResultDto, positionText } from '../http/command-result.js';
import { PageQueryDto } from '../http/pagination.dto.js';
import { AddStaffMemberDto, StaffMemberDto, StaffPageDto, UpdateStaffMemberDto } from './staff.dto.js';

function toDto(doc: StaffDoc): StaffMemberDto {
  const { id, name, email, role, status, teamIds, addedAt, updatedAt } = doc;
  return { id, name, email, role, status: status ?? 'active', teamIds, addedAt, updatedAt };
}

@ApiTags('staff')
@ApiBearerAuth()
@Controller('v1/staff')
export class StaffController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    private readonly commands: CommandBus,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Add a staff member (admins). One email per practice.' })
  @ApiCreatedResponse({ type: CreatedResultDto })
  async add(@Body() body: AddStaffMemberDto, @CommandCtx() context: CommandContext): Promise<CreatedResultDto> {
    const { staffId, position } = await this.commands.execute(new AddStaffMemberCommand(body, context));
    return { id: staffId, position: positionText(position) };
  }

  @Get()
  @ApiOperation({ summary: 'The staff directory, by name' })
  @ApiOkResponse({ type: StaffPageDto })
  async list(@Caller() caller: AuthContext, @Query() query: PageQueryDto): Promise<StaffPageDto> {
    const page = await listStaff(this.readModels, caller.practiceId, {
      limit: query.limit ?? 50,
      cursor: query.cursor,
    });
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }

  @Get(':staffId')
  @ApiOkResponse({ type: StaffMemberDto })
  async get(@Caller() caller: AuthContext, @Param('staffId') staffId: string): Promise<StaffMemberDto> {
    const doc = await getStaffMember(this.readModels, caller.practiceId, staffId);
    if (!doc) throw new StaffMemberNotFound(staffId);
    return toDto(doc);
  }

  @Patch(':staffId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rename a staff member or change their role (admins)' })
  @ApiOkResponse({ type: CommandResultDto })
  async update(
    @Param('staffId') staffId: string,
    @Body() body: UpdateStaffMemberDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    const { position } = await this.commands.execute(new UpdateStaffMemberCommand(staffId, body, context));
    return { position: positionText(position) };
  }

  @Delete(':staffId')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Deactivate a staff member (admins): their tokens stop working on the next request; they leave their teams and link memberships (StaffMemberDeactivated)',
  })
  @ApiOkResponse({ type: CommandResultDto })
  async deactivate(
    @Param('staffId') staffId: string,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandResultDto> {
    const { position } = await this.commands.execute(new DeactivateStaffMemberCommand(staffId, context));
    return { position: positionText(position) };
  }
}
