import { patientDecider, streams } from '@pi/domain';
import type { CommandExecutor } from '@pi/application';
import type { SessionLiveness } from './patient-sessions.js';

/** A session is live while its account is active, it was not signed out, and no phone change came after it started. */
export function sessionLiveness(executor: CommandExecutor): SessionLiveness {
  return async (session, startedAt) => {
    const { state } = await executor.load(streams.patient(session.patientId), patientDecider);
    if (state.status !== 'active' || state.signedOut.some((s) => s.sessionId === session.sessionId)) return false;
    return state.sessionsEndedAt === null || Date.parse(state.sessionsEndedAt) < startedAt;
  };
}
