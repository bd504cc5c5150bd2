import type { Channel, VisitSource } from '@pi/domain';
import { dayIn, isoWeekOf } from './calendar.js';
import { labelOf, median } from './funnel-labels.js';
import {
  emptyCounts,
  FUNNEL_INTERVALS,
  type FunnelDimension,
  type FunnelFilters,
  type FunnelInterval,
  type FunnelRow,
  type FunnelStage,
} from './funnel-row.js';

export /** One step of one invitation or sign-up, with what places it in each dimension. */
interface Fact {
  stage: FunnelStage;
  at: string;
  linkId: string | null;
  source: VisitSource | null;
  channels: readonly Channel[];
  sender: string | null;
  /** A second channel's outcome of an invitation already counted: counted in channel rows only. */
  channelOnly: boolean;
  interval: { name: FunnelInterval; seconds: number } | null;
}

export function baseFact(stage: FunnelStage, at: string): Fact {
  return { stage, at, linkId: null, source: null, channels: [], sender: null, channelOnly: false, interval: null };
}

interface Entry {
  row: FunnelRow;
  samples: Record<FunnelInterval, number[]>;
}

/**
 * The rows of one replay, per dimension: each fact that passes the filters
 * (period, link, channel) adds one to its stage in the row of each key it has
 * in that dimension, and its interval to that row's samples.
 */
export class FunnelRows {
  private readonly byDimension = new Map<FunnelDimension, Map<string, Entry>>();

  constructor(
    private readonly dimensions: readonly FunnelDimension[],
    private readonly filters: FunnelFilters,
    private readonly timeZone: string,
  ) {
    for (const by of dimensions) this.byDimension.set(by, new Map());
  }

  count(fact: Fact): void {
    const { from, to, channel } = this.filters;
    if ((from !== null && fact.at < from) || (to !== null && fact.at >= to)) return;
    if (this.filters.linkId !== null && fact.linkId !== this.filters.linkId) return;
    if (channel !== null && !fact.channels.includes(channel)) return;
    for (const by of this.dimensions) {
      if (fact.channelOnly && by !== 'channel') continue;
      for (const key of this.keysOf(by, fact)) {
        const { row, samples } = this.row(by, key);
        row[fact.stage]++;
        if (fact.interval) samples[fact.interval.name].push(fact.interval.seconds);
      }
    }
  }

  private keysOf(by: FunnelDimension, fact: Fact): readonly string[] {
    switch (by) {
      case 'link':
        return fact.linkId === null ? [] : [fact.linkId];
      case 'source':
        return fact.source === null ? [] : [fact.source];
      case 'channel':
        return this.filters.channel === null ? fact.channels : [this.filters.channel];
      case 'sender':
        return fact.sender === null ? [] : [fact.sender];
      case 'day':
        return [dayIn(this.timeZone, fact.at)];
      case 'week':
        return [isoWeekOf(dayIn(this.timeZone, fact.at)).key];
    }
  }

  private row(by: FunnelDimension, key: string): Entry {
    const rows = this.byDimension.get(by)!;
    let found = rows.get(key);
    if (!found) {
      const medianSeconds = Object.fromEntries(FUNNEL_INTERVALS.map((n) => [n, null])) as FunnelRow['medianSeconds'];
      const samples = Object.fromEntries(FUNNEL_INTERVALS.map((n) => [n, []])) as unknown as Record<
        FunnelInterval,
        number[]
      >;
      found = { row: { key, label: labelOf(by, key), ...emptyCounts(), medianSeconds }, samples };
      rows.set(key, found);
    }
    return found;
  }

  /** The rows of a dimension with their medians; `labels` names (and adds, at zero) rows by key. */
  rows(by: FunnelDimension, labels: ReadonlyMap<string, string> = new Map()): FunnelRow[] {
    if (!this.byDimension.has(by)) throw new Error(`this replay did not count by ${by}`);
    for (const key of labels.keys()) this.row(by, key);
    const rows = [...this.byDimension.get(by)!.values()].map(({ row, samples }) => {
      const copy = { ...row, label: labels.get(row.key) ?? row.label, medianSeconds: { ...row.medianSeconds } };
      for (const name of FUNNEL_INTERVALS) copy.medianSeconds[name] = median([...samples[name]]);
      return copy;
    });
    return rows.sort((a, b) => (by === 'link' ? a.label.localeCompare(b.label) : 0) || a.key.localeCompare(b.key));
  }
}
