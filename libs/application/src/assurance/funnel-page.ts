import { createHash } from 'node:crypto';
import { FUNNEL_COUNTS, FUNNEL_INTERVALS, type FunnelReport } from '@pi/projections';
import { html, trusted } from '../rendering/html.js';
import { CHART_ROWS, funnelChart, weeklyTrendChart } from './funnel-charts.js';
import { COLUMN_NAMES } from './funnel-names.js';

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#1d2329;max-width:1200px}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}.meta{color:#55606b}
figure{margin:1rem 0;overflow-x:auto}figure svg{max-width:100%;height:auto}
.table{overflow-x:auto;max-width:100%}table{border-collapse:collapse;font-size:12px}
@media (max-width:600px){body{margin:1rem}}
th,td{border:1px solid #d0d7de;padding:.25rem .4rem;text-align:right}th:first-child,td:first-child,th:nth-child(2),td:nth-child(2){text-align:left}
thead th{background:#f3f5f7;position:sticky;top:0}`;
const STYLE_HASH = `sha256-${createHash('sha256').update(STYLE).digest('base64')}`;

/** The policy the page is written for: nothing loads, only its own stylesheet applies (the file carries it too). */
const PAGE_POLICY = `default-src 'none'; style-src '${STYLE_HASH}'; img-src data:; base-uri 'none'; form-action 'none'`;
/** Over HTTP the header adds what a <meta> policy cannot say: no framing. */
export const FUNNEL_PAGE_CSP = `${PAGE_POLICY}; frame-ancestors 'none'`;

const DIMENSION_NAMES: Record<FunnelReport['by'], string> = {
  link: 'link',
  source: 'source (QR scan, typed or clicked link, invitation)',
  channel: 'channel',
  week: 'week',
  day: 'day',
  sender: 'staff member who sent the invitation',
};

/**
 * One self-contained page: the funnels per dimension value and the weekly trend
 * as server-rendered SVG (Vega-Lite), the table under them. No script, no
 * request; the same page is served over HTTP and written by `npm run funnel`.
 */

export async function funnelPage(report: FunnelReport, weekly: FunnelReport, practiceName?: string): Promise<string> {
  const links = await funnelChart(report, 'link');
  const invitations = await funnelChart(report, 'invitation');
  const trend = await weeklyTrendChart(weekly);
  const more = (shown: number) =>
    report.rows.length > shown
      ? html`<p class="meta">The ${shown} largest of ${report.rows.length} are drawn; the table has all.</p>`
      : null;
  const period = `${report.from ?? 'the beginning'} to ${report.to ?? 'now'}`;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${PAGE_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Invite funnel by ${report.by}</title>
<style>${trusted(STYLE)}</style></head>
<body>
<h1>Invite funnel by ${DIMENSION_NAMES[report.by]}</h1>
<p class="meta">${practiceName ?? `Practice ${report.practiceId}`} · ${period} · weeks and days in ${report.timeZone} · ${
    report.asOf ? `as the log stood at ${report.asOf}` : 'everything recorded so far'
  }${report.filters.linkId ? ` · link ${report.filters.linkId}` : ''}${
    report.filters.channel ? ` · channel ${report.filters.channel}` : ''
  }</p>
${links && html`<h2>Link funnel: views → sign-ups started → verified → connected</h2><figure>${trusted(links.svg)}</figure>${more(links.shown)}`}
${invitations && html`<h2>Invitation funnel: sent → delivered → opened → accepted</h2><figure>${trusted(invitations.svg)}</figure>${more(invitations.shown)}`}
${trend && html`<h2>Trend per week</h2><figure>${trusted(trend)}</figure>`}
${!links && !invitations && html`<p>Nothing happened in this period.</p>`}
<h2>Table</h2>
<div class="table">${table(report)}</div>
<p class="meta">Automated views (scanners, previews, prefetches) are counted apart and left out of the funnel. Medians are in seconds. Max ${CHART_ROWS} charts per funnel.</p>
</body></html>
`.value;
}

function table(report: FunnelReport) {
  return html`<table><thead><tr><th>Key</th><th>${DIMENSION_NAMES[report.by].replace(/^./, (c) => c.toUpperCase())}</th>${FUNNEL_COUNTS.map((c) => html`<th>${COLUMN_NAMES[c]}</th>`)}${FUNNEL_INTERVALS.map(
    (m) => html`<th>${COLUMN_NAMES[m]}</th>`,
  )}</tr></thead><tbody>${report.rows.map(
    (row) =>
      html`<tr><td>${row.key}</td><td>${row.label}</td>${FUNNEL_COUNTS.map((c) => html`<td>${row[c]}</td>`)}${FUNNEL_INTERVALS.map(
        (name) => html`<td>${row.medianSeconds[name] ?? ''}</td>`,
      )}</tr>`,
  )}</tbody></table>`;
}
