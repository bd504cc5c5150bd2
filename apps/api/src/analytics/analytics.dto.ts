import { ApiPropertyOptional } from '@nestjs/swagger';
import { FUNNEL_DIMENSIONS, FUNNEL_FORMATS, type FunnelDimension, type FunnelFormat } from '@pi/projections';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export class FunnelQueryDto {
  @ApiPropertyOptional({ enum: FUNNEL_DIMENSIONS, default: 'link', description: 'One row per value of this' })
  @IsOptional()
  @IsIn(FUNNEL_DIMENSIONS)
  by?: FunnelDimension;

  @ApiPropertyOptional({
    description: "Start of the period: a date (its start in the practice's time zone) or an instant with offset",
    example: '2026-10-01',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  from?: string;

  @ApiPropertyOptional({
    description: 'End of the period: a date (through its end) or an instant (exclusive)',
    example: '2026-12-31',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  to?: string;

  @ApiPropertyOptional({
    description:
      'Only events the log recorded up to this instant (a date: through its end), so a past report can be reproduced exactly',
    example: '2027-01-01T00:00:00Z',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  asOf?: string;

  @ApiPropertyOptional({ description: 'Only this link' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  link?: string;

  @ApiPropertyOptional({ enum: ['sms', 'email'], description: 'Only invitations sent on this channel' })
  @IsOptional()
  @IsIn(['sms', 'email'])
  channel?: 'sms' | 'email';

  @ApiPropertyOptional({ enum: FUNNEL_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(FUNNEL_FORMATS)
  format?: FunnelFormat;
}
