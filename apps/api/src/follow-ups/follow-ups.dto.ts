import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../http/pagination.dto.js';

export class ListFollowUpsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'done'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'done'])
  status?: 'open' | 'done';
}

export class FollowUpDto {
  @ApiProperty({ description: 'The invitation that expired after its reminders' }) invitationId!: string;
  @ApiProperty() contactId!: string;
  @ApiProperty({ enum: ['open', 'done'] }) status!: string;
  @ApiProperty({ description: 'Reminders sent before it expired' }) reminders!: number;
  @ApiProperty({ format: 'date-time' }) handedOffAt!: string;
  @ApiProperty({ type: String, enum: ['done', 'reinvited'], nullable: true }) outcome!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The staff member who closed it' })
  closedBy!: string | null;
}

export class FollowUpPageDto {
  @ApiProperty({ type: [FollowUpDto] }) items!: FollowUpDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
