/**
 * A trace filter on a backend that cannot search by trace (Nected): the viewer scans records
 * page by page, and the trace view and the list must tell the same story.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { describe, it } from 'vitest';
import '../../components/audit-log-viewer/audit-log-viewer.js';
import type { AuditLogViewer } from '../../components/audit-log-viewer/audit-log-viewer.component.js';
import type { SearchResult } from '../../core/sources/types.js';
import { deepAll, deepText, event, fakeSource, page, rows } from './support/viewer.js';

const TRACE = '7a56c44c-7b32-4d2a-bde5-1fb65b74fe54';

const traceView = (el: AuditLogViewer) => el.shadowRoot!.querySelector('alv-trace-view')!;
const said = (el: Element | ShadowRoot | null | undefined) =>
  (el ? deepText(el) : '').replace(/\s+/g, ' ').trim();

describe('<audit-log-viewer>: a trace found by scanning', () => {
  it('the trace view says what it searched and continues the search with the list', async () => {
    let release!: (r: SearchResult) => void;
    const second = new Promise<SearchResult>((resolve) => (release = resolve));
    const source = fakeSource((_view, _signal, cursor) =>
      cursor === null
        ? Promise.resolve(page([], { clientFiltered: ['traceId'], scanned: 500, nextCursor: 'p2' }))
        : second,
    );
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer .dataSource=${source} cache="none"></audit-log-viewer>`,
    );
    el.view = { ...el.view, filters: { traceId: TRACE } };
    await waitUntil(
      () => traceView(el)?.shadowRoot?.querySelector('[part=more]'),
      'no "keep searching" in the trace view',
    );
    const trace = traceView(el).shadowRoot!;
    expect(said(trace.querySelector('[part=summary]'))).to.equal('0 calls so far');
    expect(said(trace.querySelector('[part=more]'))).to.equal(
      'No calls found in the first 500 records. Keep searching',
    );
    // The list says the same and offers the same continuation.
    expect(said(el.shadowRoot!.querySelector('.list'))).to.contain(
      'Scanned 500 records without a match.',
    );
    await expect(el).to.be.accessible();

    (
      [...trace.querySelectorAll('button')].find(
        (b) => b.textContent?.trim() === 'Keep searching',
      ) as HTMLButtonElement
    ).click();
    await waitUntil(
      () => said(traceView(el).shadowRoot!.querySelector('[part=more]')).startsWith('Searching…'),
      'not searching',
    );

    release(
      page(
        [
          event('e1', { traceId: TRACE, action: 'create ticket' }),
          event('e2', { traceId: TRACE, action: 'add comment' }),
        ],
        { clientFiltered: ['traceId'], scanned: 500 },
      ),
    );
    await waitUntil(() => rows(el).length === 2, 'the found calls are not listed');
    await waitUntil(() => !traceView(el).shadowRoot!.querySelector('[part=more]'));
    expect(said(traceView(el).shadowRoot!.querySelector('[part=summary]'))).to.match(/^2 calls/);
    expect(deepAll(el, 'button').some((b) => b.textContent?.trim() === 'Keep searching')).to.equal(
      false,
    );
  });
});

describe('<audit-log-viewer>: a trace opened from a search', () => {
  it('offers the way back to that search above the waterfall, at full width too', async () => {
    const source = fakeSource((view) =>
      Promise.resolve(
        page(
          view.filters.traceId
            ? [event('t1', { traceId: TRACE }), event('t2', { traceId: TRACE })]
            : [event('e1', { traceId: TRACE }), event('e2')],
        ),
      ),
    );
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        .dataSource=${source}
        cache="none"
        style="width: 1200px; height: 700px"
      ></audit-log-viewer>`,
    );
    el.view = { ...el.view, filters: { method: 'POST', actor: 'a@acme.example' } };
    await waitUntil(() => rows(el).length === 2, 'no rows');
    // "Show trace" from the list (as the table's trace link asks).
    el.shadowRoot!.querySelector('alv-log-table')!.dispatchEvent(
      new CustomEvent('alv-trace-select', {
        detail: { traceId: TRACE },
        bubbles: true,
        composed: true,
      }),
    );
    await waitUntil(() => traceView(el), 'no trace view');
    const back = el.shadowRoot!.querySelector<HTMLButtonElement>('.trace > .sheet-back')!;
    expect(back.checkVisibility(), 'no visible way back at 1200 px').to.equal(true);
    expect(said(back)).to.equal('← Back to the list');
    await expect(el).to.be.accessible();
    back.click();
    await waitUntil(() => !traceView(el), 'still on the trace');
    expect(el.view.filters).to.deep.equal({ method: 'POST', actor: 'a@acme.example' });

    // A trace pasted into the query (no search before it): nothing to go back to, at this width.
    el.view = { ...el.view, filters: { traceId: TRACE } };
    await waitUntil(() => traceView(el), 'no trace view for the pasted trace');
    expect(
      el.shadowRoot!.querySelector<HTMLElement>('.trace > .sheet-back')!.checkVisibility(),
    ).to.equal(false);
  });
});
