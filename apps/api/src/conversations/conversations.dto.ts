import { ApiProperty } from '@nestjs/swagger';
import type { LinkOwner } from '@pi/domain';
import { PatientConnectionDto } from '../identity/identity.dto.js';

export class ConversationDto {
  @ApiProperty() id!: string;
  @ApiProperty() linkId!: string;
  @ApiProperty({ enum: ['invitation', 'link'] }) via!: string;
  @ApiProperty({ type: [String], description: "The link's conversation tags when it started" }) tags!: string[];
  @ApiProperty({ type: Object, nullable: true, description: 'Auto-assigned owner: {type: staff|team, id}' })
  assignee!: LinkOwner | null;
  @ApiProperty({ description: "main (unassigned), staff:<id> (that person's Mine), team:<id> (Assigned to <team>)" })
  inbox!: string;
  @ApiProperty({
    type: PatientConnectionDto,
    nullable: true,
    description: 'The patient, their account phone/email and identity status',
  })
  patient!: PatientConnectionDto | null;
  @ApiProperty({ description: 'The identity status at a glance' }) identityStatus!: string;
  @ApiProperty({ type: String, nullable: true, description: 'What staff must do before sharing health information' })
  identityNotice!: string | null;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
}

export class ConversationPageDto {
  @ApiProperty({ type: [ConversationDto] }) items!: ConversationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
