import { html } from '@pi/application';
import { page } from '../public-pages/html.js';

export interface ConversationRow {
  id: string;
  practiceName: string;
  linkLabel: string | null;
  preview: string | null;
  at: string;
}

export interface MessageRow {
  mine: boolean;
  text: string;
  at: string;
}

const signOut = (csrf: string) => html`<form method="post" action="/p/sign-out" class="inline">
  <input type="hidden" name="csrf" value="${csrf}">
  <button class="link-button" type="submit" id="sign-out">Sign out</button>
</form>`;

/** Sign in to read and answer messages: a phone number, then a texted code. */
export function signInPage(options: { next: string; error?: string; notice?: string; phone?: string }): string {
  return page(
    'Sign in to your messages',
    html`<h1>Sign in to your messages</h1>
<p class="hint">We text a 6-digit code to the mobile number you connected with.</p>
${options.notice && html`<p class="notice" role="status">${options.notice}</p>`}
<form method="post" action="/p/sign-in" novalidate>
  <input type="hidden" name="next" value="${options.next}">
  <div class="field${options.error ? ' invalid' : ''}">
    <label for="phone">Mobile phone</label>
    <input id="phone" name="phone" type="tel" autocomplete="tel" value="${options.phone ?? ''}" required${options.error && html` aria-invalid="true" aria-describedby="phone-error"`}>
    ${options.error && html`<p class="error" id="phone-error" role="alert">${options.error}</p>`}
  </div>
  <button class="button" type="submit" id="send-code">Text me a code</button>
</form>`,
  );
}

export function signInCodePage(options: { ref: string; maskedPhone: string; next: string; error?: string }): string {
  return page(
    'Enter your code',
    html`<h1>Enter your code</h1>
<p class="hint">We texted a 6-digit code to ${options.maskedPhone}. It works for 10 minutes.</p>
<form method="post" action="/p/sign-in/verify" novalidate>
  <input type="hidden" name="ref" value="${options.ref}">
  <input type="hidden" name="next" value="${options.next}">
  <div class="field${options.error ? ' invalid' : ''}">
    <label for="code">6-digit code</label>
    <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required${options.error && html` aria-invalid="true" aria-describedby="code-error"`}>
    ${options.error && html`<p class="error" id="code-error" role="alert">${options.error}</p>`}
  </div>
  <button class="button" type="submit" id="sign-in">Sign in</button>
</form>`,
  );
}

export function conversationsPage(rows: readonly ConversationRow[], csrf: string): string {
  return page(
    'Your messages',
    html`<h1>Your messages</h1>
${
  rows.length === 0
    ? html`<p>No conversations yet. Open your practice's link to write to them.</p>`
    : html`<ul class="conversations">
${rows.map(
  (
    row,
  ) => html`<li><a href="/p/conversations/${row.id}"><strong>${row.practiceName}</strong>${row.linkLabel && html` · ${row.linkLabel}`}</a>
<p class="hint">${row.preview ?? 'No messages yet'}</p></li>`,
)}
</ul>`
}
${signOut(csrf)}`,
  );
}

/** A message's time as the practice's clock shows it, with the zone named ("Dec 5, 2:05 PM EST"). */
export function practiceTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

export function conversationPage(options: {
  practiceName: string;
  /** The practice's time zone: times are shown on its clock, labelled. */
  timeZone: string;
  messages: readonly MessageRow[];
  action: string;
  csrf: string;
  error?: string;
}): string {
  return page(
    `${options.practiceName} — messages`,
    html`<p><a href="/p/conversations">All your messages</a></p>
<h1>${options.practiceName}</h1>
<ol class="messages" id="messages">
${options.messages.map(
  (m) =>
    html`<li class="${m.mine ? 'mine' : 'theirs'}"><p>${m.text}</p><p class="hint">${m.mine ? 'You' : options.practiceName} · <time datetime="${m.at}">${practiceTime(m.at, options.timeZone)}</time></p></li>`,
)}
</ol>
${writeForm(options.action, options.csrf, options.error)}
${signOut(options.csrf)}`,
  );
}

/** Writing to a practice through one of its links ("Message <practice>"). */
export function writeToLinkPage(options: {
  practiceName: string;
  action: string;
  csrf: string;
  error?: string;
}): string {
  return page(
    `Message ${options.practiceName}`,
    html`<h1>Message ${options.practiceName}</h1>
<p class="hint">Your message goes securely to ${options.practiceName}. Do not use this for emergencies.</p>
${writeForm(options.action, options.csrf, options.error)}`,
  );
}

function writeForm(action: string, csrf: string, error?: string) {
  return html`<form method="post" action="${action}" novalidate>
  <input type="hidden" name="csrf" value="${csrf}">
  <div class="field${error ? ' invalid' : ''}">
    <label for="text">Your message</label>
    <textarea id="text" name="text" rows="4" maxlength="4000" required${error && html` aria-invalid="true" aria-describedby="text-error"`}></textarea>
    ${error && html`<p class="error" id="text-error" role="alert">${error}</p>`}
  </div>
  <button class="button" type="submit" id="send">Send</button>
</form>`;
}
