/**
 * The histogram inside `<audit-log-viewer>`: asked of a source that can count, again when the
 * filters change (the older request aborted); counted over the loaded events otherwise; a bar
 * zooms the view's time range.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { describe, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../components/audit-log-viewer/audit-log-viewer.js';
import type { AuditLogViewer } from '../../components/audit-log-viewer/audit-log-viewer.component.js';
import { ForbiddenError } from '../../core/errors.js';
import type { Histogram } from '../../core/histogram.js';
import type { ViewState } from '../../core/model.js';
import type { Source } from '../../core/sources/types.js';
import { event, fakeSource, page } from './support/viewer.js';

const T = Date.UTC(2026, 10, 20, 10, 0, 0);
const MIN = 60_000;

const histogramOf = (el: AuditLogViewer) => el.shadowRoot!.querySelector('alv-histogram');
const bars = (el: AuditLogViewer) => [
  ...(histogramOf(el)?.shadowRoot?.querySelectorAll<HTMLButtonElement>('[part=bar]') ?? []),
];
const note = (el: AuditLogViewer) =>
  (histogramOf(el)?.shadowRoot?.querySelector('[part=note]')?.textContent ?? '').trim();
const leftOut = (el: AuditLogViewer) =>
  histogramOf(el)?.shadowRoot?.querySelector('[part=left-out]')?.textContent?.trim();

/** Like the generic source: a user filter by display name (no `@`) is applied in the viewer. */
const namesInViewer = (source: Source): Source => ({
  ...source,
  planFilters: (view) => {
    const client =
      view.filters.actor && !view.filters.actor.includes('@') ? ['actor' as const] : [];
    const server = source.planFilters(view).server.filter((k) => !client.includes(k as 'actor'));
    return { server, client };
  },
});

const TWO: Histogram = {
  from: T,
  to: T + 2 * MIN - 1,
  interval: MIN,
  buckets: [
    { start: T, end: T + MIN - 1, total: 5, counts: { '2xx': 4, '5xx': 1 } },
    { start: T + MIN, end: T + 2 * MIN - 1, total: 2, counts: { '4xx': 2 } },
  ],
};

describe('<audit-log-viewer> histogram', () => {
  it('asks a source that counts, again on a new query, aborting the older request; a bar zooms', async () => {
    localStorage.removeItem('alv-histogram-hidden');
    const asked: { filters: ViewState['filters']; buckets: number; signal: AbortSignal }[] = [];
    const source: Source = {
      ...fakeSource(() => Promise.resolve(page([event('e1')]))),
      histogram: (view, buckets, signal) => {
        asked.push({ filters: view.filters, buckets, signal });
        // The first query's histogram never answers: the second must abort it.
        return asked.length === 1 ? new Promise<Histogram>(() => {}) : Promise.resolve(TWO);
      },
    };
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer .dataSource=${source} time-zone="UTC"></audit-log-viewer>`,
    );
    await waitUntil(() => asked.length === 1, 'the histogram was not asked for');
    expect(asked[0]!.filters).to.deep.equal({});
    expect(asked[0]!.buckets).to.equal(60);

    el.view = { ...el.view, filters: { plugin: 'create ticket' } };
    await waitUntil(() => bars(el).length === 2, 'no bars');
    expect(asked).to.have.length(2);
    expect(asked[1]!.filters).to.deep.equal({ plugin: 'create ticket' });
    expect(asked[0]!.signal.aborted).to.equal(true);
    expect(note(el)).to.equal('per 1 min');
    expect(bars(el)[0]!.getAttribute('aria-label')).to.equal(
      '10:00–10:01: 5 events, 4 success, 1 5xx',
    );
    await expect(el).to.be.accessible();

    bars(el)[1]!.click();
    await waitUntil(() => el.view.filters.time !== undefined, 'no zoom');
    expect(el.view.filters).to.deep.equal({
      plugin: 'create ticket',
      time: { type: 'absolute', from: T + MIN, to: T + 2 * MIN - 1 },
    });
    await waitUntil(() => asked.length === 3, 'not asked again for the zoomed range');
  });

  it('zooms to whole minutes when the bar spans hours: the query reads without milliseconds', async () => {
    localStorage.removeItem('alv-histogram-hidden');
    // Buckets as a "last 7 days" chart has them: 2.8 h each, from an instant with milliseconds.
    const from = T + 41_579;
    const interval = 2.8 * 3_600_000;
    const hours: Histogram = {
      from,
      to: from + 2 * interval - 1,
      interval,
      buckets: [0, 1].map((i) => ({
        start: from + i * interval,
        end: from + (i + 1) * interval - 1,
        total: 3,
        counts: { '2xx': 3 },
      })),
    };
    const source: Source = {
      ...fakeSource(() => Promise.resolve(page([event('e1')]))),
      histogram: () => Promise.resolve(hours),
    };
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer .dataSource=${source} time-zone="UTC"></audit-log-viewer>`,
    );
    await waitUntil(() => bars(el).length === 2, 'no bars');
    bars(el)[1]!.click();
    await waitUntil(() => el.view.filters.time !== undefined, 'no zoom');
    const bar = hours.buckets[1]!;
    const time = el.view.filters.time as { from: number; to: number };
    // The bar's range, widened to the minute on both sides.
    expect(time.from % MIN).to.equal(0);
    expect(time.to % MIN).to.equal(0);
    expect(time.from)
      .to.be.at.most(bar.start)
      .and.above(bar.start - MIN);
    expect(time.to)
      .to.be.at.least(bar.end)
      .and.below(bar.end + MIN);
    const bar2 = el.shadowRoot!.querySelector('alv-filter-bar')!;
    await bar2.updateComplete;
    const query = bar2.shadowRoot!.querySelector<HTMLInputElement>('[part=query]')!.value;
    expect(query).to.match(/^after:\d{4}-\d\d-\d\dT\d\d:\d\dZ before:\d{4}-\d\d-\d\dT\d\d:\d\dZ$/);
  });

  it('zooms out step by step to the range each zoom left, from the keyboard too', async () => {
    localStorage.removeItem('alv-histogram-hidden');
    let asked = 0;
    const source: Source = {
      ...fakeSource(() => Promise.resolve(page([event('e1')]))),
      // A new chart each time, as a backend's answer is.
      histogram: () => (asked++, Promise.resolve(structuredClone(TWO))),
    };
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        .dataSource=${source}
        time-zone="UTC"
        .view=${{ v: 1, filters: { time: { type: 'relative', last: '24h' } }, sort: 'desc' }}
      ></audit-log-viewer>`,
    );
    const zoomOut = () =>
      histogramOf(el)?.shadowRoot?.querySelector<HTMLButtonElement>('[part=zoom-out]') ?? null;
    await waitUntil(() => bars(el).length === 2, 'no bars');
    expect(zoomOut()).to.equal(null);

    // Two zooms in, by a click and by Enter on a bar.
    bars(el)[0]!.click();
    await waitUntil(() => el.view.filters.time?.type === 'absolute', 'no zoom');
    await waitUntil(() => zoomOut() !== null && bars(el).length === 2, 'no Zoom out');
    expect(zoomOut()!.getAttribute('aria-label')).to.equal('Zoom out to last 24 hours');
    // Into the range already shown: nothing to zoom out of (one step still leads back).
    const before = asked;
    bars(el)[0]!.click();
    await el.updateComplete;
    expect(asked).to.equal(before);
    expect(zoomOut()!.getAttribute('aria-label')).to.equal('Zoom out to last 24 hours');
    bars(el)[1]!.focus();
    await userEvent.keyboard('{Enter}');
    await waitUntil(
      () => zoomOut()?.getAttribute('aria-label') === 'Zoom out to Nov 20 10:00–10:01',
      'the second zoom does not lead back to the first',
    );
    await expect(el).to.be.accessible();

    // Out again: to the first zoom's range (the button keeps the focus), then to the last 24 hours.
    zoomOut()!.focus();
    zoomOut()!.click();
    await waitUntil(
      () => zoomOut()?.getAttribute('aria-label') === 'Zoom out to last 24 hours',
      'not back at the first zoom',
    );
    expect(el.view.filters.time).to.deep.equal({ type: 'absolute', from: T, to: T + MIN - 1 });
    expect(histogramOf(el)!.shadowRoot!.activeElement).to.equal(zoomOut());
    zoomOut()!.click();
    await waitUntil(() => zoomOut() === null, 'Zoom out stays at the start');
    expect(el.view.filters.time).to.deep.equal({ type: 'relative', last: '24h' });
    // Its focus went on to the chart, never to the page.
    await waitUntil(() => histogramOf(el)!.shadowRoot!.activeElement?.matches('[part=bar]'));

    // Another time range has nothing to zoom out to.
    bars(el)[0]!.click();
    await waitUntil(() => zoomOut() !== null, 'no Zoom out after a zoom');
    const zoomed = el.view;
    el.view = { ...el.view, filters: { time: { type: 'relative', last: '1h' } } };
    await waitUntil(() => zoomOut() === null, 'Zoom out outlived a new time range');
    expect(asked).to.be.greaterThan(4);
    // Back to the zoomed range (history's Back shows the view it had): Zoom out again.
    el.view = zoomed;
    await waitUntil(
      () => zoomOut()?.getAttribute('aria-label') === 'Zoom out to last 24 hours',
      'no Zoom out back on a zoomed range',
    );
    zoomOut()!.click();
    await waitUntil(() => zoomOut() === null, 'Zoom out stays at the start');
    expect(el.view.filters.time).to.deep.equal({ type: 'relative', last: '24h' });
  });

  it('asks for the chart and facet counts only once the list has answered: a refused key fails one request', async () => {
    localStorage.removeItem('alv-histogram-hidden');
    localStorage.removeItem('alv-facets-hidden');
    const asked: string[] = [];
    let answer: (() => void) | undefined;
    let refuse = true;
    const source: Source = {
      ...fakeSource(() => {
        asked.push('list');
        if (refuse)
          return Promise.reject(new ForbiddenError('no audit access', 'GET /events', 403));
        return new Promise((resolve) => (answer = () => resolve(page([event('e1')]))));
      }),
      histogram: () => (asked.push('histogram'), Promise.resolve(structuredClone(TWO))),
      facets: (field) => (asked.push(`facet ${field}`), Promise.resolve([])),
    };
    // A witness beside it, whose list answers: once its facet counts are asked for (they wait
    // for the filters to settle, 400 ms), any the refused viewer had scheduled would be too.
    const witnessed: string[] = [];
    const witness: Source = {
      ...fakeSource(() => Promise.resolve(page([event('w1')]))),
      facets: (field) => (witnessed.push(field), Promise.resolve([])),
    };
    const box = await fixture<HTMLDivElement>(
      html`<div>
        <audit-log-viewer
          .dataSource=${source}
          style="width: 1200px; height: 700px"
        ></audit-log-viewer>
        <audit-log-viewer
          .dataSource=${witness}
          style="width: 1200px; height: 700px"
        ></audit-log-viewer>
      </div>`,
    );
    const el = box.querySelector('audit-log-viewer')!;
    await waitUntil(() => el.shadowRoot!.querySelector('[role=alert]'), 'no error shown');
    await waitUntil(() => witnessed.length > 0, 'the witness asked for no facet counts', {
      timeout: 5000,
    });
    await el.updateComplete;
    expect(asked).to.deep.equal(['list']);
    // Refused: of the filters and the status line's actions, only Refresh is left.
    const shown = [
      ...el.shadowRoot!.querySelectorAll<HTMLElement>('alv-filter-bar, .status button'),
    ]
      .filter((b) => b.checkVisibility())
      .map((b) => b.textContent?.trim() || b.localName);
    expect(shown).to.deep.equal(['↻Refresh']);

    // Let in: the chart and the facets wait for the list's answer, then ask.
    refuse = false;
    el.view = { ...el.view, filters: { plugin: 'x' } };
    await waitUntil(() => answer !== undefined, 'the list was not asked again');
    await el.updateComplete;
    expect(asked).to.deep.equal(['list', 'list']);
    answer!();
    await waitUntil(() => asked.includes('histogram'), 'no chart asked for after the list');
    await waitUntil(() => asked.some((a) => a.startsWith('facet ')), 'no facets asked for', {
      timeout: 5000,
    });
  });

  it('counts the loaded events for a source that cannot, and says so', async () => {
    localStorage.removeItem('alv-histogram-hidden');
    const events = [
      event('e1', { timestamp: T + 10_000 }),
      event('e2', {
        timestamp: T + 20_000,
        http: { method: 'POST', url: 'https://x.example/a', statusCode: 503 },
        status: 'error',
      }),
      event('e3', { timestamp: T + 70_000 }),
    ];
    const source = fakeSource(() => Promise.resolve(page(events, { nextCursor: 'more' })));
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer .dataSource=${source} time-zone="UTC"></audit-log-viewer>`,
    );
    await waitUntil(() => bars(el).length > 0, 'no bars');
    expect(note(el)).to.equal('per 2 s, over the 3 events loaded');
    const labels = bars(el).map((b) => b.getAttribute('aria-label'));
    expect(labels[0]).to.equal('10:00:10–10:00:12: 1 event, 1 success');
    expect(labels[5]).to.equal('10:00:20–10:00:22: 1 event, 1 5xx');
    expect(labels.at(-1)).to.equal('10:01:10–10:01:12: 1 event, 1 success');
    await expect(el).to.be.accessible();
  });

  it("says when the backend's counts leave out a filter the viewer applies, and only then", async () => {
    localStorage.removeItem('alv-histogram-hidden');
    const asked: ViewState['filters'][] = [];
    const source = namesInViewer({
      ...fakeSource(() => Promise.resolve(page([event('e1')]))),
      histogram: (view) => {
        asked.push(view.filters);
        return Promise.resolve(TWO);
      },
    });
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        .dataSource=${source}
        .view=${{ v: 1, filters: { actor: 'Priya Nair', q: 'timeout' }, sort: 'desc' }}
        time-zone="UTC"
      ></audit-log-viewer>`,
    );
    await waitUntil(() => bars(el).length === 2, 'no bars');
    expect(leftOut(el)).to.equal('counts leave out user: applied to the list only');
    expect(note(el)).to.equal('per 1 min');
    await expect(el).to.be.accessible();

    // An email is filtered by the backend: its counts cover every filter.
    el.view = { ...el.view, filters: { actor: 'priya@acme.example', q: 'timeout' } };
    await waitUntil(
      () => asked.length === 2 && histogramOf(el)?.status === 'ready',
      'not asked again',
    );
    expect(bars(el)).to.have.length(2);
    expect(leftOut(el)).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('counts the loaded events after every filter, so leaves none out', async () => {
    localStorage.removeItem('alv-histogram-hidden');
    const events = [event('e1', { timestamp: T + 10_000 }), event('e2', { timestamp: T + 70_000 })];
    const source = namesInViewer(
      fakeSource(() => Promise.resolve(page(events, { clientFiltered: ['actor'] }))),
    );
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        .dataSource=${source}
        .view=${{ v: 1, filters: { actor: 'Priya Nair' }, sort: 'desc' }}
        time-zone="UTC"
      ></audit-log-viewer>`,
    );
    await waitUntil(() => bars(el).length > 0, 'no bars');
    expect(note(el)).to.equal('per 2 s, over all 2 matching events');
    expect(leftOut(el)).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('stays hidden once the user hides it', async () => {
    localStorage.removeItem('alv-histogram-hidden');
    let asked = 0;
    const source: Source = {
      ...fakeSource(() => Promise.resolve(page([event('e1')]))),
      histogram: () => {
        asked++;
        return Promise.resolve(TWO);
      },
    };
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer .dataSource=${source}></audit-log-viewer>`,
    );
    await waitUntil(() => bars(el).length === 2);
    histogramOf(el)!.shadowRoot!.querySelector<HTMLButtonElement>('[part=toggle]')!.click();
    await waitUntil(() => bars(el).length === 0);
    expect(localStorage.getItem('alv-histogram-hidden')).to.equal('1');

    const again = await fixture<AuditLogViewer>(
      html`<audit-log-viewer .dataSource=${source}></audit-log-viewer>`,
    );
    await again.updateComplete;
    expect(histogramOf(again)!.open).to.equal(false);
    again.view = { ...again.view, filters: { q: 'x' } };
    await again.updateComplete;
    expect(asked).to.equal(1);
    localStorage.removeItem('alv-histogram-hidden');
  });

  it("says how many events match when the backend's chart has counted them all, else N+", async () => {
    localStorage.removeItem('alv-histogram-hidden');
    let clientFiltered: ('actor' | 'q')[] = [];
    let events = [event('e1'), event('e2')];
    const source: Source = {
      ...fakeSource(() => Promise.resolve(page(events, { nextCursor: 'p2', clientFiltered }))),
      // Counted up to the events' hour (theirs are at 12:00 on that day).
      histogram: () => Promise.resolve({ ...TWO, to: Date.UTC(2026, 10, 20, 12) }),
    };
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer .dataSource=${source}></audit-log-viewer>`,
    );
    const count = () =>
      el.shadowRoot!.querySelector('[part=status] .count')!.textContent.replace(/\s+/g, ' ').trim();
    // The chart's buckets hold 5 + 2 events; 2 are loaded, more pages to come.
    await waitUntil(() => count() === '7 events (2 loaded)', `count: ${count()}`);
    await expect(el).to.be.accessible();

    // A page filtered in the viewer: the chart's count is not the list's, so it is not shown.
    clientFiltered = ['q'];
    events = [event('e1')];
    el.view = { ...el.view, filters: { q: 'x' } };
    await waitUntil(() => count() === '1+ event', `count: ${count()}`);
    // Events after the chart's end (live ones) are counted on top of it.
    clientFiltered = [];
    events = [event('live', { timestamp: Date.UTC(2026, 10, 20, 13) }), event('e1'), event('e2')];
    el.view = { ...el.view, filters: {} };
    await waitUntil(() => count() === '8 events (3 loaded)', `count: ${count()}`);

    // Hidden, the chart is not asked for: the count is what is loaded, and more.
    (histogramOf(el)!.shadowRoot!.querySelector('button') as HTMLButtonElement).click();
    await waitUntil(() => count() === '3+ events', 'not N+');

    // A filter applied in the viewer that matched nothing in the first page: not "0+ events".
    clientFiltered = ['actor'];
    events = [];
    el.view = { ...el.view, filters: { actor: 'Nobody' } };
    await waitUntil(() => count() === 'No matches yet', `count: ${count()}`);
    localStorage.removeItem('alv-histogram-hidden');
  });
});
