/** Stream names: `{category}-{id}`. The category is everything before the first dash. */
export const streams = {
  practice: (practiceId: string) => `practice-${practiceId}`,
  staff: (staffId: string) => `staff-${staffId}`,
  team: (teamId: string) => `team-${teamId}`,
  /** Reservation streams make cross-stream uniqueness rules (one stream per unique key). */
  reservation: (scope: string, key: string) => `reservation-${scope}:${key}`,
} as const;

export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash === -1 ? streamId : streamId.slice(0, dash);
}
