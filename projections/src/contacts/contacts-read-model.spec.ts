import type { ContactEvent, InviteSent } from '@pi/domain';
import { projectionSpec, recorded } from '@pi/read-store';
import { describe, expect, it } from 'vitest';
import { contactsProjection } from './contacts.projection.js';

const spec = projectionSpec(contactsProjection);
const created = () =>
  recorded<ContactEvent>({
    type: 'ContactCreated',
    data: {
      contactId: 'c1',
      practiceId: 'p1',
      name: 'Jane Doe',
      phone: { e164: '+14155550100', extension: null, asTyped: '(415) 555-0100' },
      email: 'Jane@Example.com',
      tags: ['VIP'],
      source: 'manual',
      createdAt: '2026-11-01T00:00:00Z',
    },
  });
const sent = () =>
  recorded<InviteSent>({
    type: 'InviteSent',
    data: {
      invitationId: 'i1',
      practiceId: 'p1',
      contactId: 'c1',
      linkId: 'l1',
      channels: ['sms'],
      to: { phone: '+14155550100', email: null },
      message: 'Join us',
      linkUrl: 'https://invite.example/brown',
      practiceName: 'Brown Clinic',
      tokenHash: 'h1',
      sealedToken: 's1',
      sentAt: '2026-11-02T00:00:00Z',
      expiresAt: '2026-12-02T00:00:00Z',
    },
  });

describe('contacts read model', () => {
  it('lists a new contact as not invited, with keys to find it by name, phone and email', async () => {
    const doc = (await spec.given().when(created()).documents()).get('c1')!;
    expect(doc).toMatchObject({
      status: 'not_invited',
      phone: '+14155550100',
      phoneAsTyped: '(415) 555-0100',
      emailKey: 'Jane@example.com',
      tagKeys: ['vip'],
      nameKey: 'jane doe',
    });
    expect(doc.searchKeys.length).toBeGreaterThan(0);
  });

  it('says invited once an invitation exists, and connected once paired', async () => {
    expect((await spec.given(created()).when(sent()).documents()).get('c1')).toMatchObject({
      status: 'invited',
      updatedAt: '2026-11-02T00:00:00Z',
    });
    const paired = recorded<ContactEvent>({
      type: 'ContactPaired',
      data: { contactId: 'c1', practiceId: 'p1', patientId: 'pt1', pairedAt: '2026-11-03T00:00:00Z' },
    });
    expect((await spec.given(created(), sent()).when(paired).documents()).get('c1')).toMatchObject({
      status: 'connected',
      patientId: 'pt1',
    });
  });

  it('does not call a contact invited for a send that never reached its invitation (a crash between the two streams)', async () => {
    // ContactInvited is the cap's record; the read model does not even take it.
    expect(contactsProjection.eventTypes).not.toContain('ContactInvited');
    expect((await spec.given().when(created()).documents()).get('c1')!.status).toBe('not_invited');
  });
});
