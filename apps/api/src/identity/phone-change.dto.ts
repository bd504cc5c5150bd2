import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { IsOneLine } from '../http/one-line.decorator.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class FilePhoneChangeDto {
  @ApiProperty({ description: "The patient's full name, as on the ID", example: 'Jane Doe' })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  @IsOneLine()
  name!: string;

  @ApiProperty({ description: 'The new mobile number, any common format', example: '+1 415 555 0199' })
  @IsString()
  @Length(3, 40)
  newPhone!: string;

  @ApiProperty({
    description: 'sha256 of the face-with-ID photo uploaded with POST /v1/evidence',
    example: 'a'.repeat(64),
  })
  @IsString()
  @Matches(/^[0-9a-f]{64}$/, { message: 'evidenceSha256 must be 64 lower-case hex digits' })
  evidenceSha256!: string;
}

export class ReviewDto {
  @ApiPropertyOptional({ maxLength: 1000, description: 'Why (required to reject)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class PhoneChangeCodeDto {
  @ApiProperty({ description: 'The 6-digit code texted to the new number', example: '123456' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code!: string;
}

export class FiledPhoneChangeDto {
  @ApiProperty() id!: string;
  @ApiProperty() position!: string;
}

export class EvidenceDto {
  @ApiProperty() sha256!: string;
  @ApiProperty() size!: number;
  @ApiProperty() contentType!: string;
}
