/**
 * Replays the event log itself (not the read models) into an invite funnel.
 *   npm run -s funnel -- [--practice <id>] --by link|source|channel|week|day|sender
 *     [--from <date|instant>] [--to <date|instant>] [--as-of <instant>] [--link <id>] [--channel sms|email]
 *     [--format json|csv|html] [--out <file>]
 * The practice defaults to the demo practice of an embedded data directory. Progress goes to stderr,
 * the report to stdout or --out. `--as-of` uses only what the log recorded up to then: a report of last
 * quarter reads the same later.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createRuntime, readDemoPractice, renderFunnel } from '@pi/application';
import { DomainError } from '@pi/domain';
import { FUNNEL_DIMENSIONS, FUNNEL_FORMATS, type FunnelDimension, type FunnelFormat } from '@pi/projections';
import { configOrExit, failWith, orUsage } from './cli-args.js';
import { ProgressBar } from './progress-bar.js';

export const FUNNEL_USAGE = `Usage: npm run -s funnel -- [--practice <id>] --by ${FUNNEL_DIMENSIONS.join('|')}
       [--from <date|instant>] [--to <date|instant>] [--as-of <instant>] [--link <id>] [--channel sms|email]
       [--format ${FUNNEL_FORMATS.join('|')}] [--out <file>]`;

async function main(): Promise<void> {
  const fail = failWith('funnel');
  const { values } = orUsage(
    () =>
      parseArgs({
        args: process.argv.slice(2),
        options: {
          practice: { type: 'string' },
          by: { type: 'string', default: 'link' },
          from: { type: 'string' },
          to: { type: 'string' },
          'as-of': { type: 'string' },
          link: { type: 'string' },
          channel: { type: 'string' },
          format: { type: 'string', default: 'json' },
          out: { type: 'string' },
          help: { type: 'boolean' },
        },
      }),
    FUNNEL_USAGE,
    'funnel',
  );
  if (values.help) {
    process.stdout.write(`${FUNNEL_USAGE}\n`);
    return;
  }
  if (!(FUNNEL_DIMENSIONS as readonly string[]).includes(values.by))
    fail(`--by must be one of ${FUNNEL_DIMENSIONS.join(', ')}\n${FUNNEL_USAGE}`);
  if (!(FUNNEL_FORMATS as readonly string[]).includes(values.format))
    fail(`--format must be one of ${FUNNEL_FORMATS.join(', ')}\n${FUNNEL_USAGE}`);
  if (values.channel !== undefined && values.channel !== 'sms' && values.channel !== 'email')
    fail('--channel must be sms or email');
  const config = configOrExit('funnel');
  const practiceId = values.practice ?? readDemoPractice(config.dataDir)?.practiceId;
  if (!practiceId) fail(`--practice is required (no demo practice in ${config.dataDir})\n${FUNNEL_USAGE}`);
  // Reads the log only: no read model runs in this process.
  const runtime = await createRuntime({ ...config, runProjections: false });
  const bar = new ProgressBar('funnel'.padEnd(8));
  try {
    const rendered = await renderFunnel(
      runtime.sealedLog,
      {
        practiceId: practiceId!,
        by: values.by as FunnelDimension,
        format: values.format as FunnelFormat,
        from: values.from,
        to: values.to,
        asOf: values['as-of'],
        linkId: values.link,
        channel: values.channel as 'sms' | 'email' | undefined,
      },
      { onProgress: (p) => bar.update(Number(p.position), Number(p.head), `${p.eventsRead} events`) },
    );
    bar.done();
    process.stderr.write(`funnel: ${rendered.report.rows.length} rows from ${rendered.report.eventsRead} events\n`);
    if (values.out) writeFileSync(values.out, rendered.body);
    else process.stdout.write(rendered.body.endsWith('\n') ? rendered.body : `${rendered.body}\n`);
  } catch (error) {
    if (error instanceof DomainError) fail(error.message);
    throw error;
  } finally {
    await runtime.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`funnel: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
