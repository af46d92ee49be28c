/**
 * Small things that add up (issue 13 item 9), outside the table: copy buttons confirm, the
 * JSON tree's copy buttons never cover the value, the trace header uses 24-hour time, a skip
 * control from the query box to the list, and Enter on a trace row keeps focus in the viewer.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { userEvent } from 'vitest/browser';
import { describe, it } from 'vitest';
import { NetworkError } from '../../core/errors.js';
import type { AuditEvent } from '../../core/model.js';
import '../../components/audit-log-viewer/audit-log-viewer.js';
import type { AuditLogViewer } from '../../components/audit-log-viewer/audit-log-viewer.component.js';
import '../../components/json-tree/json-tree.js';
import '../../components/payload-viewer/payload-viewer.js';
import '../../components/trace-view/trace-view.js';
import { deepAll, event, fakeSource, page, rows } from './support/viewer.js';

/** The element that has focus, through shadow roots. */
function deepActive(): Element | null {
  let a: Element | null = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

const trace = 'abc123';
const traced = [
  event('t1', { traceId: trace, action: 'create ticket' }),
  event('t2', {
    traceId: trace,
    action: 'add comment',
    http: { method: 'PUT', url: 'https://acme.example/api/comment', statusCode: 500 },
  }),
];

/** A 1400 px viewer over `events`, once its rows are there. */
async function wideViewer(events: AuditEvent[]): Promise<AuditLogViewer> {
  const el = await fixture<AuditLogViewer>(
    html`<audit-log-viewer
      style="--alv-height: 700px; width: 1400px"
      .dataSource=${fakeSource(() => Promise.resolve(page(events)))}
    ></audit-log-viewer>`,
  );
  await waitUntil(() => rows(el).length > 3, 'no rows', { timeout: 5000 });
  return el;
}

describe('<audit-log-viewer> small things', () => {
  it('"/" puts the focus in the search box from a row; in a text field it is typed', async () => {
    const el = await wideViewer(Array.from({ length: 5 }, (_, i) => event(`s${i}`)));
    await customElements.whenDefined('alv-filter-bar');
    (rows(el)[1] as HTMLElement).focus();
    expect(deepActive()?.getAttribute('role')).to.equal('row');
    await userEvent.keyboard('/');
    await waitUntil(() => deepActive()?.id === 'query', 'not in the query');
    const query = deepActive() as HTMLInputElement;
    // From a checkbox ("Errors only" among the facets) it jumps too.
    await customElements.whenDefined('alv-facet-panel');
    const panel = deepAll(el, 'alv-facet-panel')[0]! as HTMLElement & { status: string };
    await waitUntil(() => panel.status === 'ready', 'facets not counted');
    const errorsOnly = panel.shadowRoot!.querySelector<HTMLInputElement>(
      '[part~="errors-only"] input',
    )!;
    errorsOnly.focus();
    expect(deepActive()).to.equal(errorsOnly);
    await userEvent.keyboard('/');
    await waitUntil(() => deepActive() === query, 'not in the query from a checkbox');
    // Typed there, "/" is a character like any other.
    await userEvent.keyboard('url/');
    expect(query.value).to.equal('url/');
    await expect(el).to.be.accessible();
  });

  it('"/" from an entry sheet (below 600 px) closes it: the search box is under it', async () => {
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        style="--alv-height: 640px; width: 400px"
        .dataSource=${fakeSource(() =>
          Promise.resolve(page(Array.from({ length: 5 }, (_, i) => event(`n${i}`)))),
        )}
      ></audit-log-viewer>`,
    );
    await waitUntil(() => rows(el).length > 3, 'no rows');
    await customElements.whenDefined('alv-filter-bar');
    el.view = { ...el.view, selected: 'n1' };
    await waitUntil(() => deepAll(el, '.sheet-back').length > 0, 'no sheet');
    (deepAll(el, '.sheet-back')[0] as HTMLElement).focus();
    await userEvent.keyboard('/');
    await waitUntil(() => deepActive()?.id === 'query', 'not in the query');
    expect(el.view.selected).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it("applies the filters a host's own Source leaves out (it sends only the user to its backend)", async () => {
    const all = Array.from({ length: 8 }, (_, i) =>
      event(`h${i}`, {
        timestamp: 1_700_000_000_000 - i * 60_000,
        http: { method: 'GET', url: 'https://acme.example/api', statusCode: i % 2 ? 503 : 200 },
        status: i % 2 ? 'error' : 'success',
      }),
    );
    // As the README's example: pages of 3 by cursor, the user filter sent, nothing else.
    const base = fakeSource((view, _signal, cursor) => {
      const from = Number(cursor ?? 0);
      const next = from + 3 < all.length ? String(from + 3) : null;
      return Promise.resolve(page(all.slice(from, from + 3), { nextCursor: next }));
    });
    const source = {
      ...base,
      capabilities: { ...base.capabilities, serverFilters: ['actor' as const] },
      planFilters: (view: AuditLogViewer['view']) => ({
        server: view.filters.actor ? ['actor' as const] : [],
        client: [],
      }),
    };
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        .dataSource=${source}
        style="width: 1200px; height: 700px"
      ></audit-log-viewer>`,
    );
    // (The table asks for the next pages at once: three rows do not fill it.)
    await waitUntil(() => rows(el).length >= 3, 'first page not shown');
    el.view = { ...el.view, filters: { status: '5xx' } };
    // The four 503s, gathered from the source's three pages; none of its 200s.
    const ids = () => rows(el).map((r) => /h\d/.exec(r.textContent)?.[0]);
    await waitUntil(() => ids().join() === 'h1,h3,h5,h7', 'not (only) the 5xx rows');
    // The filter bar loads beside the first page: the rows may come first.
    await customElements.whenDefined('alv-filter-bar');
    const bar = el.shadowRoot!.querySelector('alv-filter-bar')!;
    await bar.updateComplete;
    expect(bar.shadowRoot!.querySelector('#hint-status')?.textContent).to.equal(
      'filtered in the viewer',
    );
    await expect(el).to.be.accessible();
  });

  it('tells the facets and the chart when records have outcomes only: "Errors only" means status:error', async () => {
    localStorage.removeItem('alv-facets-hidden');
    const base = fakeSource(() => Promise.resolve(page([event('o1', { status: 'error' })])));
    const source = {
      ...base,
      capabilities: { ...base.capabilities, facets: false, absentFields: ['statusCode' as const] },
    };
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        .dataSource=${source}
        style="width: 1200px; height: 700px"
      ></audit-log-viewer>`,
    );
    await waitUntil(() => el.shadowRoot!.querySelector('alv-facet-panel'), 'no facet panel');
    const panel = el.shadowRoot!.querySelector('alv-facet-panel')!;
    await waitUntil(() => panel.shadowRoot?.querySelector('[part=errors-only] input'));
    panel.shadowRoot!.querySelector<HTMLInputElement>('[part=errors-only] input')!.click();
    await waitUntil(() => el.view.filters.status !== undefined, 'Errors only did nothing');
    expect(el.view.filters.status).to.equal('error');
    // The chart calls them errors too.
    await customElements.whenDefined('alv-histogram');
    expect(el.shadowRoot!.querySelector('alv-histogram')!.outcomes).to.equal(true);
  });

  it('says so when an entry shows only what the list had, the full one failing to load', async () => {
    let offline = true;
    const listed = event('p1', {
      http: { method: 'POST', url: 'https://acme.example/api/tickets', statusCode: 201 },
    });
    const full = {
      ...listed,
      http: { ...listed.http!, requestBody: { title: 'Printer on fire' } },
    };
    const source = {
      ...fakeSource(() => Promise.resolve(page([listed]))),
      get: () =>
        offline
          ? Promise.reject(new NetworkError('Failed to fetch', 'GET /events/p1'))
          : Promise.resolve(full),
    };
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        .dataSource=${source}
        .view=${{ v: 1, filters: {}, sort: 'desc', selected: 'p1' }}
      ></audit-log-viewer>`,
    );
    const viewer = () => el.shadowRoot!.querySelector('alv-payload-viewer')!;
    const note = () => viewer()?.shadowRoot?.querySelector('[part=partial]');
    await waitUntil(() => note(), 'no note over the partial entry');
    expect(note()!.textContent.replace(/\s+/g, ' ')).to.contain(
      'Only what the list had is shown. The full entry could not be loaded (the audit service could not be reached)',
    );
    const buttons = () =>
      [...viewer().shadowRoot!.querySelectorAll('button')].map((b) => b.textContent?.trim());
    expect(buttons()).not.to.include('Copy as cURL');
    expect(buttons()).to.include('Copy JSON');
    await expect(viewer()).to.be.accessible();
    // Back online: the list reloads, the entry with it, and the note goes.
    offline = false;
    el.refresh();
    await waitUntil(() => !note(), 'the note stayed');
    expect(buttons()).to.include('Copy as cURL');
  });

  it('says why the masked filters ignore typing under Safe to share, and offers to turn it off', async () => {
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        safe-to-share
        .dataSource=${fakeSource(() => Promise.resolve(page([event('s1')])))}
      ></audit-log-viewer>`,
    );
    await waitUntil(() => rows(el).length > 0);
    const bar = el.shadowRoot!.querySelector('alv-filter-bar')!;
    const query = bar.shadowRoot!.querySelector<HTMLInputElement>('#query')!;
    const note = () => bar.shadowRoot!.querySelector('.locked');
    expect(query.readOnly).to.equal(true);
    query.focus();
    expect(note()).to.equal(null);
    await userEvent.keyboard('o');
    await waitUntil(() => note(), 'no word on why typing does nothing');
    expect(note()!.textContent.replace(/\s+/g, ' ')).to.contain(
      'The filters are masked, and read-only, while “Safe to share” is on.',
    );
    await expect(bar).to.be.accessible();
    note()!.querySelector('button')!.click();
    await waitUntil(() => !el.safeToShare, 'still on');
    await waitUntil(() => !query.readOnly && note() === null, 'still locked');
    // The note went with the mask; the focus went on to the query, not to the page.
    expect(deepActive()).to.equal(query);
  });

  it('says a user filter matches whole names when part of one matched nothing', async () => {
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        .dataSource=${{
          ...fakeSource(() => Promise.resolve(page([]))),
          // A backend that suggests values: the hint points to them.
          facets: () => Promise.resolve([]),
        }}
        .view=${{ v: 1, filters: { actor: 'Ava' }, sort: 'desc' }}
      ></audit-log-viewer>`,
    );
    const hint = () => el.shadowRoot!.querySelector('.state.empty .hint');
    await waitUntil(() => el.shadowRoot!.querySelector('.state.empty'), 'no empty state');
    expect(hint()!.textContent.replace(/\s+/g, ' ').trim()).to.equal(
      'user:Ava matches a whole name or email address (“Ava Patel”, not “Ava”): type part of it in the User field for suggestions.',
    );
    await expect(el).to.be.accessible();
    // A whole address, or a name of two words: no such hint.
    el.view = { ...el.view, filters: { actor: 'ava@acme.example' } };
    await el.updateComplete;
    await waitUntil(() => el.shadowRoot!.querySelector('.state.empty'));
    expect(hint()).to.equal(null);
  });

  it('closes the open entry when the backend changes, not when the first one arrives', async () => {
    const asked: string[] = [];
    const sourceOf = (name: string) => ({
      ...fakeSource(() => Promise.resolve(page([event(`${name}-1`), event(`${name}-2`)]))),
      name,
      get: (id: string) => (asked.push(`${name} ${id}`), Promise.resolve(event(id))),
    });
    // A link's entry, before any backend: kept for the first one.
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        .view=${{ v: 1, filters: {}, sort: 'desc', selected: 'a-2' }}
      ></audit-log-viewer>`,
    );
    el.dataSource = sourceOf('a');
    await waitUntil(() => asked.includes('a a-2'), 'the linked entry was not opened');
    expect(el.view.selected).to.equal('a-2');
    // Another backend: its list, and no entry of the old one asked of it.
    const changes: (string | undefined)[] = [];
    el.addEventListener('alv-view-change', (e) => changes.push(e.detail.view.selected));
    el.dataSource = sourceOf('b');
    await waitUntil(() => rows(el).some((r) => r.textContent?.includes('b-1')), 'no b list');
    expect(el.view.selected).to.equal(undefined);
    expect(changes).to.deep.equal([undefined]);
    expect(asked.filter((a) => a.startsWith('b '))).to.deep.equal([]);
    expect(el.shadowRoot!.querySelector('alv-payload-viewer')).to.equal(null);
  });

  it('Enter on a trace row opens the entry and keeps focus on that row', async () => {
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        style="--alv-height: 700px"
        .dataSource=${fakeSource(() => Promise.resolve(page(traced)))}
      ></audit-log-viewer>`,
    );
    el.view = { ...el.view, filters: { traceId: trace } };
    const traceRows = () =>
      [
        ...(el
          .shadowRoot!.querySelector('alv-trace-view')
          ?.shadowRoot?.querySelectorAll('button.row-button') ?? []),
      ] as HTMLButtonElement[];
    await waitUntil(() => traceRows().length === 2, 'no trace rows', { timeout: 5000 });
    const row = traceRows().find((b) => b.dataset.id === 't2')!;
    row.focus();
    await userEvent.keyboard('{Enter}');
    await waitUntil(() => el.view.selected === 't2', 'the entry did not open');
    await waitUntil(() => deepAll(el, 'alv-payload-viewer').length === 1);
    await el.updateComplete;
    expect(deepActive()?.closest('button.row-button')?.getAttribute('data-id')).to.equal('t2');
    expect(el.view.filters.traceId).to.equal(trace);
    await expect(el).to.be.accessible();
  });

  it('Enter on a cell opens the entry and keeps focus on that cell', async () => {
    const events = Array.from({ length: 30 }, (_, i) => event(`e${i}`));
    const el = await wideViewer(events);
    (rows(el)[2] as HTMLElement).focus();
    await userEvent.keyboard('{ArrowRight}');
    const cell = deepActive();
    expect(cell?.getAttribute('role')).to.equal('gridcell');
    await userEvent.keyboard('{Enter}');
    await waitUntil(() => el.view.selected === 'e2', 'the entry did not open');
    await waitUntil(() => deepAll(el, 'alv-payload-viewer').length === 1);
    // The entry is located in the list and scrolled to: the cell keeps the focus.
    await waitUntil(() => deepAll(el, '[aria-current="true"]').length === 1);
    await el.updateComplete;
    await new Promise((r) => requestAnimationFrame(r));
    const active = deepActive();
    expect(active?.getAttribute('role')).to.equal('gridcell');
    expect(active?.closest('[role=row]')?.getAttribute('aria-current')).to.equal('true');
    // And the keys go on from there, in the grid.
    await userEvent.keyboard('{ArrowDown}');
    await waitUntil(() => deepActive()?.closest('[role=row]')?.getAttribute('data-index') === '3');
    expect(deepActive()?.getAttribute('role')).to.equal('gridcell');
  });

  it('keeps the focus on the row when Enter on a cell opens the entry and its column goes', async () => {
    const events = Array.from({ length: 30 }, (_, i) =>
      event(`e${i}`, {
        http: { method: 'GET', url: '/x', statusCode: 200, durationMs: 120 },
      }),
    );
    const el = await wideViewer(events);
    (rows(el)[2] as HTMLElement).focus();
    // Along the row to Duration, which the list leaves out beside an entry.
    for (let i = 0; i < 12 && !deepActive()?.closest('.c-duration'); i++)
      await userEvent.keyboard('{ArrowRight}');
    expect(deepActive()?.closest('.c-duration')).not.to.equal(null);
    await userEvent.keyboard('{Enter}');
    await waitUntil(() => deepAll(el, 'alv-payload-viewer').length === 1, 'no entry');
    await waitUntil(
      () => deepActive()?.getAttribute('role') === 'row',
      `the focus is on ${deepActive()?.localName ?? 'nothing'}, not the row`,
    );
    expect(deepActive()?.getAttribute('data-index')).to.equal('2');
  });

  it('scrolls the page to a row the arrow keys reach below the window', async () => {
    const events = Array.from({ length: 200 }, (_, i) => event(`e${i}`));
    // Taller than the window, as a host page that scrolls may make it.
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        style=${`--alv-height: ${innerHeight + 1200}px`}
        .dataSource=${fakeSource(() => Promise.resolve(page(events)))}
      ></audit-log-viewer>`,
    );
    await waitUntil(() => rows(el).length > 3, 'no rows', { timeout: 5000 });
    (rows(el)[0] as HTMLElement).focus();
    const row = () => deepActive()!.closest('[role=row]')!;
    let beyond = false;
    try {
      for (let i = 1; i <= 60 && !beyond; i++) {
        await userEvent.keyboard('{ArrowDown}');
        await waitUntil(() => row().getAttribute('data-index') === String(i), `not on row ${i}`);
        const box = row().getBoundingClientRect();
        expect(box.bottom, `row ${i}`).to.be.at.most(innerHeight);
        expect(box.top).to.be.at.least(0);
        beyond = scrollY > 0;
      }
      // The page did scroll to follow the focus (the rows reached lie below the first window).
      expect(beyond).to.equal(true);
    } finally {
      scrollTo(0, 0);
    }
  });

  it('offers a skip control from the query box to the list', async () => {
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        style="--alv-height: 600px"
        .dataSource=${fakeSource(() => Promise.resolve(page([event('e1'), event('e2')])))}
      ></audit-log-viewer>`,
    );
    await waitUntil(() => rows(el).length === 2);
    const bar = el.shadowRoot!.querySelector('alv-filter-bar')!;
    const query = bar.shadowRoot!.querySelector<HTMLInputElement>('#query')!;
    query.focus();
    await userEvent.keyboard('{Tab}');
    const skip = deepActive() as HTMLElement;
    expect(skip.textContent?.trim()).to.equal('Skip to the events');
    await expect(el).to.be.accessible();
    await userEvent.keyboard('{Enter}');
    await waitUntil(() => deepActive()?.closest('[role="row"]'), 'focus did not reach the list');
  });

  it('the trace header reads 24-hour time, as the list does', async () => {
    const el = await fixture(
      html`<alv-trace-view
        trace-id=${trace}
        time-zone="UTC"
        .events=${[
          event('t1', { traceId: trace, timestamp: Date.UTC(2026, 10, 20, 20, 20, 25, 712) }),
        ]}
      ></alv-trace-view>`,
    );
    const text = el.shadowRoot!.textContent.replace(/\s+/g, ' ');
    expect(text).to.contain('20:20:25.712');
    expect(text).not.to.match(/\bPM\b/);
  });

  it('copy buttons say "Copied" and the JSON tree copy buttons sit beside the value', async () => {
    const el = await fixture(
      html`<alv-payload-viewer
        style="height: 600px"
        .event=${event('e1', {
          response: { body: { result: { sys_id: 'x'.repeat(400) } } },
        })}
      ></alv-payload-viewer>`,
    );
    const button = [...el.shadowRoot!.querySelectorAll('button')].find(
      (b) => b.textContent?.trim() === 'Copy JSON',
    )!;
    button.click();
    await waitUntil(() => button.textContent?.trim() === '✓ Copied', 'no confirmation');
    await waitUntil(() => button.textContent?.trim() === 'Copy JSON', 'the label did not return', {
      timeout: 5000,
    });

    const tree = await fixture(
      html`<alv-json-tree
        style="width: 500px"
        .value=${{ sys_id: 'y'.repeat(300) }}
        default-expand-depth="2"
      ></alv-json-tree>`,
    );
    const item = deepAll(tree, '[role="treeitem"] [role="treeitem"]')[0] as HTMLElement;
    const value = item.querySelector('.value')!.getBoundingClientRect();
    const actions = item.querySelector('.actions')!.getBoundingClientRect();
    expect(actions.left).to.be.at.least(value.right);
    (item.querySelector('button[data-action="path"]') as HTMLButtonElement).click();
    await waitUntil(
      () => item.querySelector('button[data-action="path"]')?.textContent?.trim() === '✓ Copied',
    );
    await expect(tree).to.be.accessible();
  });
});
