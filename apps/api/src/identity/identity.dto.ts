import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ERASED,
  IDENTITY_STATUSES,
  identityNotice,
  MISMATCH_FIELDS,
  VERIFICATION_METHODS,
  type MismatchField,
  type VerificationMethod,
} from '@pi/domain';
import type { PatientConnectionDoc } from '@pi/projections';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class PersonDetailsDto {
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true, description: 'E.164' }) phone!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
}

export class IdentityChecksDto {
  @ApiProperty({ enum: ['match', 'differs', 'not_on_record'] }) phone!: string;
  @ApiProperty({ enum: ['match', 'differs', 'not_on_record'] }) email!: string;
  @ApiProperty({ enum: ['match', 'differs', 'not_on_record'] }) name!: string;
}

export class IdentityDto {
  @ApiProperty({ enum: IDENTITY_STATUSES }) status!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['phone', 'email'],
    description: 'For verified_by_invite: which contact data the patient proved',
  })
  provenBy!: string | null;
  @ApiProperty({
    type: IdentityChecksDto,
    description: "The patient's account against the practice's record when they connected",
  })
  checks!: IdentityChecksDto;
  @ApiProperty({
    type: PersonDetailsDto,
    nullable: true,
    description: "The practice's record compared (null: no record existed, a contact was created)",
  })
  record!: PersonDetailsDto | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The duty to verify before sharing health information, when not verified',
  })
  notice!: string | null;
  @ApiProperty({
    type: [Object],
    description: 'Every staff decision, oldest first: what, by, at, method/differs, note',
  })
  decisions!: object[];
}

/** A patient's pairing with this practice, as staff see it on the contact card and the conversation. */
export class PatientConnectionDto {
  @ApiProperty() patientId!: string;
  @ApiProperty() contactId!: string;
  @ApiProperty() conversationId!: string;
  @ApiProperty({ enum: ['invitation', 'link'] }) via!: string;
  @ApiProperty() linkId!: string;
  @ApiProperty({ type: String, nullable: true }) invitationId!: string | null;
  @ApiProperty({
    enum: ['invitation', 'phone', 'email', 'created'],
    description: 'How the patient was paired with the contact',
  })
  contactMatch!: string;
  @ApiProperty({
    type: PersonDetailsDto,
    description:
      'The name, phone and email the patient uses for their account (editing the contact never changes them)',
  })
  account!: PersonDetailsDto;
  @ApiProperty({ type: IdentityDto }) identity!: IdentityDto;
  @ApiProperty({ format: 'date-time' }) connectedAt!: string;
  @ApiProperty({ description: 'The patient\'s personal data was erased (values read "[erased]")' }) erased!: boolean;
}

export function patientConnectionDto(doc: PatientConnectionDoc): PatientConnectionDto {
  return {
    patientId: doc.patientId,
    contactId: doc.contactId,
    conversationId: doc.conversationId,
    via: doc.via,
    linkId: doc.linkId,
    invitationId: doc.invitationId,
    contactMatch: doc.contactMatch,
    account: doc.account,
    identity: {
      status: doc.identityStatus,
      provenBy: doc.provenBy,
      checks: doc.checks,
      record: doc.record,
      notice: identityNotice(doc.identityStatus),
      // A note reads as erased once the patient's key is gone (a sealed read model then holds no notes at all).
      decisions: doc.decisions.map((decision, i) => ({ ...decision, note: doc.decisionNotes[i] ?? ERASED })),
    },
    connectedAt: doc.connectedAt,
    erased: doc.erased === true,
  };
}

export class RecordVerificationDto {
  @ApiProperty({
    enum: VERIFICATION_METHODS,
    description:
      'records_match: phone/email match your records; known_channel_confirmation: confirmed through a channel you already knew; in_person; other (say how in the note)',
  })
  @IsIn(VERIFICATION_METHODS)
  method!: VerificationMethod;

  @ApiPropertyOptional({ maxLength: 1000, description: "What was checked; required for 'other'" })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class FlagMismatchDto {
  @ApiProperty({ enum: MISMATCH_FIELDS, isArray: true, example: ['email'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @IsIn(MISMATCH_FIELDS, { each: true })
  differs!: MismatchField[];

  @ApiProperty({ maxLength: 1000, example: 'Email on the conversation is not the one in our chart' })
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  note!: string;
}

export class ResolveMismatchDto {
  @ApiProperty({ maxLength: 1000, example: 'Called the number in our chart; patient confirmed the new email' })
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  note!: string;
}
