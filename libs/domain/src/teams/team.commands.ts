export interface CreateTeam {
  type: 'CreateTeam';
  teamId: string;
  practiceId: string;
  name: string;
  at: string;
}

export interface RenameTeam {
  type: 'RenameTeam';
  teamId: string;
  practiceId: string;
  name: string;
  at: string;
}

export interface AddTeamMember {
  type: 'AddTeamMember';
  teamId: string;
  practiceId: string;
  staffId: string;
  /** The practice the staff member belongs to, or null when no such staff member exists (looked up by the handler). */
  staffPracticeId: string | null;
  at: string;
}

export interface RemoveTeamMember {
  type: 'RemoveTeamMember';
  teamId: string;
  practiceId: string;
  staffId: string;
  at: string;
}

export type TeamCommand = CreateTeam | RenameTeam | AddTeamMember | RemoveTeamMember;
