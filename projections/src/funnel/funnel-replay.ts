import {
  failureCodeOf,
  type Channel,
  type InviteDeliveryFailed,
  type InviteSent,
  type LinkCreated,
  type LinkRenamed,
  type VisitSource,
} from '@pi/domain';
import type { FunnelDimension, FunnelFilters, FunnelInterval, FunnelReport, FunnelStage } from './funnel-row.js';
import { baseFact, FunnelRows, type Fact } from './funnel-rows.js';
import { linkStageOf } from './link-stage.js';

/** What the replay reads of an event: no personal value is ever needed (sealed ones stay sealed). */
export interface FunnelEvent {
  type: string;
  data: unknown;
  metadata: { practiceId: string; actor: string };
  recordedAt: string;
}

const SMS = 1;
const EMAIL = 2;
const bit = (channel: Channel) => (channel === 'sms' ? SMS : EMAIL);

interface Invitation {
  linkId: string;
  channels: Channel[];
  sender: string;
  lastSentAt: string;
  firstDeliveredAt: string | null;
  openedAt: string | null;
  signupStartedAt: string | null;
  /** Channels that reached each outcome (bit set), so each counts once per invitation and channel. */
  delivered: number;
  failed: number;
  optedOut: number;
  once: Set<'opened' | 'accepted' | 'expired' | 'revoked' | 'reminded'> | null;
}

interface Signup {
  source: VisitSource;
  startedAt: string;
  verifiedAt: string | null;
  invitationId: string | null;
}

/**
 * The invite funnels of one practice, folded from its log event by event, in
 * one pass that holds only what places later events (an invitation's link,
 * channels and sender; a sign-up's source) and the rows: never the log.
 * Each stage counts at the time it happened (`from`/`to` and weeks are about
 * that time), in the practice's time zone; `asOf` leaves out what the log
 * recorded later, so a report can be reproduced exactly.
 */
export class FunnelReplay {
  private readonly invitations = new Map<string, Invitation>();
  private readonly invitationByToken = new Map<string, string>();
  private readonly signups = new Map<string, Signup>();
  private readonly links = new Map<string, string>();
  private readonly knownLinks = new Set<string>();
  private readonly rows: FunnelRows;
  private read = 0;

  /** One pass can fill several dimensions (a chart's funnels and its weekly trend). */
  constructor(
    readonly dimensions: readonly FunnelDimension[],
    private readonly filters: FunnelFilters,
    private readonly timeZone: string,
  ) {
    this.rows = new FunnelRows(dimensions, filters, timeZone);
  }

  /** Whether the practice had this link (as of the report). */
  hasLink(linkId: string): boolean {
    return this.knownLinks.has(linkId);
  }

  /** Events handed to `apply` so far. */
  get eventsRead(): number {
    return this.read;
  }

  apply(event: FunnelEvent): void {
    this.read++;
    if (this.filters.asOf !== null && event.recordedAt > this.filters.asOf) return;
    const practiceId = this.filters.practiceId;
    if (event.metadata.practiceId !== practiceId && event.type !== 'PatientConnected') return;
    switch (event.type) {
      case 'LinkCreated':
      case 'LinkRenamed':
        return this.label(event.type, event.data as (LinkCreated | LinkRenamed)['data']);
      case 'InviteSent':
        return this.sent(event.data as InviteSent['data'], event.metadata.actor);
      case 'InviteResent': {
        const data = event.data as { invitationId: string; tokenHash: string; sentAt: string };
        const invitation = this.invitations.get(data.invitationId);
        if (!invitation) return;
        this.invitationByToken.set(data.tokenHash, data.invitationId);
        invitation.lastSentAt = data.sentAt;
        return this.once(invitation, 'reminded', data.sentAt);
      }
      case 'InviteReminderSent': {
        const data = event.data as { invitationId: string; sentAt: string };
        const invitation = this.invitations.get(data.invitationId);
        if (!invitation) return;
        invitation.lastSentAt = data.sentAt;
        return this.once(invitation, 'reminded', data.sentAt);
      }
      case 'InviteDelivered': {
        const data = event.data as { invitationId: string; channel: Channel; deliveredAt: string };
        const invitation = this.invitations.get(data.invitationId);
        if (!invitation) return;
        const first = invitation.firstDeliveredAt === null;
        if (first) invitation.firstDeliveredAt = data.deliveredAt;
        const interval = first ? this.between('sentToDelivered', invitation.lastSentAt, data.deliveredAt) : null;
        return this.perChannel(invitation, 'delivered', data.channel, data.deliveredAt, interval);
      }
      case 'InviteDeliveryFailed': {
        const data = event.data as InviteDeliveryFailed['data'];
        const invitation = this.invitations.get(data.invitationId);
        if (!invitation) return;
        const stage = failureCodeOf(data) === 'opted_out' ? 'optedOut' : 'failed';
        return this.perChannel(invitation, stage, data.channel, data.failedAt, null);
      }
      case 'InviteDeliveryReported': {
        // The handset's receipt: accepted by the provider, never reached the phone.
        const data = event.data as { invitationId: string; channel: Channel; status: string; reportedAt: string };
        const invitation = this.invitations.get(data.invitationId);
        if (!invitation || data.status === 'delivered') return;
        return this.perChannel(invitation, 'failed', data.channel, data.reportedAt, null);
      }
      case 'InviteOpened': {
        const data = event.data as { invitationId: string; openedAt: string };
        const invitation = this.invitations.get(data.invitationId);
        if (!invitation || invitation.openedAt !== null) return;
        invitation.openedAt = data.openedAt;
        const interval =
          invitation.firstDeliveredAt === null
            ? null
            : this.between('deliveredToOpened', invitation.firstDeliveredAt, data.openedAt);
        return this.once(invitation, 'opened', data.openedAt, interval);
      }
      case 'InviteAccepted': {
        const data = event.data as { invitationId: string; acceptedAt: string };
        const invitation = this.invitations.get(data.invitationId);
        if (!invitation) return;
        const interval =
          invitation.signupStartedAt === null
            ? null
            : this.between('signupStartedToAccepted', invitation.signupStartedAt, data.acceptedAt);
        return this.once(invitation, 'accepted', data.acceptedAt, interval);
      }
      case 'InviteRevoked':
      case 'InviteExpired': {
        const data = event.data as { invitationId: string; revokedAt?: string; expiredAt?: string };
        const invitation = this.invitations.get(data.invitationId);
        if (!invitation) return;
        const stage = event.type === 'InviteRevoked' ? 'revoked' : 'expired';
        return this.once(invitation, stage, (data.revokedAt ?? data.expiredAt)!);
      }
      default:
        return this.linkStage(event);
    }
  }

  report(by: FunnelDimension = this.dimensions[0]): FunnelReport {
    // Every link of the practice has a row, with its label as it was at the end of the period.
    const links = by === 'link' ? [...this.links].filter(([linkId]) => this.keep(linkId)) : [];
    const rows = this.rows.rows(by, new Map(links));
    const { practiceId, from, to, asOf, linkId, channel } = this.filters;
    return {
      by,
      practiceId,
      timeZone: this.timeZone,
      from,
      to,
      asOf,
      filters: { linkId, channel },
      eventsRead: this.read,
      rows,
    };
  }

  private keep(linkId: string): boolean {
    return this.filters.linkId === null || this.filters.linkId === linkId;
  }

  private label(type: 'LinkCreated' | 'LinkRenamed', data: { linkId: string; label: string }): void {
    // The label as it was at the end of the period.
    const at =
      type === 'LinkCreated' ? (data as LinkCreated['data']).createdAt : (data as LinkRenamed['data']).renamedAt;
    if (type === 'LinkCreated') this.knownLinks.add(data.linkId);
    if (type === 'LinkRenamed' && !this.links.has(data.linkId)) return;
    if (this.filters.to !== null && at >= this.filters.to) return;
    this.links.set(data.linkId, data.label);
  }

  private sent(data: InviteSent['data'], sender: string): void {
    if (data.practiceId !== this.filters.practiceId) return;
    const invitation: Invitation = {
      linkId: data.linkId,
      channels: data.channels,
      sender,
      lastSentAt: data.sentAt,
      firstDeliveredAt: null,
      openedAt: null,
      signupStartedAt: null,
      delivered: 0,
      failed: 0,
      optedOut: 0,
      once: null,
    };
    this.invitations.set(data.invitationId, invitation);
    this.invitationByToken.set(data.tokenHash, data.invitationId);
    this.rows.count(this.fact('sent', data.sentAt, invitation));
  }

  private linkStage(event: FunnelEvent): void {
    const fact = linkStageOf(event);
    if (!fact || fact.practiceId !== this.filters.practiceId) return;
    const { stage, at, linkId } = fact;
    if (stage === 'views' || stage === 'automatedViews') {
      return this.rows.count({ ...baseFact(stage, at), linkId, source: fact.source });
    }
    if (stage === 'signupsStarted') {
      const invitationId =
        fact.invitationTokenHash === null ? null : (this.invitationByToken.get(fact.invitationTokenHash) ?? null);
      this.signups.set(fact.verificationId!, { source: fact.source!, startedAt: at, verifiedAt: null, invitationId });
      const invitation = invitationId === null ? undefined : this.invitations.get(invitationId);
      let interval: Fact['interval'] = null;
      if (invitation && invitation.signupStartedAt === null) {
        invitation.signupStartedAt = at;
        if (invitation.openedAt !== null) interval = this.between('openedToSignupStarted', invitation.openedAt, at);
      }
      return this.rows.count({ ...this.placed(stage, at, linkId, fact.source!, invitation), interval });
    }
    const signup = this.signups.get(fact.verificationId!);
    if (stage === 'verified') {
      if (signup) signup.verifiedAt = at;
      const invitation = signup?.invitationId ? this.invitations.get(signup.invitationId) : undefined;
      const interval = signup ? this.between('signupStartedToVerified', signup.startedAt, at) : null;
      return this.rows.count({ ...this.placed(stage, at, linkId, fact.source!, invitation), interval });
    }
    // Connected: placed like its sign-up; the invitation it accepted gives channels and sender.
    const invitation = fact.invitationId === null ? undefined : this.invitations.get(fact.invitationId);
    const source = signup?.source ?? (fact.invitationId !== null ? 'invitation' : 'link');
    const interval = signup?.verifiedAt ? this.between('verifiedToConnected', signup.verifiedAt, at) : null;
    this.signups.delete(fact.verificationId!);
    this.rows.count({ ...this.placed(stage, at, linkId, source, invitation), interval });
  }

  private placed(stage: FunnelStage, at: string, linkId: string, source: VisitSource, invitation?: Invitation): Fact {
    return {
      ...baseFact(stage, at),
      linkId,
      source,
      channels: invitation?.channels ?? [],
      sender: invitation?.sender ?? null,
    };
  }

  private fact(stage: FunnelStage, at: string, invitation: Invitation): Fact {
    return this.placed(stage, at, invitation.linkId, 'invitation', invitation);
  }

  private once(
    invitation: Invitation,
    stage: 'opened' | 'accepted' | 'expired' | 'revoked' | 'reminded',
    at: string,
    interval: Fact['interval'] = null,
  ): void {
    invitation.once ??= new Set();
    if (invitation.once.has(stage)) return;
    invitation.once.add(stage);
    this.rows.count({ ...this.fact(stage, at, invitation), interval });
  }

  /** Once per invitation in every dimension; a later channel's same outcome counts in channel rows only. */
  private perChannel(
    invitation: Invitation,
    stage: 'delivered' | 'failed' | 'optedOut',
    channel: Channel,
    at: string,
    interval: Fact['interval'],
  ): void {
    const reached = invitation[stage];
    if (reached & bit(channel)) return;
    invitation[stage] = reached | bit(channel);
    this.rows.count({ ...this.fact(stage, at, invitation), channels: [channel], channelOnly: reached !== 0, interval });
  }

  private between(name: FunnelInterval, from: string, to: string): Fact['interval'] {
    return { name, seconds: Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000) };
  }
}
