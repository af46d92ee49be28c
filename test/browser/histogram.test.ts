/** `<alv-histogram>` in real Chromium: stacked bars by status class, keyboard, zoom and brush. */
import { expect, fixture, fixtureCleanup, html, oneEvent } from '@open-wc/testing';
import { userEvent } from 'vitest/browser';
import { afterEach, describe, it } from 'vitest';
import '../../components/histogram/histogram.js';
import type { AlvHistogram } from '../../components/histogram/histogram.js';
import type { Histogram } from '../../core/histogram.js';

afterEach(() => fixtureCleanup());

const T = Date.UTC(2026, 10, 20, 10, 0, 0); // 10:00 UTC
const MIN = 60_000;

/** Four one-minute buckets: 10:00 (2 × 2xx, 1 × 5xx), 10:01 (empty), 10:02 (4 × 4xx), 10:03 (1 failed, 1 success). */
const FOUR: Histogram = {
  from: T,
  to: T + 4 * MIN - 1,
  interval: MIN,
  buckets: [
    { start: T, end: T + MIN - 1, total: 3, counts: { '2xx': 2, '5xx': 1 } },
    { start: T + MIN, end: T + 2 * MIN - 1, total: 0, counts: {} },
    { start: T + 2 * MIN, end: T + 3 * MIN - 1, total: 4, counts: { '4xx': 4 } },
    { start: T + 3 * MIN, end: T + 4 * MIN - 1, total: 2, counts: { error: 1, success: 1 } },
  ],
};

async function mount(histogram: Histogram = FOUR, attrs: Partial<AlvHistogram> = {}) {
  const el = await fixture<AlvHistogram>(
    html`<alv-histogram
      time-zone="UTC"
      status="ready"
      .histogram=${histogram}
      basis=${attrs.basis ?? 'backend'}
      .loaded=${attrs.loaded ?? 0}
      .complete=${attrs.complete ?? false}
      style="width: 800px"
    ></alv-histogram>`,
  );
  return el;
}

const bars = (el: AlvHistogram) => [
  ...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part=bar]'),
];
const text = (el: Element | null | undefined) =>
  (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('alv-histogram: the bars', () => {
  it('stacks each bucket by status class and names its counts', async () => {
    const el = await mount();
    expect(bars(el).map((b) => b.getAttribute('aria-label'))).to.deep.equal([
      '10:00–10:01: 3 events, 2 success, 1 5xx',
      '10:01–10:02: 0 events',
      '10:02–10:03: 4 events, 4 4xx',
      '10:03–10:04: 2 events, 1 success, 1 failed',
    ]);
    // Heights in proportion to the largest bucket (4 events = the full 36 px plot).
    const heights = bars(el).map((b) => b.querySelector('.stack')!.getBoundingClientRect().height);
    expect(heights[2]).to.be.closeTo(36, 1.5);
    expect(heights[0]).to.be.closeTo(27, 1.5);
    expect(heights[3]).to.be.closeTo(18, 1.5);
    expect(heights[1]).to.equal(0);
    // 2 success under 1 5xx in the first bar.
    const segs = [...bars(el)[0]!.querySelectorAll<HTMLElement>('.seg')];
    expect(segs.map((s) => s.className)).to.deep.equal(['seg seg-success', 'seg seg-server-error']);
    expect(segs[0]!.getBoundingClientRect().height).to.be.closeTo(18, 1.5);
    expect(text(el.shadowRoot!.querySelector('.legend'))).to.equal('success 4xx 5xx failed');
    expect(text(el.shadowRoot!.querySelector('[part=note]'))).to.equal('per 1 min');
    expect(text(el.shadowRoot!.querySelector('[part=axis]'))).to.equal('10:00 10:02 10:04');
    await expect(el).to.be.accessible();
  });

  it('says when it counted only the events the viewer loaded', async () => {
    const el = await mount(FOUR, { basis: 'loaded', loaded: 300 });
    expect(text(el.shadowRoot!.querySelector('[part=note]'))).to.equal(
      'per 1 min, over the 300 events loaded',
    );
    el.complete = true;
    el.loaded = 9;
    await el.updateComplete;
    expect(text(el.shadowRoot!.querySelector('[part=note]'))).to.equal(
      'per 1 min, over all 9 matching events',
    );
  });

  it("says which of the view's filters the backend's counts leave out", async () => {
    const el = await mount();
    const leftOut = () => el.shadowRoot!.querySelector<HTMLElement>('[part=left-out]');
    expect(leftOut()).to.equal(null);
    el.ignored = ['user'];
    await el.updateComplete;
    expect(text(leftOut())).to.equal('counts leave out user: applied to the list only');
    expect(leftOut()!.getBoundingClientRect().width).to.be.above(0);
    expect(text(el.shadowRoot!.querySelector('[part=note]'))).to.equal('per 1 min');
    await expect(el).to.be.accessible();

    // Beside the one-line summary below 600 px, even folded.
    el.style.width = '360px';
    el.open = false;
    await el.updateComplete;
    expect(getComputedStyle(leftOut()!).display).not.to.equal('none');
    el.style.width = '800px';
    await el.updateComplete;
    expect(getComputedStyle(leftOut()!).display).to.equal('none');
    el.open = true;

    // Counts over the loaded events passed every filter; nothing is said while loading.
    el.basis = 'loaded';
    await el.updateComplete;
    expect(leftOut()).to.equal(null);
    el.basis = 'backend';
    el.status = 'loading';
    await el.updateComplete;
    expect(leftOut()).to.equal(null);
  });

  it('calls failures "error" where records have outcomes only, as the status filter does', async () => {
    const el = await mount();
    const legend = () => text(el.shadowRoot!.querySelector('.legend'));
    expect(legend()).to.contain('failed');
    expect(bars(el)[3]!.getAttribute('aria-label')).to.contain('1 failed');
    el.outcomes = true;
    await el.updateComplete;
    expect(legend()).not.to.contain('failed');
    expect(legend()).to.contain('error');
    expect(bars(el)[3]!.getAttribute('aria-label')).to.contain('1 error');
  });

  it('names the range "Zoom out" goes back to, to the second where it needs them', async () => {
    const el = await mount();
    const label = async (to: AlvHistogram['zoomOut']) => {
      el.zoomOut = to;
      await el.updateComplete;
      return el.shadowRoot!.querySelector('[part=zoom-out]')?.getAttribute('aria-label') ?? null;
    };
    expect(await label(undefined)).to.equal(null);
    expect(await label({ to: undefined })).to.equal('Zoom out to any time');
    expect(await label({ to: { type: 'relative', last: '7d' } })).to.equal(
      'Zoom out to last 7 days',
    );
    expect(await label({ to: { type: 'absolute', from: T, to: T + 30 * MIN - 1 } })).to.equal(
      'Zoom out to Nov 20 10:00–10:30',
    );
    expect(await label({ to: { type: 'absolute', from: T + 30_000, to: T + MIN - 1 } })).to.equal(
      'Zoom out to Nov 20 10:00:30–10:01:00',
    );
    expect(await label({ to: { type: 'absolute', from: T, to: T + 24 * 60 * MIN } })).to.equal(
      'Zoom out to Nov 20 10:00–Nov 21 10:00',
    );
    expect(await label({ to: { type: 'absolute', from: T } })).to.equal(
      'Zoom out to everything since Nov 20 10:00',
    );
    await expect(el).to.be.accessible();
  });

  it('shows loading, empty and error states', async () => {
    const el = await mount();
    const ready = el.getBoundingClientRect().height;
    el.status = 'loading';
    await el.updateComplete;
    // Each state keeps the chart's height, axis included: the list below never moves.
    expect(el.getBoundingClientRect().height).to.equal(ready);
    expect(el.shadowRoot!.querySelector('[part=plot]')!.getAttribute('aria-busy')).to.equal('true');
    expect(text(el.shadowRoot!.querySelector('[part=note]'))).to.equal('Loading…');
    await expect(el).to.be.accessible();

    el.status = 'ready';
    el.histogram = { ...FOUR, buckets: FOUR.buckets.map((b) => ({ ...b, total: 0, counts: {} })) };
    await el.updateComplete;
    expect(text(el.shadowRoot!.querySelector('.message'))).to.equal('No matching events to chart.');
    expect(el.getBoundingClientRect().height).to.equal(ready);
    // No bars, no bar width: an inverted range's one-millisecond buckets said "per 1 ms".
    expect(text(el.shadowRoot!.querySelector('[part=note]'))).to.equal('');

    el.status = 'error';
    el.errorMessage = 'GET /api/v1/audit/histogram: failed with HTTP 503';
    await el.updateComplete;
    const alert = el.shadowRoot!.querySelector('[role=alert]')!;
    expect(text(alert)).to.equal(
      'The histogram could not be loaded: GET /api/v1/audit/histogram: failed with HTTP 503. Try again',
    );
    setTimeout(() => alert.querySelector('button')!.click());
    await oneEvent(el, 'alv-histogram-retry');
    await expect(el).to.be.accessible();
  });
});

describe('alv-histogram: zoom and brush', () => {
  it('moves between bars with the arrow keys and zooms with Enter', async () => {
    const el = await mount();
    expect(bars(el).map((b) => b.tabIndex)).to.deep.equal([0, -1, -1, -1]);
    bars(el)[0]!.focus();
    await userEvent.keyboard('{ArrowRight}{ArrowRight}');
    expect(el.shadowRoot!.activeElement).to.equal(bars(el)[2]);
    await el.updateComplete;
    expect(bars(el).map((b) => b.tabIndex)).to.deep.equal([-1, -1, 0, -1]);
    await userEvent.keyboard('{End}');
    expect(el.shadowRoot!.activeElement).to.equal(bars(el)[3]);
    await userEvent.keyboard('{Home}');
    expect(el.shadowRoot!.activeElement).to.equal(bars(el)[0]);
    await userEvent.keyboard('{ArrowRight}');
    const zoom = oneEvent<GlobalEventHandlersEventMap['alv-time-select']>(el, 'alv-time-select');
    await userEvent.keyboard('{Enter}');
    expect((await zoom).detail).to.deep.equal({ from: T + MIN, to: T + 2 * MIN - 1 });

    // The host loads the zoomed chart: the focus stays in the chart, then goes to its first bar.
    el.status = 'loading';
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.classList.contains('plot-area')).to.equal(true);
    el.histogram = {
      from: T + MIN,
      to: T + 2 * MIN - 1,
      interval: 30_000,
      buckets: [
        { start: T + MIN, end: T + MIN + 29_999, total: 1, counts: { '2xx': 1 } },
        { start: T + MIN + 30_000, end: T + 2 * MIN - 1, total: 2, counts: { '4xx': 2 } },
      ],
    };
    el.status = 'ready';
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(bars(el)[0]);
    expect(bars(el).map((b) => b.tabIndex)).to.deep.equal([0, -1]);
    await userEvent.keyboard('{ArrowRight}');
    expect(el.shadowRoot!.activeElement).to.equal(bars(el)[1]);
  });

  it('leaves the focus where the user took it while a zoomed chart loads', async () => {
    const el = await mount();
    const elsewhere = document.createElement('button');
    elsewhere.textContent = 'Elsewhere';
    document.body.append(elsewhere);
    try {
      bars(el)[2]!.focus();
      const zoom = oneEvent<GlobalEventHandlersEventMap['alv-time-select']>(el, 'alv-time-select');
      await userEvent.keyboard('{Enter}');
      await zoom;
      // Shift+Tab away, as to the filter bar, before the zoomed chart arrives.
      elsewhere.focus();
      el.status = 'loading';
      await el.updateComplete;
      expect(document.activeElement).to.equal(elsewhere);
      el.histogram = { ...FOUR, from: T + 2 * MIN };
      el.status = 'ready';
      await el.updateComplete;
      expect(document.activeElement).to.equal(elsewhere);
    } finally {
      elsewhere.remove();
    }
  });

  it('zooms to a clicked bar', async () => {
    const el = await mount();
    const zoom = oneEvent<GlobalEventHandlersEventMap['alv-time-select']>(el, 'alv-time-select');
    await userEvent.click(bars(el)[2]!);
    expect((await zoom).detail).to.deep.equal({ from: T + 2 * MIN, to: T + 3 * MIN - 1 });
  });

  it('selects the buckets a drag crosses', async () => {
    const el = await mount();
    const plot = el.shadowRoot!.querySelector<HTMLElement>('[part=plot]')!;
    const centre = (i: number) => {
      const r = bars(el)[i]!.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    };
    const pointer = (type: string, at: { x: number; y: number }) =>
      plot.dispatchEvent(
        new PointerEvent(type, {
          bubbles: true,
          composed: true,
          clientX: at.x,
          clientY: at.y,
          button: 0,
          pointerId: 7,
          isPrimary: true,
        }),
      );
    const selected: unknown[] = [];
    el.addEventListener('alv-time-select', (e) => selected.push(e.detail));
    pointer('pointerdown', centre(3));
    pointer('pointermove', centre(2));
    pointer('pointermove', centre(1));
    await el.updateComplete;
    const brush = el.shadowRoot!.querySelector('.brush')!.getBoundingClientRect();
    const b1 = bars(el)[1]!.getBoundingClientRect();
    const b3 = bars(el)[3]!.getBoundingClientRect();
    expect(brush.left).to.be.closeTo(b1.left, 2);
    expect(brush.right).to.be.closeTo(b3.right, 2);
    pointer('pointerup', centre(1));
    expect(selected).to.deep.equal([{ from: T + MIN, to: T + 4 * MIN - 1 }]);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.brush')).to.equal(null);
  });
});

describe('alv-histogram: room', () => {
  it('folds to its header when hidden, and says so', async () => {
    const el = await mount();
    const toggle = el.shadowRoot!.querySelector<HTMLButtonElement>('[part=toggle]')!;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    const toggled = oneEvent<GlobalEventHandlersEventMap['alv-histogram-toggle']>(
      el,
      'alv-histogram-toggle',
    );
    toggle.click();
    expect((await toggled).detail).to.deep.equal({ open: false });
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(bars(el)).to.have.length(0);
    expect(el.getBoundingClientRect().height).to.be.below(32);
    await expect(el).to.be.accessible();
  });

  it('zoomed into a second: buckets of milliseconds, said so, each bar named apart', async () => {
    const ms = 40;
    const el = await mount({
      from: T,
      to: T + 2 * ms - 1,
      interval: ms,
      buckets: [0, 1].map((i) => ({
        start: T + i * ms,
        end: T + (i + 1) * ms - 1,
        total: 1,
        counts: { '2xx': 1 },
      })),
    });
    expect(text(el.shadowRoot!.querySelector('[part=note]'))).to.equal('per 40 ms');
    const [a, b] = bars(el).map((bar) => bar.getAttribute('aria-label')!);
    expect(a).to.match(/^10:00:00\.000–10:00:00\.040: 1 event/);
    expect(b).to.match(/^10:00:00\.040–10:00:00\.080: 1 event/);
    await expect(el).to.be.accessible();
  });

  it('stays compact; below 600 px the totals replace the legend above the same bars', async () => {
    const el = await mount();
    expect(el.getBoundingClientRect().height).to.be.at.most(80);
    const legend = el.shadowRoot!.querySelector<HTMLElement>('.legend')!;
    const summary = el.shadowRoot!.querySelector<HTMLElement>('.summary')!;
    expect(getComputedStyle(summary).display).to.equal('none');
    el.style.width = '360px';
    await el.updateComplete;
    expect(getComputedStyle(summary).display).not.to.equal('none');
    expect(getComputedStyle(legend).display).to.equal('none');
    expect(text(summary)).to.equal('4 4xx · 1 5xx · 1 failed of 9 events');
    // Where the header runs out of room, it is the total that is cut first (the status line
    // says it too), the errors staying whole.
    const errors = summary.querySelector<HTMLElement>('.errors')!;
    const total = summary.querySelector<HTMLElement>('.total')!;
    let cutAt: number | undefined;
    for (let width = 360; width >= 240 && cutAt === undefined; width -= 10) {
      el.style.width = `${width}px`;
      await el.updateComplete;
      if (total.scrollWidth > total.clientWidth) cutAt = width;
    }
    expect(cutAt, 'the total was never cut').not.to.equal(undefined);
    expect(errors.scrollWidth).to.be.at.most(errors.clientWidth);
    expect(errors.getBoundingClientRect().right).to.be.at.most(
      el.getBoundingClientRect().right - 12,
    );
    el.style.width = '360px';
    await el.updateComplete;
    // The toggle still shows and hides something: the bars are drawn, inside the width.
    const drawn = bars(el).filter((b) => b.getBoundingClientRect().width > 0);
    expect(drawn.length).to.be.above(0);
    const box = el.getBoundingClientRect();
    for (const b of drawn) expect(b.getBoundingClientRect().right).to.be.at.most(box.right);
    expect(box.height).to.be.above(50).and.at.most(80);
    await expect(el).to.be.accessible();

    const toggle = el.shadowRoot!.querySelector<HTMLButtonElement>('[part=toggle]')!;
    toggle.click();
    await el.updateComplete;
    expect(bars(el)).to.have.length(0);
    expect(el.getBoundingClientRect().height).to.be.below(32);
  });
});
