import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { IsOneLine } from '../http/one-line.decorator.js';

/** Fields left out keep their value; null clears an optional field. */
export class UpdatePracticeProfileDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 120, example: 'Brown Family Clinic' })
  @ValidateIf((body: UpdatePracticeProfileDto) => body.name !== undefined)
  @IsString()
  @Length(1, 120)
  @IsOneLine()
  name?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 2000,
    example: 'Family medicine in the heart of Springfield.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  about?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'uri',
    example: 'https://brown-clinic.example/logo.png',
  })
  @IsOptional()
  @IsUrl(
    { protocols: ['https'], require_protocol: true, require_tld: true },
    { message: 'logoUrl must be an https:// URL' },
  )
  @MaxLength(2000)
  logoUrl?: string | null;

  @ApiPropertyOptional({ type: [String], maxItems: 30, example: ['Vaccinations', 'Telehealth visits'] })
  @ValidateIf((body: UpdatePracticeProfileDto) => body.offerings !== undefined)
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @Length(1, 80, { each: true })
  offerings?: string[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 300,
    example: '12 Elm Street, Springfield, IL 62701',
  })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  location?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "Any common format; read against the practice's country and stored as E.164.",
    example: '(415) 555-0100',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @ApiPropertyOptional({
    description: "IANA time zone where the practice's days and weeks begin (funnel weeks, quiet hours). Default UTC.",
    example: 'America/Chicago',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;
}

export class PracticeProfileDto {
  @ApiProperty() practiceId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) about!: string | null;
  @ApiProperty({ type: String, nullable: true }) logoUrl!: string | null;
  @ApiProperty({ type: [String] }) offerings!: string[];
  @ApiProperty({ type: String, nullable: true }) location!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'E.164' }) phone!: string | null;
  @ApiProperty({ example: 'US' }) defaultCountry!: string;
  @ApiProperty({ example: 'America/Chicago', description: 'IANA time zone (not shown to patients)' }) timeZone!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class SendingWindowDto {
  @ApiProperty({ example: '08:00', description: 'HH:MM, local: the first minute messages may go' })
  @IsString()
  from!: string;
  @ApiProperty({ example: '21:00', description: 'HH:MM, local: messages stop before this minute' })
  @IsString()
  until!: string;
}

export class InviteSettingsDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 500,
    description:
      'The default invitation text; {practice} and {sender} are filled in, and the link goes where it says {link} (at the end otherwise). null: the product default.',
    example: '{practice}: {sender} invites you to message us securely. Connect here:',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  messageTemplate?: string | null;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 90,
    description: 'Days an invitation link stays valid (default 30); a resend restarts the window',
  })
  @ValidateIf((body: InviteSettingsDto) => body.expiryDays !== undefined)
  @IsInt()
  @Min(1)
  @Max(90)
  expiryDays?: number;

  @ApiPropertyOptional({
    type: [Number],
    maxItems: 2,
    example: [2, 5],
    description:
      'Automatic reminders: days after the last send (at most 2, increasing, before the link expires); [] sends none. Default [2, 5].',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2)
  @IsInt({ each: true })
  reminderDays?: number[];

  @ApiPropertyOptional({
    type: () => SendingWindowDto,
    description:
      "Local hours (the practice's time zone) when reminders and bulk sends may go; a single invitation goes at once. Default 08:00–21:00.",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => SendingWindowDto)
  sendingWindow?: SendingWindowDto;
}

export class InviteSettingsViewDto {
  @ApiProperty({ type: String, nullable: true }) messageTemplate!: string | null;
  @ApiProperty() expiryDays!: number;
  @ApiProperty({ type: [Number], description: 'Reminder days after the last send' }) reminderDays!: number[];
  @ApiProperty({ type: () => SendingWindowDto }) sendingWindow!: SendingWindowDto;
  @ApiProperty({
    example: 'America/Chicago',
    description: "The practice's time zone (its profile), where the window's hours are",
  })
  timeZone!: string;
  @ApiProperty({ description: 'The text used when messageTemplate is null' }) defaultTemplate!: string;
}
