import { CODE_POLICY, QR_MARKER } from '@pi/domain';
import type { PracticeProfileDoc } from '@pi/projections';
import { html } from '@pi/application';
import { page } from '../public-pages/html.js';

/** The consent box's words; stored with the consent (TCPA: never pre-ticked; CTIA: name the sender, rates, STOP and HELP). */
export function consentWording(practiceName: string): string {
  return `I agree to receive text messages from ${practiceName} and Patient Invites at this number, starting with a verification code now. Message and data rates may apply. Reply STOP to opt out, HELP for help.`;
}

export interface SignupValues {
  name: string;
  phone: string;
  email: string;
}
export type FieldErrors = Partial<Record<'name' | 'phone' | 'email' | 'consent', string>>;

const field = (
  id: keyof SignupValues,
  label: string,
  type: string,
  value: string,
  error: string | undefined,
  autocomplete: string,
) => html`
<div class="field${error ? ' invalid' : ''}">
  <label for="${id}">${label}</label>
  <input id="${id}" name="${id}" type="${type}" value="${value}" autocomplete="${autocomplete}" required${error && html` aria-invalid="true" aria-describedby="${id}-error"`}>
  ${error && html`<p class="error" id="${id}-error">${error}</p>`}
</div>`;

/** Name, mobile phone, email and the consent box; works without JavaScript. */
export function signupPage(
  profile: PracticeProfileDoc,
  options: {
    action: string;
    invitation: string | null;
    fromQr?: boolean;
    values?: SignupValues;
    errors?: FieldErrors;
    notice?: string;
  },
): string {
  const name = profile.name;
  const values = options.values ?? { name: '', phone: '', email: '' };
  const errors = options.errors ?? {};
  return page(
    `Connect with ${profile.name}`,
    html`<h1>Connect with ${name}</h1>
<p class="hint">Create your account to message ${name} securely. We will text a 6-digit code to your mobile phone to check it is yours.</p>
${options.notice && html`<p class="notice" role="alert">${options.notice}</p>`}
<form method="post" action="${options.action}" novalidate>
  ${options.invitation && html`<input type="hidden" name="i" value="${options.invitation}">`}
  ${options.fromQr === true && html`<input type="hidden" name="${QR_MARKER.param}" value="${QR_MARKER.value}">`}
  ${field('name', 'Your name', 'text', values.name, errors.name, 'name')}
  ${field('phone', 'Mobile phone', 'tel', values.phone, errors.phone, 'tel')}
  ${field('email', 'Email', 'email', values.email, errors.email, 'email')}
  <div class="field consent${errors.consent ? ' invalid' : ''}">
    <input id="consent" name="consent" type="checkbox" value="yes"${errors.consent && html` aria-invalid="true" aria-describedby="consent-error"`}>
    <label for="consent">${consentWording(profile.name)}</label>
    ${errors.consent && html`<p class="error" id="consent-error">${errors.consent}</p>`}
  </div>
  <button class="button" type="submit" id="send-code">Text me a code</button>
</form>
<p class="help"><a href="${options.action.replace(/\/signup$/, '/help')}">Still having trouble? Help</a></p>`,
  );
}

/** "We texted a code to ••• 0100": the code form, and a form to ask for a new code. */
export function codePage(
  profile: PracticeProfileDoc,
  options: { slug: string; ref: string; maskedPhone: string; error?: string; notice?: string },
): string {
  const slug = options.slug;
  return page(
    `Enter your code — ${profile.name}`,
    html`<h1>Enter your code</h1>
<p class="hint">We texted a 6-digit code to ${options.maskedPhone}. It works for ${String(CODE_POLICY.ttlSeconds / 60)} minutes.</p>
${options.notice && html`<p class="notice" role="status">${options.notice}</p>`}
<form method="post" action="/${slug}/verify" novalidate>
  <input type="hidden" name="ref" value="${options.ref}">
  <div class="field${options.error ? ' invalid' : ''}">
    <label for="code">6-digit code</label>
    <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required${options.error && html` aria-invalid="true" aria-describedby="code-error"`}>
    ${options.error && html`<p class="error" id="code-error" role="alert">${options.error}</p>`}
  </div>
  <button class="button" type="submit" id="verify">Connect</button>
</form>
<form method="post" action="/${slug}/signup/resend">
  <input type="hidden" name="ref" value="${options.ref}">
  <button class="link-button" type="submit" id="resend">Text me a new code</button>
</form>
<p class="help"><a href="/${slug}/help">Still having trouble? Help</a></p>`,
  );
}

export function connectedPage(
  profile: PracticeProfileDoc,
  options: { alreadyConnected: boolean; write: string },
): string {
  const name = profile.name;
  return page(
    `You're connected with ${profile.name}`,
    html`<h1 id="connected">You're connected with ${name}</h1>
<p>${options.alreadyConnected ? `You were already connected with ${name}; you are signed in.` : `${name} can now message you securely, and you can message them.`}</p>
<p><a class="button" id="write" href="${options.write}">Write to ${name}</a></p>
<p><a href="/p/conversations" id="messages-link">Your messages</a></p>
<p class="hint">Keep this phone: it is how you sign in.</p>`,
  );
}

/** A refusal a person can act on: what happened and what to do next. */
export function refusalPage(title: string, message: string, back: { href: string; label: string }): string {
  return page(
    title,
    html`<h1>${title}</h1>
<p role="alert">${message}</p>
<p><a href="${back.href}">${back.label}</a></p>`,
  );
}

/** The end of a number only: enough to recognise it on a shared screen. */
export function maskPhone(e164: string): string {
  return `••• ${e164.slice(-4)}`;
}
