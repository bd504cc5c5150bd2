import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_CURSOR_LENGTH } from '@pi/read-store';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { AuditExportQueryDto } from './audit.dto.js';

export class AccessAuditQueryDto extends AuditExportQueryDto {
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

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page (json)' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CURSOR_LENGTH)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
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
