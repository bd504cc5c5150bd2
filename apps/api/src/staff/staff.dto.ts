import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '@pi/domain';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsString, Length, MaxLength, ValidateIf } from 'class-validator';
import { IsOneLine } from '../http/one-line.decorator.js';

export class AddStaffMemberDto {
  @ApiProperty({ minLength: 1, maxLength: 120, example: 'Dr. Ada Brown' })
  @IsString()
  @Length(1, 120)
  @IsOneLine()
  name!: string;

  @ApiProperty({ format: 'email', example: 'ada.brown@brown-clinic.example' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ enum: ROLES, example: 'staff' })
  @IsIn(ROLES)
  role!: Role;
}

export class UpdateStaffMemberDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 120 })
  @ValidateIf((body: UpdateStaffMemberDto) => body.name !== undefined)
  @IsString()
  @Length(1, 120)
  @IsOneLine()
  name?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @ValidateIf((body: UpdateStaffMemberDto) => body.role !== undefined)
  @IsIn(ROLES)
  role?: Role;
}

export class StaffMemberDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ enum: ['active', 'deactivated'] }) status!: 'active' | 'deactivated';
  @ApiProperty({ type: [String] }) teamIds!: string[];
  @ApiProperty({ format: 'date-time' }) addedAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class StaffPageDto {
  @ApiProperty({ type: [StaffMemberDto] }) items!: StaffMemberDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
