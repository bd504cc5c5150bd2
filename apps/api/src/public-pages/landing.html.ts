import { formatPhone } from '@pi/domain';
import type { PracticeProfileDoc } from '@pi/projections';
import { escapeHtml } from '../http/escape-html.js';
import { page } from './html.js';

/** Shows the practice's profile only: nothing about any patient, even with an invitation token. */
export function landingPage(profile: PracticeProfileDoc, connectHref: string): string {
  const name = escapeHtml(profile.name);
  const logo = profile.logoUrl
    ? `<img class="logo" src="${escapeHtml(profile.logoUrl)}" alt="${name} logo" width="96" height="96">`
    : '';
  const about = profile.about ? `<p class="about">${escapeHtml(profile.about)}</p>` : '';
  const offerings = profile.offerings.length
    ? `<section aria-labelledby="offerings"><h2 id="offerings">What we offer</h2><ul>${profile.offerings.map((o) => `<li>${escapeHtml(o)}</li>`).join('')}</ul></section>`
    : '';
  const contact = [
    profile.location ? `<p><span class="label">Location</span> ${escapeHtml(profile.location)}</p>` : '',
    profile.phone
      ? `<p><span class="label">Phone</span> <a href="tel:${escapeHtml(profile.phone)}">${escapeHtml(formatPhone(profile.phone))}</a></p>`
      : '',
  ].join('');
  return page(
    `${profile.name}: connect securely`,
    `<header class="profile">
  ${logo}
  <h1>${name}</h1>
  ${about}
</header>
<a class="button" id="connect" href="${escapeHtml(connectHref)}">Connect with ${name}</a>
<p class="hint">Create your account to message ${name} securely. You will need a phone that can receive text messages.</p>
${offerings}
${contact ? `<section aria-labelledby="contact"><h2 id="contact">Contact</h2>${contact}</section>` : ''}`,
  );
}

export function notFoundPage(): string {
  return page(
    'Link not found',
    `<h1>This link does not work</h1>
<p>The address may have been mistyped, or the practice no longer uses this link.</p>
<p>Please check the address, or ask your practice for a new one.</p>`,
  );
}
