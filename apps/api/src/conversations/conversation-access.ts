import { Inject, Injectable } from '@nestjs/common';
import { AccessState, ConversationNotFound, reasonsToRead } from '@pi/domain';
import {
  accessNow,
  conversationsOfContacts,
  conversationsOfPatient,
  getConversation,
  readableBy,
  type ConversationDoc,
} from '@pi/projections';
import type { ProjectionEngine, Where } from '@pi/read-store';
import { type AuthContext, READ_MODELS } from '@pi/application';

/**
 * The one gate to conversation content: every route that returns a
 * conversation, its messages, its patient or the patient's contact card asks
 * here, and whatever the caller may not read answers 404 as if it did not
 * exist. The rule is the domain's (`reasonsToRead`), folded from the access
 * history read model.
 */
@Injectable()
export class ConversationAccess {
  constructor(@Inject(READ_MODELS) private readonly readModels: ProjectionEngine) {}

  /** Who may read what in the caller's practice, now. */
  state(caller: AuthContext): Promise<AccessState> {
    return accessNow(this.readModels, caller.practiceId);
  }

  /** The caller's readable conversations, as query alternatives (empty: none). */
  async readable(caller: AuthContext, access?: AccessState): Promise<Where[]> {
    return readableBy(access ?? (await this.state(caller)), caller.staffId);
  }

  async canRead(caller: AuthContext, doc: ConversationDoc, access?: AccessState): Promise<boolean> {
    return reasonsToRead(access ?? (await this.state(caller)), caller.staffId, doc).length > 0;
  }

  /** The conversation, if the caller may read it; 404 otherwise. */
  async requireReadable(caller: AuthContext, conversationId: string): Promise<ConversationDoc> {
    const doc = await getConversation(this.readModels, caller.practiceId, conversationId);
    if (!doc || !(await this.canRead(caller, doc))) throw new ConversationNotFound(conversationId);
    return doc;
  }

  /** A patient is readable when one of their conversations here is, or they have none here yet. */
  async patientReadable(caller: AuthContext, patientId: string): Promise<boolean> {
    const docs = (await conversationsOfPatient(this.readModels, patientId)).items;
    return (await this.owners(caller, docs, (doc) => doc.patientId))(patientId);
  }

  async contactReadable(caller: AuthContext, contactId: string): Promise<boolean> {
    return (await this.readableContacts(caller, [contactId])).has(contactId);
  }

  /** Of these contacts, those the caller may see (the same rule as a patient): one query and one fold for a page. */
  async readableContacts(caller: AuthContext, contactIds: readonly string[]): Promise<Set<string>> {
    const docs = await conversationsOfContacts(this.readModels, contactIds);
    const readable = await this.owners(caller, docs, (doc) => doc.contactId);
    return new Set(contactIds.filter(readable));
  }

  /**
   * Whether the caller may see whoever owns some of these conversations (a
   * patient, a contact): yes when one of theirs in this practice is readable,
   * or when they have none here. The access history is folded only if needed.
   */
  private async owners(
    caller: AuthContext,
    docs: readonly ConversationDoc[],
    ownerOf: (doc: ConversationDoc) => string,
  ): Promise<(owner: string) => boolean> {
    const here = docs.filter((doc) => doc.practiceId === caller.practiceId);
    const access = here.length > 0 ? await this.state(caller) : null;
    return (owner) => {
      const theirs = here.filter((doc) => ownerOf(doc) === owner);
      return theirs.length === 0 || theirs.some((doc) => reasonsToRead(access!, caller.staffId, doc).length > 0);
    };
  }
}
