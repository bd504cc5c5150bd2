import type { Config } from './config.js';
import type { CommandExecutor } from '../engine/command-executor.js';
import type { ReactorRegistry } from '../engine/reactor.js';
import type { Runtime } from './runtime.js';
import { senders, type Senders } from './senders.js';
import type { Clock } from '../engine/tokens.js';
import { DeliveryProcessor } from '../invitations/delivery-processor.js';
import { ExpirySweeper } from '../invitations/expiry-sweeper.js';
import { ReminderScheduler } from '../invitations/reminder-scheduler.js';
import { InviteTokens } from '../invitations/invite-tokens.js';
import { ConnectionCompletion } from '../patients/connection-completion.js';
import { UnfinishedWork } from '../engine/recovery/unfinished-work.js';
import { SmsConsent } from '../invitations/sms-consent.js';
import { EmailConsent } from '../invitations/email-consent.js';
import { UnsubscribeLinks } from '../invitations/unsubscribe-links.js';
import { WhileLeader } from '../engine/while-leader.js';
import { AbandonedVerifications } from '../assurance/abandoned-verifications.js';
import { AuditChainAnchor } from '../assurance/audit-chain-anchor.js';
import { AuditChainHeads } from '../assurance/audit-chain-heads.js';
import { AuditSigningKey } from '../assurance/audit-signing-key.js';
import { AddressHashes, addressHashKey } from '../assurance/address-hashes.js';

export interface BackgroundWork {
  /** Expires invitations whose window has closed (every minute). */
  expiry: ExpirySweeper;
  /** Releases bulk sends held for the sending window and sends due reminders (every minute). */
  reminders: ReminderScheduler;
  /** Finishes multi-stream commands a crash cut short (sends, signups). */
  unfinished: UnfinishedWork;
  /** Shreds the data of verifications that proved no account, 30 days on (every hour). */
  abandoned: AbandonedVerifications;
  /** Records every practice's signed identity-audit chain head (every day). */
  anchor: AuditChainAnchor;
  stop(): Promise<void>;
}

/**
 * The work fed by the log that has effects outside it: invitation delivery
 * (SMS, email), reminders and held bulk sends, finishing interrupted commands, the expiry sweeper, shredding abandoned verifications and
 * recording the audit chain's daily head. Runs in exactly one process at a time:
 * among the processes configured to run it (the API by default; the projector with `PROJECTOR_DELIVERY=true`),
 * the one holding the `background-work` lease (see WhileLeader), which passes to another when it dies.
 */
export function startBackgroundWork(options: {
  config: Config;
  runtime: Runtime;
  executor: CommandExecutor;
  /** The root of the data keys (invitation tokens are sealed under a key derived from it). */
  dataKeysSecret: string;
  clock: Clock;
  senders?: Senders;
  /** Where /health finds the reactors' state. */
  reactors?: ReactorRegistry;
}): BackgroundWork {
  const { config, runtime, executor, clock } = options;
  const hashes = new AddressHashes(addressHashKey(options.dataKeysSecret));
  const consent = new SmsConsent(executor, clock, hashes);
  const emailConsent = new EmailConsent(executor, clock, hashes);
  const delivery = new DeliveryProcessor(
    runtime.events,
    runtime.readModels.store,
    executor,
    options.senders ?? senders(config, runtime),
    new InviteTokens(options.dataKeysSecret),
    clock,
    { attempts: 3, baseDelayMs: config.deliveryRetryBaseMs },
    {
      mayText: async (practiceId, phone) => !(await consent.optedOut(practiceId, phone)),
      mayEmail: async (practiceId, email) => !(await emailConsent.optedOut(practiceId, email)),
    },
    new UnsubscribeLinks(options.dataKeysSecret, config.publicBaseUrl),
    hashes,
  );
  delivery.start();
  const unfinished = new UnfinishedWork(
    runtime.events,
    runtime.readModels.store,
    executor,
    new ConnectionCompletion(executor, clock),
    clock,
  );
  unfinished.start();
  options.reactors?.add(delivery, unfinished);
  const expiry = new ExpirySweeper(runtime.readModels, executor, clock);
  expiry.start();
  const reminders = new ReminderScheduler(
    runtime.readModels,
    executor,
    delivery,
    { sms: consent, email: emailConsent },
    clock,
  );
  reminders.start();
  const abandoned = new AbandonedVerifications(runtime, executor, clock);
  abandoned.start();
  const heads = new AuditChainHeads(
    executor,
    runtime.events,
    runtime.readModels,
    new AuditSigningKey(options.dataKeysSecret),
    clock,
  );
  const anchor = new AuditChainAnchor(heads, runtime.readModels, clock);
  anchor.start();
  return {
    expiry,
    reminders,
    unfinished,
    abandoned,
    anchor,
    async stop() {
      await anchor.stop();
      await abandoned.stop();
      await reminders.stop();
      await expiry.stop();
      await unfinished.stop();
      await delivery.stop();
      options.reactors?.remove(delivery, unfinished);
    },
  };
}

/** The background work, run by whichever configured process holds the lease. */
export async function startBackgroundWorkWhileLeader(
  options: Parameters<typeof startBackgroundWork>[0],
): Promise<WhileLeader<BackgroundWork>> {
  const leader = new WhileLeader(options.runtime.leadership, 'background-work', () => startBackgroundWork(options));
  if (options.reactors) options.reactors.backgroundWork = () => leader.state;
  return leader.begin();
}
