import { html } from '@pi/application';
import { page } from '../public-pages/html.js';

/** j•••@example.com: enough for the person to recognise their address, not enough for anyone else. */
export function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  return `${local.slice(0, 1)}•••@${domain ?? ''}`;
}

/**
 * What opening the link shows: a button that unsubscribes (a POST). Opening
 * it changes nothing, so a mail scanner that follows links cannot unsubscribe anyone.
 */
export function unsubscribePage(options: { token: string; practiceName: string; maskedEmail: string }): string {
  return page(
    'Unsubscribe',
    html`<h1>Unsubscribe from ${options.practiceName}'s email?</h1>
<p>${options.practiceName} will no longer send invitations or reminders to ${options.maskedEmail}.</p>
<form method="post" action="/p/unsubscribe?t=${options.token}">
  <button class="button" type="submit" id="unsubscribe">Unsubscribe</button>
</form>`,
  );
}

export function unsubscribedPage(options: { practiceName: string; maskedEmail: string }): string {
  return page(
    'Unsubscribed',
    html`<h1>You are unsubscribed</h1>
<p role="status">${options.practiceName} will not email ${options.maskedEmail} again. Texts are separate: reply STOP to a text to stop those.</p>`,
  );
}

export function unknownLinkPage(): string {
  return page(
    'Link not recognised',
    html`<h1>This unsubscribe link is not recognised</h1>
<p>It may be incomplete: open it from the email again, or reply to the practice to ask them to stop emailing you.</p>`,
  );
}
