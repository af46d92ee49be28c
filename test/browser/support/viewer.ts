/** Helpers for the viewer's browser tests: deep queries through shadow roots, fake sources. */
import { vi } from 'vitest';
import { FILTER_KEYS, type AuditEvent, type ViewState } from '../../../core/model.js';
import { genericCapabilities } from '../../../core/sources/generic.js';
import type { SearchResult, Source } from '../../../core/sources/types.js';

/** Every element matching `selector`, through open shadow roots. */
export function deepAll(root: Element | ShadowRoot | Document, selector: string): Element[] {
  const out: Element[] = [...root.querySelectorAll(selector)];
  if (root instanceof Element && root.shadowRoot) out.push(...deepAll(root.shadowRoot, selector));
  for (const el of root.querySelectorAll('*'))
    if (el.shadowRoot) out.push(...deepAll(el.shadowRoot, selector));
  return out;
}

/** All text a person could read, through open shadow roots. */
export function deepText(root: Element | ShadowRoot): string {
  let text = '';
  for (const node of root.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) text += node.textContent;
    else if (node instanceof Element) {
      if (node.shadowRoot) text += deepText(node.shadowRoot);
      text += deepText(node);
    }
  }
  return text;
}

/** The event rows of the viewer's table (not its header, nor the row saying more is loading). */
export const rows = (el: Element) =>
  deepAll(el, '[role="row"][aria-rowindex]').filter(
    (r) => r.getAttribute('aria-rowindex') !== '1' && !r.classList.contains('loading'),
  );

export function event(id: string, extra: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id,
    timestamp: Date.UTC(2026, 10, 20, 12, 0, 0) - Number(id.replace(/\D/g, '') || 0) * 1000,
    kind: 'api-call',
    actor: { email: `${id}@acme.example`, type: 'user' },
    action: 'create ticket',
    status: 'success',
    plugin: 'create ticket',
    http: {
      method: 'POST',
      url: `https://acme.service-now.com/api/now/table/incident/${id}`,
      statusCode: 201,
    },
    ...extra,
  };
}

/** A Source whose answers the test controls. */
export function fakeSource(
  search: (view: ViewState, signal: AbortSignal, cursor: string | null) => Promise<SearchResult>,
): Source {
  return {
    name: 'fake',
    capabilities: genericCapabilities,
    planFilters: (view) => ({
      server: FILTER_KEYS.filter((k) => view.filters[k] !== undefined),
      client: [],
    }),
    search: (view, cursor, signal) => search(view, signal, cursor),
    get: (id) => Promise.resolve(event(id)),
  };
}

export const page = (events: AuditEvent[], extra: Partial<SearchResult> = {}): SearchResult => ({
  events,
  nextCursor: null,
  clientFiltered: [],
  scanned: events.length,
  requests: 1,
  ...extra,
});

export const delay = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    });
  });

/** Replaces the clipboard's `writeText` for the test: returns what was written, in order. */
export function captureClipboard(): string[] {
  const writes: string[] = [];
  vi.spyOn(navigator.clipboard, 'writeText').mockImplementation((text) => {
    writes.push(text);
    return Promise.resolve();
  });
  return writes;
}
