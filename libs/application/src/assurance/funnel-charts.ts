import type { FunnelReport, FunnelStage } from '@pi/projections';
import type { TopLevelSpec } from 'vega-lite';
import { COLUMN_NAMES } from './funnel-names.js';

const LINK_FUNNEL: readonly FunnelStage[] = ['views', 'signupsStarted', 'verified', 'connected'];
/** (A row's sign-ups include those without an invitation: the invitation funnel goes from opened to accepted.) */
const INVITATION_FUNNEL: readonly FunnelStage[] = ['sent', 'delivered', 'opened', 'accepted'];
const TREND: readonly FunnelStage[] = ['views', 'signupsStarted', 'connected', 'sent', 'accepted'];
/** Small multiples past this many are left to the table. */
export const CHART_ROWS = 12;

/** The charts count views by person: their bar says so. */
const STAGE_NAMES: Record<string, string> = { ...COLUMN_NAMES, views: 'Views (people)' };

/**
 * Renders a Vega-Lite spec to SVG on the server: no script, no request, no
 * inline style in the page (attributes only), so it shows under the strict CSP.
 */
async function svgOf(spec: TopLevelSpec): Promise<string> {
  // Loaded on the first chart (~0.8 s of imports): the projector, the CLIs and the API's start-up never pay for it.
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** One funnel per dimension value (the first rows by volume), stages top to bottom. */
export async function funnelChart(
  report: FunnelReport,
  stages: 'link' | 'invitation',
): Promise<{ svg: string; shown: number } | null> {
  const order = stages === 'link' ? LINK_FUNNEL : INVITATION_FUNNEL;
  const rows = report.rows
    .filter((row) => order.some((stage) => row[stage] > 0))
    .sort((a, b) => b[order[0]] - a[order[0]])
    .slice(0, CHART_ROWS);
  if (rows.length === 0) return null;
  const values = rows.flatMap((row) =>
    order.map((stage, index) => ({
      value: row.label,
      stage: `${index + 1}. ${STAGE_NAMES[stage]}`,
      count: row[stage],
    })),
  );
  const svg = await svgOf({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values },
    facet: { row: { field: 'value', type: 'nominal', title: null, sort: rows.map((r) => r.label) } },
    spec: {
      width: 420,
      height: { step: 18 },
      layer: [
        {
          mark: { type: 'bar', color: stages === 'link' ? '#2f6f8f' : '#8f5a2f' },
          encoding: {
            y: { field: 'stage', type: 'nominal', title: null, sort: null },
            x: { field: 'count', type: 'quantitative', title: 'count', axis: { tickMinStep: 1, format: 'd' } },
          },
        },
        {
          mark: { type: 'text', align: 'left', dx: 3 },
          encoding: {
            y: { field: 'stage', type: 'nominal', sort: null },
            x: { field: 'count', type: 'quantitative' },
            text: { field: 'count', type: 'quantitative' },
          },
        },
      ],
    },
    resolve: { scale: { x: 'independent' } },
    config: { font: 'sans-serif', header: { labelAngle: 0, labelAlign: 'left', labelFontWeight: 'bold' } },
  });
  return { svg, shown: rows.length };
}

/** The weekly trend of the main stages. */
export async function weeklyTrendChart(weekly: FunnelReport): Promise<string | null> {
  if (weekly.rows.length === 0) return null;
  const values = weekly.rows.flatMap((row) =>
    TREND.map((stage) => ({ week: row.label.replace('Week of ', ''), stage: STAGE_NAMES[stage], count: row[stage] })),
  );
  return svgOf({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values },
    width: 560,
    height: 220,
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'week', type: 'ordinal', title: `Week starting (${weekly.timeZone})`, axis: { labelAngle: -40 } },
      y: { field: 'count', type: 'quantitative', title: 'count', axis: { tickMinStep: 1, format: 'd' } },
      color: { field: 'stage', type: 'nominal', title: null, sort: TREND.map((s) => STAGE_NAMES[s]) },
    },
    config: { font: 'sans-serif' },
  });
}
