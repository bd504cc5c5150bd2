import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { AuditExportQueryDto } from '../audit/audit.dto.js';

/** One address: a phone (read against the practice's country) or an email. */
export class ConsentAddressDto {
  @ApiPropertyOptional({ example: '+14155550100', description: 'A phone number (E.164, or national for the practice)' })
  @IsOptional()
  @IsString()
  @Length(3, 40)
  phone?: string;

  @ApiPropertyOptional({ example: 'jane@example.com' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;
}

export class ConsentQueryDto extends ConsentAddressDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: 'csv: the history as an export file' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class RecordRevocationDto extends ConsentAddressDto {
  @ApiPropertyOptional({
    maxLength: 500,
    example: 'Patient called and asked us to stop texting.',
    description: 'What was said (kept sealed as personal data; never in the history or the report)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class MessageAfterDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() invitationId!: string;
}

export class ConsentEntryDto {
  @ApiProperty({ enum: ['opt_in', 'opt_out'] }) change!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: ['signup', 'reply', 'unsubscribe', 'staff'] }) via!: string;
  @ApiProperty({ type: String, nullable: true, example: 'STOP' }) keyword!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The consent box’s exact words (sign-up)' })
  wording!: string | null;
  @ApiProperty({ description: 'public:patient, public:sms, public:unsubscribe, a staff id, system:…' })
  recordedBy!: string;
  @ApiPropertyOptional({
    type: [MessageAfterDto],
    description: 'On an opt-out: messages sent to the address after it (until an opt-in); none when honoured',
  })
  messagesAfter?: MessageAfterDto[];
}

export class ConsentHistoryDto {
  @ApiProperty({ enum: ['sms', 'email'] }) channel!: string;
  @ApiProperty({ description: 'The address’s hash (the history never holds the address itself)' })
  addressHash!: string;
  @ApiProperty({ description: 'Whether the practice may not message this address now' }) optedOut!: boolean;
  @ApiProperty({ type: [ConsentEntryDto], description: 'Oldest first; empty when nothing was ever recorded' })
  entries!: ConsentEntryDto[];
}

export class RevocationDto {
  @ApiProperty({ enum: ['sms', 'email'] }) channel!: string;
  @ApiProperty() addressHash!: string;
  @ApiProperty({ format: 'date-time', description: 'When the revocation was received' }) receivedAt!: string;
  @ApiProperty({ enum: ['reply', 'unsubscribe', 'staff'] }) via!: string;
  @ApiProperty({ type: String, nullable: true }) keyword!: string | null;
  @ApiProperty() recordedBy!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) optedInAgainAt!: string | null;
  @ApiProperty({ type: [MessageAfterDto], description: 'Sent after the revocation (before any opt-in): none' })
  messagesAfter!: MessageAfterDto[];
}

export class ConsentReportDto {
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ type: [RevocationDto] }) revocations!: RevocationDto[];
  @ApiProperty({ description: 'Revocations followed by a message: 0 when every one was honoured at once' })
  notHonoured!: number;
  @ApiProperty({
    description:
      'The TCPA revocation rule (FCC 24-18) allows up to 10 business days; this service stops at once, and this report shows it',
  })
  rule!: string;
}

export class ConsentReportQueryDto extends AuditExportQueryDto {}
