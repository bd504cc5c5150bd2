import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { PageQueryDto } from '../http/pagination.dto.js';
import { AuditExportQueryDto } from './audit.dto.js';

/** The period and format of an audit export, a page (json), and who or whom the reads were of. */
export class AccessAuditQueryDto extends IntersectionType(AuditExportQueryDto, PageQueryDto) {
  @ApiPropertyOptional({ description: 'Only reads of this patient’s data' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  patientId?: string;

  @ApiPropertyOptional({ description: 'Only reads by this staff member' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  staffId?: string;
}

export class AccessAuditRecordDto {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: 'A staff id, or operator:<id>' }) readerId!: string;
  @ApiProperty({ example: 'GET /v1/contacts/:contactId' }) route!: string;
  @ApiProperty({ enum: ['contact', 'patient', 'conversation', 'messages', 'evidence'] }) kind!: string;
  @ApiProperty({ type: [String], description: 'Ids of what was read (never a value)' }) subjectIds!: string[];
  @ApiProperty({ type: [String] }) patientIds!: string[];
  @ApiProperty({ type: String, nullable: true, description: 'Where the request came from' }) address!: string | null;
}

export class AccessAuditPageDto {
  @ApiProperty({ type: [AccessAuditRecordDto] }) items!: AccessAuditRecordDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
