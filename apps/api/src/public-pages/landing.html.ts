import { formatPhone } from '@pi/domain';
import type { PracticeProfileDoc } from '@pi/projections';
import { html } from '@pi/application';
import { page } from './html.js';

/** Shows the practice's profile only: nothing about any patient, even with an invitation token. */
export function landingPage(profile: PracticeProfileDoc, connectHref: string, helpHref: string): string {
  const name = profile.name;
  const contact = [
    profile.location && html`<p><span class="label">Location</span> ${profile.location}</p>`,
    profile.phone &&
      html`<p><span class="label">Phone</span> <a href="tel:${profile.phone}">${formatPhone(profile.phone)}</a></p>`,
  ].filter(Boolean);
  return page(
    `${profile.name}: connect securely`,
    html`<header class="profile">
  ${profile.logoUrl && html`<img class="logo" src="${profile.logoUrl}" alt="${name} logo" width="96" height="96">`}
  <h1>${name}</h1>
  ${profile.about && html`<p class="about">${profile.about}</p>`}
</header>
<a class="button" id="connect" href="${connectHref}">Connect with ${name}</a>
<p class="hint">Create your account to message ${name} securely. You will need a phone that can receive text messages.</p>
<p class="help"><a href="${helpHref}">Need help? How connecting works</a></p>
${profile.offerings.length > 0 && html`<section aria-labelledby="offerings"><h2 id="offerings">What we offer</h2><ul>${profile.offerings.map((o) => html`<li>${o}</li>`)}</ul></section>`}
${contact.length > 0 && html`<section aria-labelledby="contact"><h2 id="contact">Contact</h2>${contact}</section>`}`,
  );
}

export function notFoundPage(): string {
  return page(
    'Link not found',
    html`<h1>This link does not work</h1>
<p>The address may have been mistyped, or the practice no longer uses this link.</p>
<p>Please check the address, or ask your practice for a new one.</p>`,
  );
}
