import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsOneLine } from '../http/one-line.decorator.js';

export class CreateTeamDto {
  @ApiProperty({ minLength: 1, maxLength: 80, example: 'Front desk' })
  @IsString()
  @Length(1, 80)
  @IsOneLine()
  name!: string;
}

export class RenameTeamDto extends CreateTeamDto {}

export class AddTeamMemberDto {
  @ApiProperty({ description: 'A staff member of this practice', format: 'uuid' })
  @IsString()
  @Length(1, 100)
  staffId!: string;
}

export class TeamMemberDto {
  @ApiProperty() staffId!: string;
  @ApiProperty({ type: String, nullable: true, description: "The staff member's current name" }) name!: string | null;
}

export class TeamDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [TeamMemberDto] }) members!: TeamMemberDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class TeamPageDto {
  @ApiProperty({ type: [TeamDto] }) items!: TeamDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
