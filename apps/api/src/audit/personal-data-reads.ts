import { randomUUID } from 'node:crypto';
import { Inject, Injectable, SetMetadata } from '@nestjs/common';
import { personalDataReadDecider, streams, type PersonalDataKind } from '@pi/domain';
import { type AuthContext, CLOCK, type Clock, CommandExecutor } from '@pi/application';

export const RECORDS_PERSONAL_DATA_READ = 'pi:records-personal-data-read';

/**
 * Marks a route that answers with a patient's data: PersonalDataReadsInterceptor
 * records the read (who, which records, from where) before the answer leaves.
 */
export const RecordsPersonalDataRead = (kind: PersonalDataKind) => SetMetadata(RECORDS_PERSONAL_DATA_READ, kind);

export interface PersonalDataSubjects {
  subjectIds: string[];
  patientIds: string[];
}

/** Records reads of personal data, per practice and UTC day: no record, no answer. */
@Injectable()
export class PersonalDataReads {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record(
    read: { kind: PersonalDataKind; route: string; address: string | null; caller: AuthContext; requestId: string },
    subjects: PersonalDataSubjects,
  ): Promise<void> {
    const at = this.clock.now().toISOString();
    const readerId = read.caller.operator ? `operator:${read.caller.staffId}` : read.caller.staffId;
    await this.executor.execute(
      streams.personalDataReads(read.caller.practiceId, at.slice(0, 10)),
      personalDataReadDecider,
      {
        type: 'RecordPersonalDataRead',
        practiceId: read.caller.practiceId,
        readerId,
        route: read.route,
        kind: read.kind,
        subjectIds: unique(subjects.subjectIds),
        patientIds: unique(subjects.patientIds),
        address: read.address,
        at,
      },
      {
        practiceId: read.caller.practiceId,
        actor: readerId,
        correlationId: read.requestId,
        causationId: read.requestId,
      },
    );
  }
}

const unique = (ids: readonly string[]) => [...new Set(ids)];

/** The request's id (set by the request logger), which the recorded read carries as its correlation. */
export function requestIdOf(request: object): string {
  const id = (request as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : randomUUID();
}

type Shape = Record<string, unknown> | null | undefined;

/** The patient an answer (or one item of a list) is about: `patientId`, or its `patient`'s. */
function patientOf(item: Shape): string[] {
  if (!item || typeof item !== 'object') return [];
  if (typeof item.patientId === 'string') return [item.patientId];
  const patient = item.patient as Shape;
  if (!patient || typeof patient !== 'object') return [];
  const id = patient.patientId ?? patient.id;
  return typeof id === 'string' ? [id] : [];
}

/** What an answer of a marked route read: the records named by the route, or each item of a page. */
export function subjectsOf(
  kind: PersonalDataKind,
  params: Record<string, string>,
  body: unknown,
): PersonalDataSubjects {
  const answer = body as Shape;
  const items = Array.isArray(answer?.items) ? (answer.items as Shape[]) : null;
  if (items && !params.conversationId)
    return {
      subjectIds: items.flatMap((item) => (item && typeof item.id === 'string' ? [item.id] : [])),
      patientIds: items.flatMap(patientOf),
    };
  const named = params.contactId ?? params.patientId ?? params.conversationId ?? params.sha256;
  return {
    subjectIds: named ? [named] : [],
    patientIds: kind === 'patient' && params.patientId ? [params.patientId] : patientOf(answer),
  };
}
