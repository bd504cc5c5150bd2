import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TAG_SCOPES, type TagScope } from '@pi/domain';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../http/pagination.dto.js';
import { IsOneLine } from '../http/one-line.decorator.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateLinkDto {
  @ApiProperty({ minLength: 1, maxLength: 80, example: 'Front desk flyer' })
  @Transform(trim)
  @IsString()
  @Length(1, 80)
  @IsOneLine()
  label!: string;

  @ApiPropertyOptional({
    minLength: 3,
    maxLength: 40,
    pattern: '^[a-z0-9-]+$',
    description: 'Lower-cased; generated (8 unambiguous characters) when left out.',
    example: 'brown-clinic',
  })
  @ValidateIf((body: CreateLinkDto) => body.slug !== undefined)
  @IsString()
  @Length(3, 40)
  slug?: string;
}

export class UpdateLinkDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 80 })
  @ValidateIf((body: UpdateLinkDto) => body.label !== undefined)
  @Transform(trim)
  @IsString()
  @Length(1, 80)
  @IsOneLine()
  label?: string;

  @ApiPropertyOptional({
    minLength: 3,
    maxLength: 40,
    description: 'The old URL stops resolving and its slug is free for others.',
  })
  @ValidateIf((body: UpdateLinkDto) => body.slug !== undefined)
  @IsString()
  @Length(3, 40)
  slug?: string;
}

export class LinkOwnerDto {
  @ApiProperty({ enum: ['staff', 'team'] })
  @IsIn(['staff', 'team'])
  type!: 'staff' | 'team';

  @ApiProperty({ description: 'A staff member or team of this practice' })
  @IsString()
  @Length(1, 100)
  id!: string;
}

export class LinkMemberDto {
  @ApiProperty({ description: 'A staff member of this practice' })
  @IsString()
  @Length(1, 100)
  staffId!: string;
}

export class LinkTagDto {
  @ApiProperty({ enum: TAG_SCOPES })
  @IsIn(TAG_SCOPES)
  scope!: TagScope;

  @ApiProperty({
    minLength: 1,
    maxLength: 40,
    description: "Letters, digits, '_', '-' and spaces; unique per scope without regard to case",
    example: 'New patient',
  })
  @IsString()
  @Length(1, 60)
  tag!: string;
}

export class AutoAssignDto {
  @ApiProperty({ description: 'Only while the link has an owner' })
  @IsBoolean()
  enabled!: boolean;
}

export class ListLinksQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeArchived?: boolean;
}

export class QrQueryDto {
  @ApiPropertyOptional({ minimum: 128, maximum: 2048, default: 512, description: 'PNG width and height in pixels' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(128)
  @Max(2048)
  size?: number;
}

class NamedOwnerDto extends LinkOwnerDto {
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
}

class NamedMemberDto {
  @ApiProperty() staffId!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
}

class TagsDto {
  @ApiProperty({ type: [String] }) conversation!: string[];
  @ApiProperty({ type: [String] }) contact!: string[];
}

class TagPeriodDto {
  @ApiProperty({ enum: TAG_SCOPES }) scope!: TagScope;
  @ApiProperty() tag!: string;
  @ApiProperty({ format: 'date-time' }) appliedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) removedAt!: string | null;
}

class QrUrlsDto {
  @ApiProperty() png!: string;
  @ApiProperty() svg!: string;
}

class ViewTotalsDto {
  @ApiProperty() views!: number;
  @ApiProperty({ description: 'Distinct visitors per day, added up over the days' }) uniqueVisitorDays!: number;
  @ApiProperty() invitationViews!: number;
  @ApiProperty({ description: 'Scanners, previews and prefetches: counted apart' }) automatedViews!: number;
}

class LinkFunnelDto {
  @ApiProperty({ description: "People's views of the link's page (automated views left out)" }) views!: number;
  @ApiProperty({ description: 'Sign-ups started on the page (a code was texted)' }) signupsStarted!: number;
  @ApiProperty({ description: 'Sign-ups whose phone was verified' }) verified!: number;
  @ApiProperty({ description: 'Patients connected through the link' }) connected!: number;
}

export class LinkDto {
  @ApiProperty() id!: string;
  @ApiProperty() label!: string;
  @ApiProperty() slug!: string;
  @ApiProperty({ description: 'PUBLIC_BASE_URL/slug' }) publicUrl!: string;
  @ApiProperty({ type: QrUrlsDto }) qr!: QrUrlsDto;
  @ApiProperty({ type: NamedOwnerDto, nullable: true }) owner!: NamedOwnerDto | null;
  @ApiProperty({ type: [NamedMemberDto] }) members!: NamedMemberDto[];
  @ApiProperty({ type: TagsDto }) tags!: TagsDto;
  @ApiProperty({ type: [TagPeriodDto] }) tagHistory!: TagPeriodDto[];
  @ApiProperty() autoAssign!: boolean;
  @ApiProperty() archived!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiPropertyOptional({ type: ViewTotalsDto, description: 'On GET /v1/links/:id only' }) views?: ViewTotalsDto;
  @ApiProperty({
    type: LinkFunnelDto,
    description: 'The live funnel of the link; by period, source and more: GET /v1/analytics/funnel',
  })
  funnel!: LinkFunnelDto;
}

export class LinkPageDto {
  @ApiProperty({ type: [LinkDto] }) items!: LinkDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class CreatedLinkDto {
  @ApiProperty() id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() publicUrl!: string;
  @ApiProperty() position!: string;
}
