import type { ProjectionEngine } from '@pi/read-store';
import {
  connectionId,
  patientConnectionsProjection,
  type PatientConnectionDoc,
} from './patient-connections.projection.js';

export function getConnection(
  readModels: ProjectionEngine,
  practiceId: string,
  patientId: string,
): Promise<PatientConnectionDoc | null> {
  return readModels.get<PatientConnectionDoc>(patientConnectionsProjection.name, connectionId(practiceId, patientId));
}

export async function connectionOfContact(
  readModels: ProjectionEngine,
  practiceId: string,
  contactId: string,
): Promise<PatientConnectionDoc | null> {
  const found = await readModels.find<PatientConnectionDoc>(patientConnectionsProjection.name, {
    where: { contactId },
    limit: 5,
  });
  return found.items.find((doc) => doc.practiceId === practiceId) ?? null;
}
