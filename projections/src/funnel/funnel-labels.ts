import type { Channel, VisitSource } from '@pi/domain';
import type { FunnelDimension } from './funnel-row.js';

const SOURCE_LABELS: Record<VisitSource, string> = {
  qr: 'QR code scan',
  link: 'Typed or clicked link',
  invitation: 'Invitation',
};
const CHANNEL_LABELS: Record<Channel, string> = { sms: 'SMS', email: 'Email' };

/** What a row is called: a link's label is set by the replay (as it was at the end of the period). */
export function labelOf(by: FunnelDimension, key: string): string {
  switch (by) {
    case 'source':
      return SOURCE_LABELS[key as VisitSource];
    case 'channel':
      return CHANNEL_LABELS[key as Channel];
    case 'week':
      return `Week of ${weekMonday(key)}`;
    default:
      return key;
  }
}

/** The Monday (YYYY-MM-DD) an ISO week key starts on. */
function weekMonday(key: string): string {
  const [year, week] = key.split('-W').map(Number) as [number, number];
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = Date.UTC(year, 0, 4) - ((jan4.getUTCDay() + 6) % 7) * 86_400_000 + (week - 1) * 7 * 86_400_000;
  return new Date(monday).toISOString().slice(0, 10);
}

/** The median of the samples (sorted in place); null when there are none. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  const middle = values.length >> 1;
  const value = values.length % 2 === 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
  // Milliseconds are the events' own precision.
  return Math.round(value * 1000) / 1000;
}
