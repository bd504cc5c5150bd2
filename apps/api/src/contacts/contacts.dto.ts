import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CONTACT_SOURCES, type ContactSource } from '@pi/domain';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '../http/pagination.dto.js';
import { PatientConnectionDto } from '../identity/identity.dto.js';
import { IsOneLine } from '../http/one-line.decorator.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const STATUSES = ['not_invited', 'invited', 'connected'] as const;

export class CreateContactDto {
  @ApiProperty({ minLength: 1, maxLength: 120, example: 'Jane Doe' })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  @IsOneLine()
  name!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      "Mobile phone in any common format; read against the practice's country, stored as E.164 (the text as typed is kept)",
    example: '(415) 555-0100',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Stored as entered; matched on the trimmed address with a lower-cased domain',
    example: 'jane.doe@example.com',
  })
  @IsOptional()
  @Transform(trim)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: [String], maxItems: 50, example: ['new_patient'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 60, { each: true })
  tags?: string[];

  @ApiPropertyOptional({
    default: false,
    description: 'Create it even when a contact with this phone or email exists (otherwise 409 with the existing id)',
  })
  @IsOptional()
  @IsBoolean()
  allowDuplicate?: boolean;
}

export class UpdateContactDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 120 })
  @ValidateIf((body: UpdateContactDto) => body.name !== undefined)
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  @IsOneLine()
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null clears it' })
  @IsOptional()
  @Transform(trim)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string | null;
}

export class ContactTagDto {
  @ApiProperty({ minLength: 1, maxLength: 40, example: 'new_patient' })
  @IsString()
  @Length(1, 60)
  tag!: string;
}

export class ListContactsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description:
      'Name (any word prefix, case and accents ignored) or phone (any format, or its first digits). No cursor: the best matches, up to limit.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ enum: STATUSES, description: 'not_invited: the "not yet invited" list' })
  @IsOptional()
  @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 60)
  tag?: string;
}

export class ContactSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true, description: 'E.164' }) phone!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({
    enum: STATUSES,
    description: 'At a glance: invite them, they have an invitation pending, or message them instead',
  })
  status!: string;
  @ApiProperty({ enum: CONTACT_SOURCES }) source!: ContactSource;
  @ApiProperty({ description: 'Its personal data was erased: name reads "[erased]", phone and email are null' })
  erased!: boolean;
}

export class ContactPageDto {
  @ApiProperty({ type: [ContactSummaryDto] }) items!: ContactSummaryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

class PhoneDto {
  @ApiProperty({ description: 'E.164' }) e164!: string;
  @ApiProperty({ type: String, nullable: true }) extension!: string | null;
  @ApiProperty() asTyped!: string;
}

export class ContactCardDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: PhoneDto, nullable: true }) phone!: PhoneDto | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ enum: CONTACT_SOURCES }) source!: ContactSource;
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiProperty({ description: 'Whether the person has an account connected to this practice' }) connected!: boolean;
  @ApiProperty({
    type: Object,
    description:
      'Whether texts may go to the phone: optedOut, the keyword the patient sent (STOP…), since when; undelivered: the SMS provider reported the last text undelivered (error code, when)',
  })
  sms!: {
    optedOut: boolean;
    keyword: string | null;
    since: string | null;
    /** The provider could not deliver the last text to this phone (its error code), since when; null otherwise. */
    undelivered: { errorCode: string | null; at: string } | null;
  };
  @ApiProperty({ type: [Object], description: 'Every invitation state with its time and channel, oldest first' })
  invitations!: object[];
  @ApiProperty({
    type: PatientConnectionDto,
    nullable: true,
    description:
      "Once connected: the patient's account phone and email (what they signed up with), identity status, what matched, staff decisions",
  })
  patient!: PatientConnectionDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CreatedContactDto {
  @ApiProperty() id!: string;
  @ApiProperty() position!: string;
}

class ImportLineDto {
  @ApiProperty({ description: 'Line of the file (the header is line 1)' }) line!: number;
}
class AcceptedLineDto extends ImportLineDto {
  @ApiProperty() contactId!: string;
}
class DuplicateLineDto extends ImportLineDto {
  @ApiProperty() existingContactId!: string;
  @ApiProperty() matchedOn!: string;
}
class RejectedLineDto extends ImportLineDto {
  @ApiProperty() reason!: string;
}

export class ImportReportDto {
  @ApiProperty() rows!: number;
  @ApiProperty({ type: [AcceptedLineDto] }) accepted!: AcceptedLineDto[];
  @ApiProperty({ type: [DuplicateLineDto] }) duplicates!: DuplicateLineDto[];
  @ApiProperty({ type: [RejectedLineDto] }) rejected!: RejectedLineDto[];
  @ApiProperty({ description: 'Send as X-Consistent-After to read the imported contacts' }) position!: string;
}
