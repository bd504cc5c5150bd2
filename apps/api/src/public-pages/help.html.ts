import { CODE_POLICY, formatPhone } from '@pi/domain';
import type { PracticeProfileDoc } from '@pi/projections';
import { html } from '@pi/application';
import { page } from './html.js';

const MINUTES = CODE_POLICY.ttlSeconds / 60;

/** "Still having trouble?": what the code is, what a patient needs, and the practice's own contact details. */
export function helpPage(profile: PracticeProfileDoc, slug: string): string {
  const name = profile.name;
  const contact = [
    profile.phone && html`<p>Call us: <a href="tel:${profile.phone}">${formatPhone(profile.phone)}</a></p>`,
    profile.location && html`<p>Or come by: ${profile.location}</p>`,
  ].filter(Boolean);
  return page(
    `Help — ${name}`,
    html`<h1>Help with connecting to ${name}</h1>
<section aria-labelledby="code"><h2 id="code">What is the code?</h2>
<p>To check that the phone is yours, we text it a 6-digit code. Type it on the page that asks for it. A code works for ${String(MINUTES)} minutes and for ${String(CODE_POLICY.maxTries)} tries; after that, ask for a new one on the same page (at most one a minute).</p>
<p>No text? Check the number you typed, wait a minute, then ask for a new code. If you once replied STOP to our texts, reply START first.</p></section>
<section aria-labelledby="phone"><h2 id="phone">Do I need a smartphone?</h2>
<p>No. Any mobile phone that can receive text messages will do, and you can fill in the form on a computer or a tablet.</p></section>
<section aria-labelledby="lost"><h2 id="lost">Lost your phone, or changed your number?</h2>
<p>Your phone is how you sign in. Contact ${name}: after checking who you are, they can move your account to your new number.</p></section>
<section aria-labelledby="contact"><h2 id="contact">Still having trouble? Contact us</h2>
${contact.length > 0 ? contact : html`<p>Ask ${name} at your next visit or call.</p>`}</section>
<p><a href="/${slug}">Back to ${name}</a></p>`,
  );
}
