import {
  accessHistoryProjection,
  conversationsProjection,
  linksProjection,
  patientConnectionsProjection,
  staffDirectoryProjection,
  teamsProjection,
} from '@pi/projections';

/** What an inbox row or a conversation reads from (for X-Consistent-After): the rule's history, and the names joined. */
export const CONVERSATION_READ_MODELS = [
  conversationsProjection.name,
  accessHistoryProjection.name,
  patientConnectionsProjection.name,
  linksProjection.name,
  teamsProjection.name,
  staffDirectoryProjection.name,
] as const;
