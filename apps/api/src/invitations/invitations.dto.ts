import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../http/pagination.dto.js';
import { IsOneLine } from '../http/one-line.decorator.js';

export class NewPatientDto {
  @ApiProperty({ minLength: 1, maxLength: 120, example: 'Jane Doe' })
  @IsString()
  @Length(1, 120)
  @IsOneLine()
  name!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Any common format; SMS goes out only when a phone is given',
    example: '(415) 555-0100',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Email goes out only when an email is given' })
  @IsOptional()
  @IsEmail({}, { message: 'contact.email must be an email address' })
  @MaxLength(254)
  email?: string | null;
}

/** Exactly one of contactId (an existing contact) and contact (Invite New Patient). */
export class SendInviteDto {
  @ApiPropertyOptional({ description: 'Invite an existing contact' })
  @ValidateIf((body: SendInviteDto) => body.contact === undefined || body.contactId !== undefined)
  @IsString({ message: 'send contactId (an existing contact) or contact (a new one)' })
  @Length(1, 100)
  contactId?: string;

  @ApiPropertyOptional({
    type: NewPatientDto,
    description:
      'Invite a new patient: the contact is created first (409 names an existing one with the same phone or email)',
  })
  @ValidateIf((body: SendInviteDto) => body.contactId === undefined || body.contact !== undefined)
  @ValidateNested()
  @Type(() => NewPatientDto)
  contact?: NewPatientDto;

  @ApiPropertyOptional({
    maxLength: 600,
    description: "Your words; the practice's default template otherwise. The link is always added after it.",
  })
  @IsOptional()
  @IsString()
  @Length(1, 600)
  message?: string;

  @ApiPropertyOptional({ description: "A practice link; the practice's first link otherwise" })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  linkId?: string;
}

/** Exactly one of contactIds and select. */
export class BulkInviteDto {
  @ApiPropertyOptional({
    type: [String],
    maxItems: 1000,
    description: 'Up to 1,000 contacts: a new invitation each, or a resend when one is pending',
  })
  @ValidateIf((body: BulkInviteDto) => body.select === undefined || body.contactIds !== undefined)
  @IsArray({ message: 'send contactIds (up to 1,000) or select (not_invited or pending)' })
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  contactIds?: string[];

  @ApiPropertyOptional({
    enum: ['not_invited', 'pending'],
    description: 'Everyone in the "not yet invited" list, or everyone pending (re-invite)',
  })
  @ValidateIf((body: BulkInviteDto) => body.contactIds === undefined || body.select !== undefined)
  @IsIn(['not_invited', 'pending'])
  select?: 'not_invited' | 'pending';

  @ApiPropertyOptional({ maxLength: 600 })
  @IsOptional()
  @IsString()
  @Length(1, 600)
  message?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  linkId?: string;
}

export class BulkResultDto {
  @ApiProperty({
    type: [Object],
    description:
      'Per contact: outcome sent | resent (with invitationId) or skipped (reason: no_channel, opted_out, capped, connected, not_found, failed; detail)',
  })
  results!: object[];
  @ApiProperty() sent!: number;
  @ApiProperty() skipped!: number;
  @ApiProperty() position!: string;
}

export class ListInvitationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: ['pending', 'accepted', 'revoked', 'expired'],
    default: 'pending',
    description: 'pending: invited but not yet accepted',
  })
  @IsOptional()
  @IsIn(['pending', 'accepted', 'revoked', 'expired'])
  status?: 'pending' | 'accepted' | 'revoked' | 'expired';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  linkId?: string;

  @ApiPropertyOptional({ description: 'Only contacts with this tag (case ignored)' })
  @IsOptional()
  @IsString()
  @Length(1, 60)
  tag?: string;
}

export class InviteResultDto {
  @ApiProperty() id!: string;
  @ApiProperty() contactId!: string;
  @ApiProperty({ type: [String], enum: ['sms', 'email'] }) channels!: string[];
  @ApiProperty() position!: string;
  @ApiProperty({ type: [String], description: 'e.g. the text takes more than one SMS segment' }) warnings!: string[];
}

export class InvitationDto {
  @ApiProperty() id!: string;
  @ApiProperty() contactId!: string;
  @ApiProperty() linkId!: string;
  @ApiProperty({ enum: ['pending', 'revoked', 'expired'] }) status!: string;
  @ApiProperty({ enum: ['sent', 'delivered', 'failed', 'opened'] }) progress!: string;
  @ApiProperty({ type: [String] }) channels!: string[];
  @ApiProperty({
    type: Object,
    description: 'Per channel: state (queued, attempted, delivered, failed), attempts, reason, at',
  })
  deliveries!: object;
  @ApiProperty({ description: 'How many times it was sent (first send and resends)' }) sends!: number;
  @ApiProperty({ description: 'Automatic reminders sent since the last send' }) reminders!: number;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: "A bulk send made outside the practice's sending window waits until then",
  })
  heldUntil!: string | null;
  @ApiProperty({ format: 'date-time' }) lastSentAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) openedAt!: string | null;
  @ApiProperty({ type: [Object], description: 'Every state with its time and channel, oldest first' })
  timeline!: object[];
}

export class InvitationPageDto {
  @ApiProperty({ type: [InvitationDto] }) items!: InvitationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
