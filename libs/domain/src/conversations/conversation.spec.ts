import { describe, expect, it } from 'vitest';
import { specFor } from '../shared/given-when-then.js';
import { conversationDecider, ConversationExists, type StartConversation } from './conversation.js';

const spec = specFor(conversationDecider);
const at = '2026-11-27T10:00:00.000Z';
const start: StartConversation = {
  type: 'StartConversation',
  conversationId: 'cv1',
  practiceId: 'p1',
  patientId: 'pt1',
  contactId: 'c1',
  linkId: 'l1',
  via: 'link',
  tags: ['new-patient'],
  autoAssignTo: null,
  at,
};

describe('conversation', () => {
  it("starts with the link's conversation tags, and is assigned to the owner when the link auto-assigns", () => {
    expect(spec.given([]).when(start).events()).toEqual([
      {
        type: 'ConversationStarted',
        data: {
          conversationId: 'cv1',
          practiceId: 'p1',
          patientId: 'pt1',
          contactId: 'c1',
          linkId: 'l1',
          via: 'link',
          tags: ['new-patient'],
          startedAt: at,
        },
      },
    ]);
    const assigned = spec
      .given([])
      .when({ ...start, autoAssignTo: { type: 'team', id: 't1' } })
      .events();
    expect(assigned[1]).toEqual({
      type: 'ConversationAssigned',
      data: {
        conversationId: 'cv1',
        practiceId: 'p1',
        assignee: { type: 'team', id: 't1' },
        reason: 'auto_assign',
        assignedAt: at,
      },
    });
  });

  it('starts once: a retried start changes nothing, another patient on the same id is refused', () => {
    const started = spec.given([]).when(start).events();
    expect(spec.given(started).when(start).events()).toEqual([]);
    expect(
      spec
        .given(started)
        .when({ ...start, patientId: 'pt2' })
        .error(),
    ).toBeInstanceOf(ConversationExists);
  });
});
