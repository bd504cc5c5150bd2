import { describe, expect, it } from 'vitest';
import { specFor } from '../shared/given-when-then.js';
import type { PostPatientMessage, StartConversation } from './conversation.commands.js';
import { conversationDecider } from './conversation.decide.js';
import { ConversationExists, ConversationNotFound, InvalidMessage } from './conversation.errors.js';

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

describe('conversation: assign, archive, tags, reads and messages', () => {
  const started = spec.given([]).when(start).events();
  const target = { conversationId: 'cv1', practiceId: 'p1', at };

  it('assigns to a team and puts its members in the conversation; the same assignee again changes nothing', () => {
    const events = spec
      .given(started)
      .when({ ...target, type: 'AssignConversation', assignee: { type: 'team', id: 't1' }, joining: ['s1', 's2'] })
      .events();
    expect(events).toEqual([
      {
        type: 'ConversationAssigned',
        data: { ...target0(), assignee: { type: 'team', id: 't1' }, reason: 'requested', assignedAt: at },
      },
      { type: 'ConversationJoined', data: { ...target0(), staffIds: ['s1', 's2'], reason: 'assigned', joinedAt: at } },
    ]);
    spec
      .given([...started, ...events])
      .when({ ...target, type: 'AssignConversation', assignee: { type: 'team', id: 't1' }, joining: ['s1'] })
      .thenNothingHappened();
  });

  it('archives and reopens once each; unassigning an unassigned conversation changes nothing', () => {
    const archived = spec
      .given(started)
      .when({ ...target, type: 'ArchiveConversation' })
      .events();
    spec
      .given([...started, ...archived])
      .when({ ...target, type: 'ArchiveConversation' })
      .thenNothingHappened();
    expect(
      spec
        .given([...started, ...archived])
        .when({ ...target, type: 'ReopenConversation' })
        .events(),
    ).toEqual([{ type: 'ConversationReopened', data: { ...target0(), reason: 'requested', reopenedAt: at } }]);
    spec
      .given(started)
      .when({ ...target, type: 'UnassignConversation' })
      .thenNothingHappened();
  });

  it('tags without regard to case, and untags the tag as it was written', () => {
    spec
      .given(started)
      .when({ ...target, type: 'TagConversation', tag: 'NEW-PATIENT' })
      .thenNothingHappened();
    expect(
      spec
        .given(started)
        .when({ ...target, type: 'UntagConversation', tag: 'New-Patient' })
        .events(),
    ).toEqual([{ type: 'ConversationUntagged', data: { ...target0(), tag: 'new-patient', untaggedAt: at } }]);
  });

  it('a staff message puts its author in the conversation, read by them; a retried post records nothing', () => {
    const post = {
      ...target,
      type: 'PostStaffMessage',
      messageId: 'm1',
      staffId: 's9',
      text: '  See you at 3  ',
    } as const;
    const posted = spec.given(started).when(post).events();
    expect(posted).toEqual([
      {
        type: 'MessagePosted',
        data: {
          ...target0(),
          messageId: 'm1',
          author: { type: 'staff', id: 's9' },
          text: 'See you at 3',
          postedAt: at,
        },
      },
    ]);
    const state = [...started, ...posted].reduce(conversationDecider.evolve, conversationDecider.initialState);
    expect(state.status !== 'none' && [state.participants, state.readBy]).toEqual([['s9'], ['s9']]);
    spec
      .given([...started, ...posted])
      .when(post)
      .thenNothingHappened();
    spec
      .given([...started, ...posted])
      .when({ ...target, type: 'MarkConversationRead', staffId: 's9' })
      .thenNothingHappened();
  });

  it('refuses a blank message without quoting it', () => {
    spec
      .given(started)
      .when({ ...target, type: 'PostStaffMessage', messageId: 'm1', staffId: 's9', text: '   ' })
      .thenThrows(InvalidMessage, { errors: [{ field: 'text', messages: ['text must not be blank'] }] });
  });

  it('another practice finds no conversation', () => {
    spec
      .given(started)
      .when({ ...target, practiceId: 'p2', type: 'ArchiveConversation' })
      .thenThrows(ConversationNotFound, { conversationId: 'cv1' });
  });
});

describe('a patient writes to a link', () => {
  const write = (over: Partial<PostPatientMessage> = {}): PostPatientMessage => ({
    type: 'PostPatientMessage',
    conversationId: 'cv1',
    practiceId: 'p1',
    messageId: 'm1',
    patientId: 'pt1',
    text: 'Hello',
    at,
    throughLink: {
      start: {
        conversationId: 'cv1',
        practiceId: 'p1',
        patientId: 'pt1',
        contactId: 'c1',
        linkId: 'l1',
        via: 'link',
        tags: ['Flu'],
      },
      tags: ['Flu'],
      autoAssignTo: { type: 'staff', id: 'owner' },
    },
    ...over,
  });

  it("starts the conversation with the link's tags, assigns it to the owner, and records the message", () => {
    const types = spec
      .given([])
      .when(write())
      .events()
      .map((event) => event.type);
    expect(types).toEqual(['ConversationStarted', 'ConversationAssigned', 'MessagePosted']);
  });

  it('continues it: reopens it, applies tags added to the link since, and not those removed', () => {
    const first = spec.given([]).when(write()).events();
    const archived = spec
      .given(first)
      .when({ type: 'ArchiveConversation', conversationId: 'cv1', practiceId: 'p1', at })
      .events();
    const second = spec
      .given([...first, ...archived])
      .when(
        write({
          messageId: 'm2',
          throughLink: { ...write().throughLink!, tags: ['Diabetes'] },
        }),
      )
      .events();
    expect(second.map((event) => [event.type, event.type === 'ConversationTagged' ? event.data.tag : null])).toEqual([
      ['ConversationTagged', 'Diabetes'],
      ['ConversationReopened', null],
      ['MessagePosted', null],
    ]);
  });

  it("another patient cannot write in this patient's conversation", () => {
    const first = spec.given([]).when(write()).events();
    spec
      .given(first)
      .when(write({ patientId: 'pt2', messageId: 'm2' }))
      .thenThrows(ConversationNotFound, { conversationId: 'cv1' });
  });
});

function target0() {
  return { conversationId: 'cv1', practiceId: 'p1' };
}
