/**
 * The default invitation: who it is from, what to do, what they get, and no
 * health information, short enough that with the link it fits one SMS segment
 * for a typical practice. The link (with its token) is always appended on its own line.
 */
export const DEFAULT_TEMPLATE = '{practice}: {sender} invites you to message us securely. Connect here:';

export function renderMessage(template: string, values: { practice: string; sender: string }): string {
  return template.replaceAll('{practice}', values.practice).replaceAll('{sender}', values.sender).trim();
}

/** The link goes where the template says {link}; otherwise on its own line at the end. */
export function messageWithLink(message: string, url: string): string {
  return message.includes('{link}') ? message.replaceAll('{link}', url) : `${message}\n${url}`;
}
