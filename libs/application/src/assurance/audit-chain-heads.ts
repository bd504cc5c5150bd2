import { createPublicKey, verify } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { auditChainDecider, chainHeadMessage, streams, type AuditChainHeadRecorded } from '@pi/domain';
import type { EventStore, Position } from '@pi/event-store';
import { checkHead, factChain, practiceAuditRecords, type FactChainHead } from '@pi/projections';
import type { ProjectionEngine } from '@pi/read-store';
import type { CommandContext } from '../engine/command-context.js';
import { CommandExecutor } from '../engine/command-executor.js';
import { CLOCK, EVENT_STORE, READ_MODELS, type Clock } from '../engine/tokens.js';
import { AuditSigningKey } from './audit-signing-key.js';

export interface RecordedHead extends FactChainHead {
  recordedAt: string;
  keyId: string;
  /** The signature verifies with the audit key. */
  signatureValid: boolean;
  /** The history as it reads now still leads to this head. */
  matches: boolean;
  /** Why not, when it does not. */
  reason: string | null;
}

/**
 * Anchors the identity audit in the log: the head of a practice's fact chain, signed with the audit key, is
 * recorded every day (and when an auditor asks). Checking compares today's history with every head recorded:
 * a record changed, removed or inserted since contradicts the heads recorded after it was first written.
 */
@Injectable()
export class AuditChainHeads {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ProjectionEngine,
    @Inject(AuditSigningKey) private readonly key: AuditSigningKey,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Records the head of the practice's chain now (nothing when it is the head recorded last). */
  async record(
    practiceId: string,
    context: CommandContext,
  ): Promise<{ head: FactChainHead; position: Position | null }> {
    const head = factChain(await practiceAuditRecords(this.readModels, practiceId));
    const signature = this.key.sign(chainHeadMessage(practiceId, head.records, head.throughSeq, head.head));
    const outcome = await this.executor.execute(
      streams.auditChain(practiceId),
      auditChainDecider,
      {
        type: 'RecordAuditChainHead',
        practiceId,
        ...head,
        keyId: this.key.keyId,
        signature,
        at: this.clock.now().toISOString(),
      },
      context,
    );
    return { head, position: outcome.position };
  }

  /** Every head recorded for the practice, oldest first, each checked against the history as it reads now. */
  async check(practiceId: string): Promise<RecordedHead[]> {
    const events = await this.events.readStream(streams.auditChain(practiceId));
    const records = await practiceAuditRecords(this.readModels, practiceId);
    const publicKey = createPublicKey(this.key.publicKeyPem);
    return events.map((event) => {
      const data = event.data as AuditChainHeadRecorded['data'];
      const recorded = { records: data.records, throughSeq: data.throughSeq, head: data.head };
      const verdict = checkHead(records, recorded);
      return {
        ...recorded,
        recordedAt: data.recordedAt,
        keyId: data.keyId,
        signatureValid: verify(
          null,
          Buffer.from(chainHeadMessage(practiceId, data.records, data.throughSeq, data.head)),
          publicKey,
          Buffer.from(data.signature, 'base64url'),
        ),
        matches: verdict.matches,
        reason: verdict.matches ? null : verdict.reason,
      };
    });
  }
}
