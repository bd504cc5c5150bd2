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
  assigneeKey: null,
  status: 'open',
  participants: [],
  readBy: [],
  lastMessage: null,
  startedAt: '2026-11-01T00:00:00Z',
  activityAt: '2026-11-01T00:00:00Z',
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
      .then('cv1', {
        ...conversation,
        assignee: { type: 'team', id: 't1' },
        assigneeKey: 'team:t1',
        updatedAt: '2026-11-01T00:00:01Z',
      });
  });

  it('a message moves it up the inbox with a one-line preview, unread by all but its author', async () => {
    const text = `Hello\n\nI need ${'a '.repeat(100)}refill`;
    await spec
      .given(
        started(),
        event({
          type: 'ConversationRead',
          data: { conversationId: 'cv1', practiceId: 'p1', staffId: 's1', readAt: '2026-11-01T00:01:00Z' },
        }),
      )
      .when(
        event({
          type: 'MessagePosted',
          data: {
            conversationId: 'cv1',
            practiceId: 'p1',
            messageId: 'm1',
            author: { type: 'staff', id: 's2' },
            text,
            postedAt: '2026-11-01T00:02:00Z',
          },
        }),
      )
      .then('cv1', {
        ...conversation,
        participants: ['s2'],
        readBy: ['s2'],
        lastMessage: {
          at: '2026-11-01T00:02:00Z',
          preview: `${text.replace(/\s+/g, ' ').slice(0, 119)}…`,
          from: 'staff',
        },
        activityAt: '2026-11-01T00:02:00Z',
        updatedAt: '2026-11-01T00:02:00Z',
      });
  });

  it('archives, tags and untags; the feed order moves with every change', async () => {
    const data = { conversationId: 'cv1', practiceId: 'p1' };
    await spec
      .given(started())
      .when(
        event({ type: 'ConversationArchived', data: { ...data, archivedAt: '2026-11-02T00:00:00Z' } }),
        event({
          type: 'ConversationTagged',
          data: { ...data, tag: 'Rx', reason: 'requested', taggedAt: '2026-11-02T00:00:01Z' },
        }),
        event({ type: 'ConversationUntagged', data: { ...data, tag: 'flu', untaggedAt: '2026-11-02T00:00:02Z' } }),
      )
      .then('cv1', { ...conversation, status: 'archived', tags: ['Rx'], updatedAt: '2026-11-02T00:00:02Z' });
  });
});
