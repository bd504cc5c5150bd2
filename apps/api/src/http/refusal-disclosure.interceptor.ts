import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { DomainError } from '@pi/domain';
import { catchError, from, switchMap, throwError, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/decorators.js';
import { ConversationAccess } from '../conversations/conversation-access.js';

/** Details of a refusal that name a contact or a patient, and how to tell whether the caller may read them. */
const NAMES_A: Record<string, 'contact' | 'patient'> = {
  existingContactId: 'contact',
  contactId: 'contact',
  patientId: 'patient',
};

/**
 * A refusal tells no more than the caller may read: a 409 on an invitation
 * once named the contact and patient of someone the links' rules hide from the
 * caller (who would find neither in a search). Every refusal of every route
 * passes here, so a new error with an id in its details is covered as well.
 */
@Injectable()
export class RefusalDisclosureInterceptor implements NestInterceptor {
  constructor(@Inject(ConversationAccess) private readonly access: ConversationAccess) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const caller = context.switchToHttp().getRequest<AuthenticatedRequest>().auth;
    if (!caller || caller.operator) return next.handle();
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (!(error instanceof DomainError)) return throwError(() => error);
        const named = Object.keys(error.details).filter((key) => key in NAMES_A);
        if (named.length === 0) return throwError(() => error);
        return from(this.withoutUnreadable(error, named, caller)).pipe(switchMap((e) => throwError(() => e)));
      }),
    );
  }

  private async withoutUnreadable(
    error: DomainError,
    keys: string[],
    caller: NonNullable<AuthenticatedRequest['auth']>,
  ): Promise<DomainError> {
    const details = error.details;
    for (const key of keys) {
      const id = details[key];
      if (typeof id !== 'string') continue;
      const readable =
        NAMES_A[key] === 'contact'
          ? await this.access.contactReadable(caller, id)
          : await this.access.patientReadable(caller, id);
      if (!readable) delete details[key];
    }
    return error;
  }
}
