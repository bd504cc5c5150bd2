import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERASURE_REASONS, type ErasureReason } from '@pi/domain';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';

export class EraseDto {
  @ApiProperty({
    enum: ERASURE_REASONS,
    description: 'Why the personal data is erased. A code, never free text: the log keeps it for good.',
    example: 'patient_request',
  })
  @IsIn(ERASURE_REASONS.filter((reason) => reason !== 'abandoned_signup'))
  reason!: Exclude<ErasureReason, 'abandoned_signup'>;

  @ApiPropertyOptional({
    description: 'Your ticket or request number (letters, digits, - and _; never a name)',
    example: 'REQ-2291',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'reference is 1–64 letters, digits, - or _' })
  reference?: string;
}

export class ErasedDto {
  @ApiProperty({ description: 'When the erasure was recorded' })
  erasedAt!: string;

  @ApiProperty({ nullable: true, type: String, description: 'Log position of the erasure (for X-Consistent-After)' })
  position!: string | null;
}
