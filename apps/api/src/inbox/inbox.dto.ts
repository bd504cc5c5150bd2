import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PageQueryDto } from '../http/pagination.dto.js';
import { IsOneLine } from '../http/one-line.decorator.js';

const VIEW = /^(main|mine|all|team:[A-Za-z0-9-]{1,64})$/;
const asList = ({ value }: { value: unknown }) =>
  value === undefined ? undefined : Array.isArray(value) ? value : [value];

export class InboxQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description:
      'main: yours to read, open, not assigned; mine: assigned to you; team:<teamId>: assigned to a team you are on; all: everything you may read',
    default: 'main',
    example: 'mine',
  })
  @IsOptional()
  @Matches(VIEW, { message: 'view must be main, mine, all or team:<teamId>' })
  view?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'Conversations with every one of these tags (repeat the parameter)',
  })
  @IsOptional()
  @Transform(asList)
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  tag?: string[];

  @ApiPropertyOptional({ description: 'Conversations through this link' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  linkId?: string;

  @ApiPropertyOptional({ enum: ['open', 'archived'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'archived'])
  status?: 'open' | 'archived';
}

export class InboxAssigneeDto {
  @ApiProperty({ enum: ['staff', 'team'] }) type!: 'staff' | 'team';
  @ApiProperty() id!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
}

export class InboxLastMessageDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: 'The first 120 characters, on one line' }) preview!: string;
  @ApiProperty({ enum: ['patient', 'staff'] }) from!: 'patient' | 'staff';
}

export class InboxItemDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: Object, description: '{ id, name }' }) patient!: { id: string; name: string | null };
  @ApiProperty({ type: Object, description: '{ id, label }' }) link!: { id: string; label: string | null };
  @ApiProperty({ enum: ['invitation', 'link'] }) via!: 'invitation' | 'link';
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ type: InboxAssigneeDto, nullable: true }) assignee!: InboxAssigneeDto | null;
  @ApiProperty({ enum: ['open', 'archived'] }) status!: 'open' | 'archived';
  @ApiProperty() identityStatus!: string;
  @ApiProperty({ type: InboxLastMessageDto, nullable: true }) lastMessage!: InboxLastMessageDto | null;
  @ApiProperty({ description: 'A message you have not read' }) unread!: boolean;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'The last message, or the start: the inbox order' })
  activityAt!: string;
  @ApiProperty({ format: 'date-time', description: 'The last change of any kind' }) updatedAt!: string;
}

export class InboxPageDto {
  @ApiProperty({ type: [InboxItemDto] }) items!: InboxItemDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class InboxCountDto {
  @ApiProperty({ description: 'main, mine, all, team:<id>, or filter:<id>' }) view!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The team or saved filter name' }) name!: string | null;
  @ApiProperty({ description: 'Open conversations' }) open!: number;
  @ApiProperty({ description: 'Open conversations with a message you have not read' }) unread!: number;
}

export class InboxCountsDto {
  @ApiProperty({ type: [InboxCountDto] }) views!: InboxCountDto[];
  @ApiProperty({
    description: 'Open follow-ups: invitations that expired after their reminders went unanswered (GET /v1/follow-ups)',
  })
  followUps!: number;
}

export class InboxChangesQueryDto extends PageQueryDto {}

export class InboxChangesDto {
  @ApiProperty({
    type: [InboxItemDto],
    description: 'Conversations you may read that changed after the cursor, oldest change first',
  })
  items!: InboxItemDto[];
  @ApiProperty({
    description:
      'Send it back as ?cursor= to get what changes next; it is returned even when nothing changed, so polling never loses its place',
  })
  cursor!: string;
}

export class SaveInboxFilterDto {
  @ApiProperty({ example: 'Flu clinic' })
  @IsString()
  @Length(1, 60)
  @IsOneLine()
  name!: string;

  @ApiPropertyOptional({ type: [String], example: ['Flu'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  tags?: string[];

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  linkId?: string | null;
}

export class InboxFilterDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ type: String, nullable: true }) linkId!: string | null;
}

export class InboxFilterListDto {
  @ApiProperty({ type: [InboxFilterDto] }) items!: InboxFilterDto[];
}
