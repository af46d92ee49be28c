/**
 * `<alv-trace-view>` in real Chromium: the walkthrough's trace ("create ticket" failing once and
 * retried, then "add comment" and "add work note") as a waterfall.
 */
import { expect, fixture, fixtureCleanup, html, oneEvent } from '@open-wc/testing';
import { page, userEvent } from 'vitest/browser';
import { afterEach, describe, it } from 'vitest';
import '../../components/trace-view/trace-view.js';
import type { AlvTraceView } from '../../components/trace-view/trace-view.js';
import type { AuditEvent } from '../../core/model.js';

afterEach(() => fixtureCleanup());

const T0 = Date.UTC(2024, 11, 5, 10, 0, 0);
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

function call(
  id: string,
  action: string,
  offset: number,
  durationMs: number | undefined,
  statusCode: number,
  attempt = 1,
  path = '/api/now/table/incident',
): AuditEvent {
  return {
    id,
    timestamp: T0 + offset,
    kind: 'api-call',
    actor: { type: 'user', email: 'vpawar@moveworks.ai' },
    action,
    status: statusCode >= 400 ? 'error' : 'success',
    plugin: 'create ticket',
    skill: 'Ticketing',
    traceId: TRACE,
    http: { method: 'POST', path, statusCode, durationMs, attempt },
  };
}

/** The walkthrough's trace: 4 calls over 2.3 s, one 503 retried. Given out of order. */
const WALKTHROUGH: AuditEvent[] = [
  call('e4', 'add work note', 2000, 300, 201, 1, '/api/now/table/sys_journal_field'),
  call('e2', 'create ticket', 600, 700, 201, 2),
  call('e3', 'add comment', 1400, 500, 201, 1, '/api/now/table/sys_journal_field'),
  call('e1', 'create ticket', 0, 450, 503, 1),
];

async function mount(events = WALKTHROUGH, attrs: { selected?: string } = {}) {
  return fixture<AlvTraceView>(
    html`<alv-trace-view
      trace-id=${TRACE}
      time-zone="UTC"
      selected-id=${attrs.selected ?? ''}
      .events=${events}
    ></alv-trace-view>`,
  );
}

const rows = (el: AlvTraceView): HTMLButtonElement[] => [
  ...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.row-button'),
];
const text = (el: Element | null | undefined): string =>
  (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('alv-trace-view: the waterfall', () => {
  it('lists the calls by start time, then attempt', async () => {
    const same = [
      call('b', 'create ticket', 0, 100, 201, 2),
      call('a', 'create ticket', 0, 100, 500, 1),
      call('z', 'get ticket', -50, 20, 200),
    ];
    const el = await mount(same);
    expect(rows(el).map((r) => r.dataset.id)).to.deep.equal(['z', 'a', 'b']);

    el.events = WALKTHROUGH;
    await el.updateComplete;
    expect(rows(el).map((r) => r.dataset.id)).to.deep.equal(['e1', 'e2', 'e3', 'e4']);
    expect(rows(el).map((r) => text(r.querySelector('.action')))).to.deep.equal([
      'create ticket',
      'create ticket',
      'add comment',
      'add work note',
    ]);
    expect(text(rows(el)[0]!.querySelector('.request'))).to.equal('POST /api/now/table/incident');
    const status = rows(el).map((r) => r.querySelector('.status')!);
    expect(status.map((s) => [text(s), s.className])).to.deep.equal([
      ['503', 'status status-5xx'],
      ['201', 'status status-2xx'],
      ['201', 'status status-2xx'],
      ['201', 'status status-2xx'],
    ]);
    await expect(el).to.be.accessible();
  });

  it("keeps the axis's labels apart from the total's in an entry's side pane", async () => {
    for (const span of [120, 2300, 24_000]) {
      const el = await fixture<AlvTraceView>(
        html`<alv-trace-view
          style="width: 660px"
          trace-id=${TRACE}
          time-zone="UTC"
          .events=${[call('s', 'update ticket', 0, span, 200)]}
        ></alv-trace-view>`,
      );
      const ticks = [...el.shadowRoot!.querySelectorAll<HTMLElement>('.tick:not(.end)')];
      const end = el.shadowRoot!.querySelector<HTMLElement>('.tick.end')!.getBoundingClientRect();
      expect(ticks.length, `${span} ms`).to.be.at.least(2);
      for (const t of ticks)
        expect(t.getBoundingClientRect().right, `${span} ms: ${t.textContent}`).to.be.below(
          end.left,
        );
    }
  });

  it('places and sizes each bar in proportion to its start and duration', async () => {
    const el = await mount();
    for (const [i, [offset, duration]] of [
      [0, 450],
      [600, 700],
      [1400, 500],
      [2000, 300],
    ].entries()) {
      const track = rows(el)[i]!.querySelector('.track')!.getBoundingClientRect();
      const bar = rows(el)[i]!.querySelector('[part=bar]')!.getBoundingClientRect();
      expect(bar.left - track.left, `left of ${i}`).to.be.closeTo(
        (offset! / 2300) * track.width,
        1,
      );
      expect(bar.width, `width of ${i}`).to.be.closeTo((duration! / 2300) * track.width, 1);
    }
    const axis = text(el.shadowRoot!.querySelector('[part=axis]'));
    expect(axis.startsWith('0 ms')).to.equal(true);
    expect(axis.endsWith('2.3 s')).to.equal(true);
  });

  it('keeps a call without a duration visible', async () => {
    const el = await mount([call('a', 'get user', 0, 1000, 200), call('b', 'ping', 500, 0, 204)]);
    const bar = rows(el)[1]!.querySelector('[part=bar]')!.getBoundingClientRect();
    expect(bar.width).to.be.at.least(3);
  });

  it('marks retries and links each failed attempt to its retry', async () => {
    const el = await mount();
    const [failed, retry, comment] = rows(el).map((r) => r.closest('li')!);
    expect(text(retry!.querySelector('.retry-badge'))).to.equal('retry 2');
    expect(failed!.querySelector('.retry-badge')).to.equal(null);
    expect(comment!.querySelector('.retry-badge')).to.equal(null);
    expect(retry!.classList.contains('retry')).to.equal(true);
    expect(failed!.classList.contains('link-start')).to.equal(true);
    expect(retry!.classList.contains('link-end')).to.equal(true);
    // The connector is drawn: below the middle of the failed row, above the middle of the retry.
    const connector = (li: Element) => getComputedStyle(li.querySelector('.gutter')!, '::before');
    expect(connector(failed!).display).to.equal('block');
    expect(connector(retry!).display).to.equal('block');
    expect(connector(comment!).display).to.equal('none');
    // Retry bars look different from first attempts.
    const bar = (li: Element) => getComputedStyle(li.querySelector('[part=bar]')!);
    expect(bar(retry!).backgroundImage).to.contain('repeating-linear-gradient');
    expect(bar(comment!).backgroundImage).to.equal('none');
    // And it is said, not only drawn.
    expect(text(failed)).to.contain('failed and retried');
    await expect(el).to.be.accessible();
  });

  it('links a retry across the calls made in between', async () => {
    const el = await mount([
      call('a', 'create ticket', 0, 100, 502, 1),
      call('x', 'get user', 150, 50, 200, 1, '/api/now/table/sys_user'),
      call('b', 'create ticket', 300, 100, 201, 2),
    ]);
    const classes = rows(el).map((r) => r.closest('li')!.className);
    expect(classes[0]).to.contain('link-start');
    expect(classes[1]).to.contain('link-through');
    expect(classes[2]).to.contain('link-end');
  });

  it('sums it up in one line', async () => {
    const el = await mount();
    expect(text(el.shadowRoot!.querySelector('[part=summary]'))).to.equal(
      '4 calls · 2.3 s · 1 retry · 1 error',
    );
    expect(text(el.shadowRoot!.querySelector('.started'))).to.contain('UTC');
    expect(text(el.shadowRoot!.querySelector('.trace-id'))).to.equal(TRACE);

    el.events = [call('a', 'get ticket', 0, 120, 200)];
    await el.updateComplete;
    expect(text(el.shadowRoot!.querySelector('[part=summary]'))).to.equal('1 call · 120 ms');
  });

  it('says when it is loading or empty', async () => {
    const el = await mount([]);
    expect(text(el.shadowRoot!.querySelector('.empty'))).to.equal('No calls in this trace.');
    el.loading = true;
    await el.updateComplete;
    expect(text(el.shadowRoot!.querySelector('.empty'))).to.equal('Loading trace…');
    await expect(el).to.be.accessible();
  });
});

describe('alv-trace-view: a search that has not reached every record', () => {
  const more = (el: AlvTraceView) => el.shadowRoot!.querySelector('[part=more]');
  const keep = (el: AlvTraceView) =>
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find(
      (b) => text(b) === 'Keep searching',
    );

  it('does not say "0 calls" while records are left to search, and offers to go on', async () => {
    const el = await fixture<AlvTraceView>(
      html`<alv-trace-view
        trace-id=${TRACE}
        time-zone="UTC"
        has-more
        .scanned=${500}
        .events=${[]}
      ></alv-trace-view>`,
    );
    expect(text(el.shadowRoot!.querySelector('[part=summary]'))).to.equal('0 calls so far');
    expect(text(more(el))).to.equal('No calls found in the first 500 records. Keep searching');
    expect(el.shadowRoot!.querySelector('.empty')).to.equal(null);
    await expect(el).to.be.accessible();

    setTimeout(() => keep(el)!.click());
    await oneEvent(el, 'alv-load-more');

    el.searching = true;
    await el.updateComplete;
    expect(text(more(el))).to.equal('Searching… 0 calls so far in 500 records.');
    expect(keep(el)).to.equal(undefined);

    el.events = [WALKTHROUGH[3]!, WALKTHROUGH[1]!];
    el.scanned = 1000;
    el.searching = false;
    await el.updateComplete;
    expect(text(el.shadowRoot!.querySelector('[part=summary]'))).to.equal('2 calls so far · 1.3 s');
    expect(text(more(el))).to.equal(
      'Showing the calls found in the first 1,000 records; older records may hold more. Keep searching',
    );
    expect(rows(el)).to.have.length(2);
    await expect(el).to.be.accessible();

    el.hasMore = false;
    el.events = WALKTHROUGH;
    await el.updateComplete;
    expect(more(el)).to.equal(null);
    expect(text(el.shadowRoot!.querySelector('[part=summary]'))).to.equal(
      '4 calls · 2.3 s · 1 retry · 1 error',
    );
  });
});

describe('alv-trace-view: keyboard and events', () => {
  it('emits alv-row-select on click and marks the row selected', async () => {
    const el = await mount();
    setTimeout(() => rows(el)[2]!.click());
    const event = await oneEvent<GlobalEventHandlersEventMap['alv-row-select']>(
      el,
      'alv-row-select',
    );
    expect(event.detail.id).to.equal('e3');
    expect(event.detail.event).to.equal(WALKTHROUGH[2]);
    await el.updateComplete;
    expect(el.getAttribute('selected-id')).to.equal('e3');
    expect(rows(el)[2]!.getAttribute('aria-current')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('moves between rows with Up/Down/Home/End and selects with Enter', async () => {
    const el = await mount(WALKTHROUGH, { selected: 'e2' });
    // One tab stop: the selected row.
    expect(rows(el).map((r) => r.tabIndex)).to.deep.equal([-1, 0, -1, -1]);
    rows(el)[1]!.focus();
    await userEvent.keyboard('{ArrowDown}');
    expect(el.shadowRoot!.activeElement).to.equal(rows(el)[2]);
    await userEvent.keyboard('{End}');
    expect(el.shadowRoot!.activeElement).to.equal(rows(el)[3]);
    await userEvent.keyboard('{ArrowDown}');
    expect(el.shadowRoot!.activeElement).to.equal(rows(el)[3]);
    await userEvent.keyboard('{Home}{ArrowDown}{ArrowUp}');
    expect(el.shadowRoot!.activeElement).to.equal(rows(el)[0]);
    await el.updateComplete;
    expect(rows(el).map((r) => r.tabIndex)).to.deep.equal([0, -1, -1, -1]);

    const selected = oneEvent<GlobalEventHandlersEventMap['alv-row-select']>(el, 'alv-row-select');
    await userEvent.keyboard('{Enter}');
    const event = await selected;
    expect(event.detail.id).to.equal('e1');
  });

  it('emits alv-close on Escape and from the close button', async () => {
    const el = await mount();
    rows(el)[0]!.focus();
    const onEscape = oneEvent(el, 'alv-close');
    await userEvent.keyboard('{Escape}');
    await onEscape;

    const close = el.shadowRoot!.querySelector<HTMLButtonElement>('[part=close-button]')!;
    expect(close.getAttribute('aria-label')).to.equal('Close trace');
    setTimeout(() => close.click());
    await oneEvent(el, 'alv-close');
  });

  it('reads at a glance and stays accessible at 360 px', async () => {
    const [width, height] = [window.innerWidth, window.innerHeight];
    await page.viewport(360, 740);
    try {
      const el = await mount(WALKTHROUGH, { selected: 'e1' });
      const base = el.shadowRoot!.querySelector<HTMLElement>('[part=base]')!;
      expect(base.scrollWidth).to.be.at.most(base.clientWidth);
      for (const row of rows(el)) {
        const label = row.querySelector('.label')!.getBoundingClientRect();
        const track = row.querySelector('.track')!.getBoundingClientRect();
        // The bar gets its own line under the label, and the whole width.
        expect(track.top).to.be.at.least(label.bottom - 1);
        expect(track.width).to.be.greaterThan(250);
        const action = row.querySelector<HTMLElement>('.action')!;
        expect(action.scrollWidth, text(action)).to.be.at.most(action.clientWidth);
      }
      await expect(el).to.be.accessible();
    } finally {
      await page.viewport(width, height);
    }
  });
});
