/**
 * The default invitation: who it is from, what to do, what they get, and no
 * health information. The link (with its token) is always appended on its own line.
 */
export const DEFAULT_TEMPLATE =
  'Hello, this is {sender} from {practice}. We would like to invite you to connect with us on our secure messaging platform, ' +
  'so you can message us, send pictures and have video visits. Follow this link to get connected:';

export function renderMessage(template: string, values: { practice: string; sender: string }): string {
  return template.replaceAll('{practice}', values.practice).replaceAll('{sender}', values.sender).trim();
}

export function messageWithLink(message: string, url: string): string {
  return `${message}\n${url}`;
}
