import type { IdentityStatus, LinkOwner } from '@pi/domain';
import type { ProjectionEngine } from '@pi/read-store';
import { linksProjection, type LinkDoc } from '../links/links.projection.js';
import {
  connectionId,
  patientConnectionsProjection,
  type PatientConnectionDoc,
} from '../patient-connections/patient-connections.projection.js';
import { staffNames } from '../staff-directory/staff-directory.query.js';
import { teamsProjection, type TeamDoc } from '../teams/teams.projection.js';
import type { ConversationDoc } from './conversations.projection.js';

/** One row of an inbox: what a staff member needs to pick the conversation up. */
export interface InboxItem {
  id: string;
  patient: { id: string; name: string | null };
  link: { id: string; label: string | null };
  via: 'invitation' | 'link';
  tags: string[];
  assignee: (LinkOwner & { name: string | null }) | null;
  status: 'open' | 'archived';
  identityStatus: IdentityStatus;
  lastMessage: ConversationDoc['lastMessage'];
  /** A message this person has not read. */
  unread: boolean;
  startedAt: string;
  activityAt: string;
  updatedAt: string;
}

/** Rows for a page of conversations, with names looked up in one read per read model. */
export async function inboxItems(
  readModels: ProjectionEngine,
  practiceId: string,
  staffId: string,
  docs: readonly ConversationDoc[],
): Promise<InboxItem[]> {
  return (await inboxRows(readModels, practiceId, staffId, docs)).map((row) => row.item);
}

/** The rows, each with the patient's connection it was drawn from (a conversation's detail shows all of it). */
export async function inboxRows(
  readModels: ProjectionEngine,
  practiceId: string,
  staffId: string,
  docs: readonly ConversationDoc[],
): Promise<{ item: InboxItem; connection: PatientConnectionDoc | null }[]> {
  const unique = (ids: string[]) => [...new Set(ids)];
  const [connections, links, teams, staff] = await Promise.all([
    readModels.getMany<PatientConnectionDoc>(
      patientConnectionsProjection.name,
      unique(docs.map((doc) => connectionId(practiceId, doc.patientId))),
    ),
    readModels.getMany<LinkDoc>(linksProjection.name, unique(docs.map((doc) => doc.linkId))),
    readModels.getMany<TeamDoc>(
      teamsProjection.name,
      unique(docs.flatMap((doc) => (doc.assignee?.type === 'team' ? [doc.assignee.id] : []))),
    ),
    staffNames(
      readModels,
      practiceId,
      unique(docs.flatMap((doc) => (doc.assignee?.type === 'staff' ? [doc.assignee.id] : []))),
    ),
  ]);
  return docs.map((doc) => {
    const connection = connections.get(connectionId(practiceId, doc.patientId));
    const link = links.get(doc.linkId);
    const assignee = doc.assignee && {
      ...doc.assignee,
      name: (doc.assignee.type === 'staff' ? staff.get(doc.assignee.id) : teams.get(doc.assignee.id)?.name) ?? null,
    };
    const item: InboxItem = {
      id: doc.id,
      patient: { id: doc.patientId, name: connection?.account.name ?? null },
      link: { id: doc.linkId, label: link?.practiceId === practiceId ? link.label : null },
      via: doc.via,
      tags: doc.tags,
      assignee,
      status: doc.status,
      identityStatus: connection?.identityStatus ?? 'unverified_link',
      lastMessage: doc.lastMessage,
      unread: doc.lastMessage !== null && !doc.readBy.includes(staffId),
      startedAt: doc.startedAt,
      activityAt: doc.activityAt,
      updatedAt: doc.updatedAt,
    };
    return { item, connection: connection ?? null };
  });
}
