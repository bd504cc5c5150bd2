import { ApiProperty } from '@nestjs/swagger';
import type { Position } from '@pi/event-store';

export class CommandResultDto {
  @ApiProperty({
    description:
      'Global position of the last event this command recorded; pass it as X-Consistent-After to read your write.',
    example: '42',
  })
  position!: string;
}

export class CreatedResultDto extends CommandResultDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
}

export function positionText(position: Position | null): string {
  return (position ?? 0n).toString();
}
