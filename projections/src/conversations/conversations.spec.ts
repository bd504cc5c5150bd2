import type { ConversationEvent } from '@pi/domain';
import { projectionSpec, recorded } from '@pi/read-store';
import { describe, it } from 'vitest';
import { conversationsProjection, type ConversationDoc } from './conversations.projection.js';

const spec = projectionSpec(conversationsProjection);
const event = (e: ConversationEvent) => recorded(e, { streamId: 'conversation-cv1' });
const started = () =>
  event({
    type: 'ConversationStarted',
    data: {
      conversationId: 'cv1',
      practiceId: 'p1',
      patientId: 'pt1',
      contactId: 'c1',
      linkId: 'l1',
      via: 'link',
      tags: ['Flu'],
      startedAt: '2026-11-01T00:00:00Z',
    },
  });
const conversation: ConversationDoc = {
  id: 'cv1',
  practiceId: 'p1',
  patientId: 'pt1',
  contactId: 'c1',
  linkId: 'l1',
  via: 'link',
  tags: ['Flu'],
  assignee: null,
  startedAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
};

describe('conversations read model', () => {
  it('lists a conversation as started, with the tags of its link at the time', async () => {
    await spec.given().when(started()).then('cv1', conversation);
  });

  it('shows whom auto-assign gave it to', async () => {
    await spec
      .given(started())
      .when(
        event({
          type: 'ConversationAssigned',
          data: {
            conversationId: 'cv1',
            practiceId: 'p1',
            assignee: { type: 'team', id: 't1' },
            reason: 'auto_assign',
            assignedAt: '2026-11-01T00:00:01Z',
          },
        }),
      )
      .then('cv1', { ...conversation, assignee: { type: 'team', id: 't1' }, updatedAt: '2026-11-01T00:00:01Z' });
  });
});
