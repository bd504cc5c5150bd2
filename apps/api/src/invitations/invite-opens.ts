import { Inject, Injectable, Logger } from '@nestjs/common';
import { invitationDecider, streams } from '@pi/domain';
import { invitationByTokenHash, type LinkDoc } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import { CLOCK, type Clock, CommandExecutor, InviteTokens, READ_MODELS } from '@pi/application';

/**
 * A person (not a scanner) opened an invitation's link: record the first open.
 * Only tracking: nothing is redeemed by a GET, and an old token (before a
 * resend) or another practice's token records nothing.
 */
@Injectable()
export class InviteOpens {
  private readonly logger = new Logger('InviteOpens');

  constructor(
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record(token: string, link: LinkDoc): Promise<void> {
    try {
      const invitation = await invitationByTokenHash(this.readModels, InviteTokens.hash(token));
      if (!invitation || invitation.practiceId !== link.practiceId) return;
      const context = {
        practiceId: link.practiceId,
        actor: 'public:visitor',
        correlationId: invitation.id,
        causationId: invitation.id,
      };
      await this.executor.execute(
        streams.invitation(invitation.id),
        invitationDecider,
        {
          type: 'OpenInvite',
          invitationId: invitation.id,
          practiceId: link.practiceId,
          tokenHash: InviteTokens.hash(token),
          at: this.clock.now().toISOString(),
        },
        context,
      );
    } catch (error) {
      // Tracking must never stand between a patient and the page.
      this.logger.warn({ err: error, linkId: link.id }, 'invitation open not recorded');
    }
  }
}
