/**
 * What the context menu's "Search audit logs for '…'" means for a selection: recognised by
 * shape, as a person would read it. A trace id filters by trace, an email by actor, a ticket
 * number (ServiceNow, Jira, Zendesk) and anything else by free text.
 */
import type { Filters } from '../core/model.js';

export type SelectionKind = 'trace' | 'email' | 'ticket' | 'text';

export interface SelectionSearch {
  kind: SelectionKind;
  filters: Filters;
}

const EMAIL = /^[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[a-z]{2,}$/i;
const HEX32 = /^[0-9a-f]{32}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** AWS X-Ray: `Root=1-5759e988-bd862e3fe1be46a994272793` (a header's first field) or the id alone. */
const XRAY = /^(?:Root=)?(1-[0-9a-f]{8}-[0-9a-f]{24})(?:;.*)?$/i;
/** W3C `traceparent`: `00-<trace id>-<span id>-<flags>`. */
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/i;
/** ServiceNow (INC0012345, RITM…, REQ…, CHG…, PRB…, SCTASK…, TASK…), Jira (ITSD-4185), Zendesk (#12345). */
const TICKET =
  /^(?:(?:INC|RITM|REQ|CHG|PRB|SCTASK|TASK)\d{7,}|[A-Z][A-Z0-9]{1,9}-\d{1,7}|#\d{3,})$/;

/** The most of a selection that is searched for. */
export const MAX_SELECTION = 200;

export function searchForSelection(selection: string): SelectionSearch | undefined {
  const text = selection.replace(/\s+/g, ' ').trim().slice(0, MAX_SELECTION);
  if (!text) return undefined;
  const mailto = text.replace(/^mailto:/i, '');
  if (EMAIL.test(mailto)) return { kind: 'email', filters: { actor: mailto.toLowerCase() } };
  const parent = TRACEPARENT.exec(text);
  if (parent) return { kind: 'trace', filters: { traceId: parent[1]!.toLowerCase() } };
  const xray = XRAY.exec(text);
  if (xray)
    return {
      kind: 'trace',
      filters: { traceId: xray[0].startsWith('Root=') ? xray[0].split(';')[0]! : xray[1]! },
    };
  if (HEX32.test(text) || UUID.test(text)) return { kind: 'trace', filters: { traceId: text } };
  if (TICKET.test(text)) return { kind: 'ticket', filters: { q: text.replace(/^#/, '') } };
  return { kind: 'text', filters: { q: text } };
}

/** The context menu's title for a selection (Chrome fills `%s` with it). */
export const MENU_TITLE = "Search audit logs for '%s'";
