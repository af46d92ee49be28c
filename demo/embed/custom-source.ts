/**
 * A host's own backend as a `Source` (type-checked with the project; the README shows it).
 * Set it as the element's `.dataSource`: no adapter module loads.
 */
import type { FilterKey, Source } from 'audit-log-viewer/core';

export function createAcmeSource(baseUrl: string, token: () => string): Source {
  const server: FilterKey[] = ['actor'];
  const get = async (path: string, signal: AbortSignal): Promise<unknown> => {
    const res = await fetch(`${baseUrl}${path}`, {
      signal,
      headers: { authorization: `Bearer ${token()}` },
    });
    if (!res.ok) throw new Error(`The audit service answered ${res.status}`);
    return res.json();
  };
  return {
    name: 'acme',
    capabilities: {
      serverFilters: server,
      pagination: 'cursor',
      maxPageSize: 200,
      auth: { header: 'authorization', scheme: 'Bearer' },
      sortOrders: ['desc'],
      detail: true,
      facets: false,
      histogram: false,
      stream: false,
    },
    planFilters: (view) => ({
      server: server.filter((k) => view.filters[k] !== undefined),
      client: [],
    }),
    async search(view, cursor, signal) {
      const query = new URLSearchParams({ cursor: cursor ?? '', actor: view.filters.actor ?? '' });
      // Validate what arrives: `schema.AuditEvent.safeParse` from 'audit-log-viewer/core'.
      const body = (await get(`/audit?${query.toString()}`, signal)) as {
        items: import('audit-log-viewer/core').AuditEvent[];
        next: string | null;
      };
      return {
        events: body.items,
        nextCursor: body.next,
        clientFiltered: [],
        scanned: body.items.length,
        requests: 1,
      };
    },
    get: (id, signal) =>
      get(`/audit/${encodeURIComponent(id)}`, signal) as Promise<
        import('audit-log-viewer/core').AuditEvent
      >,
  };
}
