import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, Length, MaxLength, ValidateNested } from 'class-validator';
import { MESSAGE_MAX_LENGTH } from '@pi/domain';
import { InboxAssigneeDto, InboxLastMessageDto } from '../inbox/inbox.dto.js';
import { PatientConnectionDto } from '../identity/identity.dto.js';

export class ConversationDto {
  @ApiProperty() id!: string;
  @ApiProperty() linkId!: string;
  @ApiProperty({ type: Object, description: '{ id, label }' }) link!: { id: string; label: string | null };
  @ApiProperty({ enum: ['invitation', 'link'] }) via!: string;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ type: InboxAssigneeDto, nullable: true }) assignee!: InboxAssigneeDto | null;
  @ApiProperty({ description: "main (unassigned), staff:<id> (that person's Mine), team:<id> (Assigned to <team>)" })
  inbox!: string;
  @ApiProperty({ enum: ['open', 'archived'] }) status!: string;
  @ApiProperty({
    type: PatientConnectionDto,
    nullable: true,
    description: 'The patient, their account phone/email and identity status',
  })
  patient!: PatientConnectionDto | null;
  @ApiProperty({ description: 'The identity status at a glance' }) identityStatus!: string;
  @ApiProperty({ type: String, nullable: true, description: 'What staff must do before sharing health information' })
  identityNotice!: string | null;
  @ApiProperty({ type: InboxLastMessageDto, nullable: true }) lastMessage!: InboxLastMessageDto | null;
  @ApiProperty({ description: 'A message you have not read' }) unread!: boolean;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time' }) activityAt!: string;
}

export class ConversationPageDto {
  @ApiProperty({ type: [ConversationDto] }) items!: ConversationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class AssigneeDto {
  @ApiProperty({ enum: ['staff', 'team'] })
  @IsIn(['staff', 'team'])
  type!: 'staff' | 'team';

  @ApiProperty()
  @IsString()
  @Length(1, 64)
  id!: string;
}

export class AssignDto {
  @ApiProperty({ type: AssigneeDto })
  @ValidateNested()
  @Type(() => AssigneeDto)
  assignee!: AssigneeDto;
}

export class ConversationTagDto {
  @ApiProperty({ example: 'Flu' })
  @IsString()
  @Length(1, 40)
  tag!: string;
}

export class PostMessageDto {
  @ApiProperty({ description: `The message (personal data: never logged). 1–${MESSAGE_MAX_LENGTH} characters.` })
  @IsString()
  @MaxLength(MESSAGE_MAX_LENGTH + 100)
  text!: string;
}

export class MessageDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: Object, description: '{ type: staff|patient, id, name }' })
  author!: { type: 'staff' | 'patient'; id: string; name: string | null };
  @ApiProperty() text!: string;
  @ApiProperty({ format: 'date-time' }) postedAt!: string;
}

export class MessagePageDto {
  @ApiProperty({ type: [MessageDto] }) items!: MessageDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class PostedMessageDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: String, nullable: true }) position!: string | null;
}

export class AccessAtQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'The moment asked about (default: now)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;
}

export class ReaderDto {
  @ApiProperty() staffId!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({
    type: [String],
    enum: ['owner', 'owning_team_member', 'link_member', 'practice_wide', 'in_conversation'],
    description: 'Why they could read it',
  })
  reasons!: string[];
}

export class ConversationReadersDto {
  @ApiProperty() conversationId!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: 'Whether it had started by then' }) started!: boolean;
  @ApiProperty({ type: [ReaderDto] }) readers!: ReaderDto[];
}
