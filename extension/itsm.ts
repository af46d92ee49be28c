/**
 * Recognisers for the ITSM record in the active tab (ServiceNow incident or request, Jira
 * issue, Zendesk ticket): its number and the requester's email, read from the page's URL and
 * HTML only when the user asks. Plain functions over text, so they are tested on saved
 * snippets without a browser.
 */
export type ItsmSystem = 'servicenow' | 'jira' | 'zendesk';

export interface ItsmRecord {
  system: ItsmSystem;
  /** The ticket number as people write it (INC0012345, ITSD-4185, 12345). */
  ticket?: string;
  /** The requester's (caller's, reporter's) email address. */
  email?: string;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

/** The `value` of the input whose id or name matches `field`. */
function inputValue(html: string, field: RegExp): string | undefined {
  for (const m of html.matchAll(/<input\b[^>]*>/gi)) {
    const tag = m[0];
    const name = /\b(?:id|name)="([^"]+)"/i.exec(tag)?.[1] ?? '';
    if (!field.test(name)) continue;
    const value = /\bvalue="([^"]*)"/i.exec(tag)?.[1];
    if (value?.trim()) return decode(value.trim());
  }
  return undefined;
}

/** An email next to a label naming the requester (caller, reporter, requester). */
function requesterEmail(html: string, label: RegExp): string | undefined {
  const fromInput = inputValue(
    html,
    new RegExp(`(${label.source}).*email|email.*(${label.source})`, 'i'),
  );
  if (fromInput && EMAIL.test(fromInput)) return EMAIL.exec(fromInput)![0].toLowerCase();
  const text = decode(html.replace(/<[^>]+>/g, ' '));
  const near = new RegExp(`(?:${label.source})[^@]{0,120}?(${EMAIL.source})`, 'i').exec(text);
  return near?.[1]?.toLowerCase();
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#64;/g, '@')
    .replace(/&amp;/g, '&');

export function recognisePage(url: string, html: string): ItsmRecord | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const host = u.hostname;
  const path = decodeURIComponent(u.pathname + u.search);
  const serviceNow =
    /\.service-now\.com$/.test(host) || /\b(incident|sc_req_item|sc_request)\.do\b/.test(path);
  if (serviceNow) {
    const ticket =
      inputValue(html, /^sys_readonly\.(incident|sc_req_item|sc_request)\.number$/) ??
      inputValue(html, /^(incident|sc_req_item|sc_request)\.number$/) ??
      /\b((?:INC|RITM|REQ)\d{7,})\b/.exec(decode(html.replace(/<[^>]+>/g, ' ')))?.[1];
    return {
      system: 'servicenow',
      ticket,
      email: requesterEmail(html, /caller|requested.for|requester/),
    };
  }
  const jira = /\.atlassian\.net$/.test(host) || /\/browse\/[A-Z][A-Z0-9]+-\d+/.test(path);
  if (jira) {
    const ticket =
      /\/browse\/([A-Z][A-Z0-9]+-\d+)/.exec(path)?.[1] ??
      /[?&]selectedIssue=([A-Z][A-Z0-9]+-\d+)/.exec(path)?.[1];
    return { system: 'jira', ticket, email: requesterEmail(html, /reporter|requester|raised by/) };
  }
  const zendesk = /\.zendesk\.com$/.test(host) || /\/agent\/tickets\/\d+/.test(path);
  if (zendesk) {
    const ticket = /\/agent\/tickets\/(\d+)/.exec(path)?.[1];
    return { system: 'zendesk', ticket, email: requesterEmail(html, /requester|submitter/) };
  }
  return undefined;
}
