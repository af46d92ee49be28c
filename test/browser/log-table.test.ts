/**
 * `<alv-log-table>` in real Chromium: cell content, virtualization, load-more, the ARIA grid
 * keyboard model, the Columns menu, sorting, text-only rendering of backend strings, and
 * narrow containers.
 */
import {
  expect,
  fixture,
  fixtureCleanup,
  html,
  nextFrame,
  oneEvent,
  waitUntil,
} from '@open-wc/testing';
import { afterEach, describe, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { AuditEvent } from '../../core/model.js';
import * as S from '../../core/schema.js';
import '../../components/log-table/log-table.js';
import type { AlvLogTable } from '../../components/log-table/log-table.js';
import type { AlvEventMap } from '../../components/events.js';

const T0 = Date.UTC(2024, 10, 20, 15, 29, 58, 123); // 2024-11-20T15:29:58.123Z
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

let seq = 0;
/** A valid AuditEvent (checked against the schema), overridable per test. */
function makeEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  seq += 1;
  return S.AuditEvent.parse({
    id: `evt-${seq}`,
    timestamp: T0 - seq * 1000,
    kind: 'api-call',
    actor: { type: 'user', email: `user${seq}@example.com`, name: 'Ada Lovelace' },
    action: 'create_ticket',
    status: 'success',
    plugin: 'servicenow',
    skill: 'create_incident',
    http: {
      method: 'POST',
      url: 'https://acme.service-now.com/api/now/table/incident?sysparm_limit=1',
      statusCode: 201,
      durationMs: 840,
      attempt: 1,
    },
    traceId: TRACE,
    ...overrides,
  });
}

function makeEvents(n: number): AuditEvent[] {
  return Array.from({ length: n }, (_, i) =>
    makeEvent({ actor: { type: 'user', email: `row${i}@example.com` } }),
  );
}

interface MountOptions {
  width?: number;
  height?: number;
  attrs?: Record<string, string | boolean>;
}

/** Mounts the table in a sized container and waits for its first rows. */
async function mount(events: AuditEvent[], opts: MountOptions = {}): Promise<AlvLogTable> {
  const { width = 1000, height = 400, attrs = {} } = opts;
  const box = await fixture<HTMLDivElement>(
    html`<div style="width: ${width}px; height: ${height}px"></div>`,
  );
  const el = document.createElement('alv-log-table');
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== false) el.setAttribute(name, value === true ? '' : value);
  }
  el.events = events;
  box.append(el);
  await el.updateComplete;
  if (events.length > 0) await waitUntil(() => rows(el).length > 0, 'rows never rendered');
  await settle();
  return el;
}

const rows = (el: AlvLogTable) => [
  ...el.shadowRoot!.querySelectorAll<HTMLElement>('.body > [role="row"]'),
];
const rowIndex = (row: Element | null | undefined) => Number(row?.getAttribute('aria-rowindex'));
const headers = (el: AlvLogTable) => [
  ...el.shadowRoot!.querySelectorAll<HTMLElement>('.head [role="columnheader"]'),
];
const grid = (el: AlvLogTable) => el.shadowRoot!.querySelector<HTMLElement>('[role="grid"]')!;
/** The body row group scrolls; the header stays above it. */
const scroller = (el: AlvLogTable) => el.shadowRoot!.querySelector<HTMLElement>('.body')!;
const cell = (row: HTMLElement, col: string) => row.querySelector<HTMLElement>(`.c-${col}`)!;
const active = (el: AlvLogTable) => el.shadowRoot!.activeElement as HTMLElement | null;
const lastRendered = (el: AlvLogTable) => Math.max(...rows(el).map(rowIndex));

async function settle(frames = 3): Promise<void> {
  for (let i = 0; i < frames; i++) await nextFrame();
}

/** The next `type` event on the element, typed from the viewer's event map. */
function once<K extends keyof AlvEventMap>(el: HTMLElement, type: K): Promise<AlvEventMap[K]> {
  return oneEvent<AlvEventMap[K]>(el, type);
}

/** Counts an event on the element until `stop()` is called. */
function count(el: HTMLElement, type: keyof HTMLElementEventMap) {
  const seen: Event[] = [];
  const on = (e: Event) => seen.push(e);
  el.addEventListener(type, on);
  return { seen, stop: () => el.removeEventListener(type, on) };
}

async function scrollToEnd(el: AlvLogTable): Promise<void> {
  const g = scroller(el);
  g.scrollTop = g.scrollHeight;
  await settle(4);
  // The flow layout refines its estimates once the rows near the end are measured.
  g.scrollTop = g.scrollHeight;
  await settle(4);
}

afterEach(async () => {
  await userEvent.cleanup();
  // Fixtures left behind would pile up tables on the page.
  fixtureCleanup();
});

describe('alv-log-table: cells', () => {
  it('renders each column as text, with titles, and an accessible grid', async () => {
    const event = makeEvent({ timestamp: T0 });
    const el = await mount([event], { attrs: { 'time-zone': 'UTC' } });

    const g = grid(el);
    expect(g.getAttribute('aria-label')).to.equal('Audit log');
    expect(g.getAttribute('aria-rowcount')).to.equal('2');
    expect(g.getAttribute('aria-colcount')).to.equal('9');
    expect(headers(el).map((h) => h.textContent.trim().split(/\s/)[0])).to.deep.equal([
      'Time',
      'Actor',
      'Plugin',
      'Action',
      'Method',
      'URL',
      'Status',
      'Duration',
      'Trace',
    ]);

    const [row] = rows(el);
    expect(row!.getAttribute('aria-rowindex')).to.equal('2');
    expect(row!.getAttribute('part')).to.equal('row');
    expect(row!.querySelectorAll('[role="gridcell"][part="cell"]')).to.have.length(9);

    const time = cell(row!, 'time').querySelector('time')!;
    expect(time.textContent.replace(/\s+/g, ' ').trim()).to.equal('Nov 20 15:29:58.123');
    expect(time.title).to.equal('2024-11-20T15:29:58.123Z');

    expect(cell(row!, 'actor').textContent.trim()).to.equal(event.actor.email);
    expect(cell(row!, 'plugin').querySelector('.primary')!.textContent).to.equal('servicenow');
    // An API call's step within its plugin is the secondary text; the skill is in the title.
    const secondary = cell(row!, 'plugin').querySelector<HTMLElement>('.secondary')!;
    expect(secondary.textContent).to.equal('create_ticket');
    expect(secondary.title).to.equal('servicenow · create_ticket · create_incident');
    expect(cell(row!, 'action').textContent.trim()).to.equal(event.action);
    expect(cell(row!, 'method').textContent.trim()).to.equal('POST');

    const url = cell(row!, 'url');
    expect(url.querySelector('.host')!.textContent).to.equal('acme.service-now.com');
    expect(url.querySelector('.path')!.textContent).to.equal(
      '/api/now/table/incident?sysparm_limit=1',
    );
    expect(url.querySelector('[title]')!.getAttribute('title')).to.equal(event.http!.url);

    const status = cell(row!, 'status').querySelector<HTMLElement>('[part="status"]')!;
    expect(status.dataset.class).to.equal('2xx');
    expect(status.dataset.tone).to.equal('success');
    expect(status.textContent.replace(/\s+/g, ' ')).to.contain('201').and.contain('success');

    expect(cell(row!, 'duration').textContent.trim()).to.equal('840 ms');
    const trace = cell(row!, 'trace').querySelector('button')!;
    expect(trace.textContent.trim()).to.equal('4bf92f35…');
    expect(trace.title).to.equal(TRACE);

    await expect(el).to.be.accessible();
  });

  it('falls back sensibly and states the status class in words', async () => {
    const events = [
      makeEvent({ actor: { type: 'user', name: 'Grace Hopper' }, http: undefined }),
      makeEvent({
        actor: { type: 'api-key' },
        plugin: undefined,
        skill: undefined,
        target: { type: 'incident' },
        http: { method: 'GET', path: '/v1/audit', statusCode: 404, durationMs: 1234 },
      }),
      makeEvent({ http: { method: 'PUT', statusCode: 503, durationMs: 0.4 } }),
      makeEvent({ status: 'error', http: undefined, traceId: undefined }),
      makeEvent({ http: { method: 'GET', statusCode: 302, durationMs: 150_000 } }),
    ];
    const el = await mount(events);
    const [a, b, c, d, e] = rows(el);

    expect(cell(a!, 'actor').textContent.trim()).to.equal('Grace Hopper');
    expect(cell(b!, 'actor').textContent.trim()).to.equal('api-key');
    expect(cell(b!, 'plugin').querySelector('.primary')!.textContent).to.equal('incident');
    expect(cell(b!, 'url').querySelector('.host')!.textContent).to.equal('');
    expect(cell(b!, 'url').querySelector('.path')!.textContent).to.equal('/v1/audit');
    // Without HTTP the URL column says what happened.
    expect(cell(a!, 'url').textContent.trim()).to.equal('create_ticket');

    const statusOf = (r: HTMLElement) => cell(r, 'status').querySelector<HTMLElement>('.status')!;
    expect(statusOf(a!).dataset.class).to.equal('success');
    expect(statusOf(b!).dataset.class).to.equal('4xx');
    expect(statusOf(b!).dataset.tone).to.equal('warning');
    expect(statusOf(b!).textContent).to.contain('404').and.contain('client error');
    expect(statusOf(c!).dataset.tone).to.equal('danger');
    expect(statusOf(c!).textContent).to.contain('503').and.contain('server error');
    expect(statusOf(d!).dataset.class).to.equal('error');
    expect(statusOf(d!).textContent).to.contain('error');
    expect(statusOf(e!).dataset.tone).to.equal('redirect');
    // Tones are colours from the tokens, and they differ.
    const colour = (r: HTMLElement) => getComputedStyle(statusOf(r)).color;
    expect(new Set([a, b, c, e].map((r) => colour(r!))).size).to.equal(4);

    expect(cell(b!, 'duration').textContent.trim()).to.equal('1.2 s');
    expect(cell(c!, 'duration').textContent.trim()).to.equal('<1 ms');
    expect(cell(e!, 'duration').textContent.trim()).to.equal('2 min 30 s');
    expect(getComputedStyle(cell(b!, 'duration')).justifyContent).to.equal('flex-end');
    expect(cell(d!, 'trace').querySelector('button')).to.equal(null);

    await expect(el).to.be.accessible();
  });

  it('formats absolute times in the given time zone', async () => {
    const el = await mount([makeEvent({ timestamp: T0 })], { attrs: { 'time-zone': 'UTC' } });
    const text = () => cell(rows(el)[0]!, 'time').textContent.replace(/\s+/g, ' ').trim();
    expect(text()).to.equal('Nov 20 15:29:58.123');

    el.timeZone = 'Asia/Kolkata'; // UTC+05:30
    await el.updateComplete;
    await settle();
    expect(text()).to.equal('Nov 20 20:59:58.123');

    el.timeZone = 'America/Los_Angeles'; // UTC-08:00 in November
    await el.updateComplete;
    await settle();
    expect(text()).to.equal('Nov 20 07:29:58.123');
    await expect(el).to.be.accessible();
  });

  it('switches between absolute and relative times from the header toggle', async () => {
    const now = Date.now();
    const el = await mount([
      makeEvent({ timestamp: now - 3 * 60_000 }),
      makeEvent({ timestamp: now - 2 * 3_600_000 }),
    ]);
    const toggle = el.shadowRoot!.querySelector<HTMLButtonElement>('.c-time button.fmt')!;
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
    expect(el.getAttribute('time-format')).to.equal('absolute');

    await userEvent.click(toggle);
    await el.updateComplete;
    await settle();
    expect(el.getAttribute('time-format')).to.equal('relative');
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    const [first, second] = rows(el);
    expect(cell(first!, 'time').textContent.trim()).to.equal('3 min ago');
    expect(cell(second!, 'time').textContent.trim()).to.equal('2 h ago');
    expect(cell(first!, 'time').querySelector('time')!.title).to.equal(
      new Date(now - 3 * 60_000).toISOString(),
    );
    await expect(el).to.be.accessible();

    await userEvent.click(toggle);
    await el.updateComplete;
    expect(el.timeFormat).to.equal('absolute');
    expect(cell(rows(el)[0]!, 'time').textContent).to.match(/\d\d:\d\d:\d\d\.\d{3}/);
  });

  it('takes columns from an attribute, keeps the header when empty, shows a loading row', async () => {
    const el = await mount([], {
      attrs: { columns: 'time, status,bogus,status', loading: true, label: 'Outbound API calls' },
    });
    expect(grid(el).getAttribute('aria-label')).to.equal('Outbound API calls');
    expect(el.columns).to.deep.equal(['time', 'status']);
    expect(headers(el).map((h) => h.className)).to.deep.equal(['cell c-time', 'cell c-status']);
    expect(grid(el).getAttribute('aria-colcount')).to.equal('2');
    expect(rows(el)).to.have.length(0);
    const loading = el.shadowRoot!.querySelector('.loading')!;
    expect(loading.getAttribute('aria-rowindex')).to.equal('2');
    expect(grid(el).getAttribute('aria-rowcount')).to.equal('2');
    await expect(el).to.be.accessible();

    el.loading = false;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.loading')).to.equal(null);
    expect(grid(el).getAttribute('aria-rowcount')).to.equal('1');
    expect(headers(el)).to.have.length(2);
  });

  it('renders backend strings containing HTML as literal text', async () => {
    const payload = '<img src=x onerror="window.__alvPwned=1">';
    const el = await mount([
      makeEvent({
        actor: { type: 'user', email: payload },
        plugin: payload,
        skill: payload,
        http: { method: payload, url: payload, statusCode: 500 },
        traceId: payload,
      }),
      makeEvent({ http: { method: 'GET', url: `https://x.test/${payload}` } }),
      makeEvent({ http: undefined, action: payload }),
    ]);
    const root = el.shadowRoot!;
    expect(root.querySelectorAll('img')).to.have.length(0);
    const [a, b, c] = rows(el);
    expect(cell(a!, 'actor').textContent.trim()).to.equal(payload);
    expect(cell(a!, 'method').textContent.trim()).to.equal(payload);
    expect(cell(a!, 'url').textContent.trim()).to.equal(payload);
    expect(cell(a!, 'trace').querySelector('button')!.title).to.equal(payload);
    expect(cell(b!, 'url').querySelector('span')!.title).to.contain('<img');
    expect(cell(c!, 'url').textContent.trim()).to.equal(payload);
    await settle();
    expect((window as { __alvPwned?: number }).__alvPwned).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('marks the open row with aria-current and uses the density tokens', async () => {
    const events = makeEvents(5);
    const el = await mount(events, { attrs: { 'selected-id': events[2]!.id } });
    const selected = rows(el).filter((r) => r.getAttribute('aria-current') === 'true');
    expect(selected.map(rowIndex)).to.deep.equal([4]);
    expect(rows(el)[0]!.getBoundingClientRect().height).to.be.closeTo(32, 0.5);

    el.density = 'compact';
    await el.updateComplete;
    await settle();
    expect(el.getAttribute('density')).to.equal('compact');
    expect(rows(el)[0]!.getBoundingClientRect().height).to.be.closeTo(24, 0.5);
    await expect(el).to.be.accessible();
  });
});

describe('alv-log-table: virtualization', () => {
  it('keeps the DOM small with 10,000 events and indexes rows correctly at the end', async () => {
    const events = makeEvents(10_000);
    const el = await mount(events);
    expect(grid(el).getAttribute('aria-rowcount')).to.equal('10001');
    expect(rows(el).length).to.be.greaterThan(5).and.lessThan(100);

    await scrollToEnd(el);
    const rendered = rows(el);
    expect(rendered.length).to.be.lessThan(100);
    expect(lastRendered(el)).to.equal(10_001);
    for (const row of rendered) {
      const i = rowIndex(row) - 2;
      expect(cell(row, 'actor').textContent.trim()).to.equal(`row${i}@example.com`);
    }
    await expect(el).to.be.accessible();
  });

  it('asks for more once near the end, and again only after events grow', async () => {
    const events = makeEvents(200);
    const el = await mount(events, { attrs: { 'has-more': true } });
    const loads = count(el, 'alv-load-more');
    expect(loads.seen).to.have.length(0); // the first rows are far from the end

    await scrollToEnd(el);
    expect(loads.seen).to.have.length(1);
    scroller(el).scrollTop -= 100;
    await settle(4);
    await scrollToEnd(el);
    expect(loads.seen).to.have.length(1);

    // The page arrives while loading: nothing fires; then it grows and the end is near again.
    el.loading = true;
    await el.updateComplete;
    el.events = [...events, ...makeEvents(50)];
    await el.updateComplete;
    await scrollToEnd(el);
    expect(loads.seen).to.have.length(1);
    el.loading = false;
    await el.updateComplete;
    await settle();
    expect(loads.seen).to.have.length(2);
    loads.stop();
    await expect(el).to.be.accessible();
  });

  it('does not ask for more when has-more is false', async () => {
    const el = await mount(makeEvents(200));
    const loads = count(el, 'alv-load-more');
    await scrollToEnd(el);
    expect(lastRendered(el)).to.equal(201);
    expect(loads.seen).to.have.length(0);
    loads.stop();
    await expect(el).to.be.accessible();
  });
});

describe('alv-log-table: keyboard', () => {
  it('moves one focused row with arrows, Page keys, Home and End', async () => {
    const events = makeEvents(1000);
    const el = await mount(events);
    // One tab stop in the body.
    expect(
      rows(el)
        .filter((r) => r.tabIndex === 0)
        .map(rowIndex),
    ).to.deep.equal([2]);

    await userEvent.click(cell(rows(el)[0]!, 'actor'));
    expect(rowIndex(active(el))).to.equal(2);

    await userEvent.keyboard('{ArrowDown}');
    await waitUntil(() => rowIndex(active(el)) === 3);
    await userEvent.keyboard('{ArrowDown}{ArrowDown}{ArrowUp}');
    await waitUntil(() => rowIndex(active(el)) === 4, 'ArrowDown x2 + ArrowUp');

    const rowHeight = rows(el)[0]!.getBoundingClientRect().height;
    const page = Math.floor(scroller(el).clientHeight / rowHeight);
    await userEvent.keyboard('{PageDown}');
    await waitUntil(() => rowIndex(active(el)) === 4 + page, 'PageDown');
    await userEvent.keyboard('{PageUp}');
    await waitUntil(() => rowIndex(active(el)) === 4, 'PageUp');

    await userEvent.keyboard('{End}');
    await waitUntil(() => rowIndex(active(el)) === 1001, 'End reaches the last, unrendered row');
    expect(active(el)!.textContent).to.contain('row999@example.com');
    await userEvent.keyboard('{Home}');
    await waitUntil(() => rowIndex(active(el)) === 2, 'Home');
    await userEvent.keyboard('{Control>}{End}{/Control}');
    await waitUntil(() => rowIndex(active(el)) === 1001, 'Ctrl+End');
    expect(
      rows(el)
        .filter((r) => r.tabIndex === 0)
        .map(rowIndex),
    ).to.deep.equal([1001]);
    // The focused row is in view, below the header.
    const head = el.shadowRoot!.querySelector('.head')!.getBoundingClientRect();
    const box = scroller(el).getBoundingClientRect();
    const focused = active(el)!.getBoundingClientRect();
    expect(focused.top).to.be.at.least(head.bottom - 1);
    expect(focused.bottom).to.be.at.most(box.bottom + 1);
    await expect(el).to.be.accessible();
  });

  it('keeps the focus on its row when the table grows (an entry sheet closing below 600 px)', async () => {
    const el = await mount(makeEvents(60), { height: 90 });
    await el.focusRow(10);
    expect(rowIndex(active(el))).to.equal(12);
    // The sheet is gone: the list has its whole height again, and more rows are rendered.
    el.parentElement!.style.height = '400px';
    await waitUntil(() => rows(el).length > 12, 'the window did not grow');
    await el.updateComplete;
    const focused = el.shadowRoot!.activeElement?.closest('[role=row]');
    expect(focused?.getAttribute('aria-rowindex')).to.equal('12');
    expect(focused?.getAttribute('tabindex')).to.equal('0');
    await expect(el).to.be.accessible();
  });

  it('opens the row on Enter, closes on Escape', async () => {
    const events = makeEvents(20);
    const el = await mount(events);
    await el.focusRow(3);
    expect(rowIndex(active(el))).to.equal(5);

    const selected = once(el, 'alv-row-select');
    await userEvent.keyboard('{Enter}');
    const { detail } = await selected;
    expect(detail.id).to.equal(events[3]!.id);
    expect(detail.event).to.equal(events[3]);
    await el.updateComplete;
    expect(el.getAttribute('selected-id')).to.equal(events[3]!.id);
    expect(active(el)!.getAttribute('aria-current')).to.equal('true');

    const closed = once(el, 'alv-close');
    await userEvent.keyboard('{Escape}');
    await closed;

    // A click opens a row too.
    const clicked = once(el, 'alv-row-select');
    await userEvent.click(cell(rows(el)[6]!, 'url'));
    expect((await clicked).detail.id).to.equal(events[6]!.id);
    await expect(el).to.be.accessible();
  });

  it('is one tab stop, and the tab stop survives scrolling it out of the DOM', async () => {
    const box = await fixture<HTMLDivElement>(html`
      <div>
        <button id="before">before</button>
        <div style="height: 300px"><alv-log-table .events=${makeEvents(2000)}></alv-log-table></div>
        <button id="after">after</button>
      </div>
    `);
    const el = box.querySelector('alv-log-table')!;
    await waitUntil(() => rows(el).length > 0);
    box.querySelector<HTMLButtonElement>('#before')!.focus();

    // In reading order: the header's time-format toggle, the active row, then the Columns
    // button drawn over the header's end (it came first).
    await userEvent.tab();
    expect(active(el)!.classList.contains('fmt')).to.equal(true);
    await userEvent.tab();
    expect(rowIndex(active(el))).to.equal(2);
    await userEvent.tab();
    expect(active(el)!.localName).to.equal('alv-columns-menu');
    expect(active(el)!.shadowRoot!.activeElement!.getAttribute('part')).to.equal('button');
    await userEvent.tab();
    expect(document.activeElement!.id).to.equal('after');

    // Scroll the active row out of the DOM: the tab stop moves to the first row in view.
    scroller(el).scrollTop = 20_000;
    await settle(6);
    const stops = rows(el).filter((r) => r.tabIndex === 0);
    expect(stops).to.have.length(1);
    const top = scroller(el).getBoundingClientRect().top;
    expect(stops[0]!.getBoundingClientRect().bottom).to.be.greaterThan(top);
    expect(rowIndex(stops[0])).to.be.greaterThan(600);
    await userEvent.tab({ shift: true }); // from "after", over the Columns button
    await userEvent.tab({ shift: true });
    expect(active(el)).to.equal(stops[0]);
    await expect(el).to.be.accessible();
  });

  it('reaches cells and the trace button with ArrowRight; Enter on it selects the trace', async () => {
    const events = makeEvents(5);
    // Wide enough for the trace column (it gives way below 1,100 px).
    const el = await mount(events, { width: 1200 });
    await el.focusRow(1);
    await userEvent.keyboard('{ArrowRight}');
    await waitUntil(() => active(el)?.classList.contains('c-time') ?? false, 'first cell');
    expect(active(el)!.getAttribute('role')).to.equal('gridcell');
    await userEvent.keyboard('{End}');
    await waitUntil(() => active(el)?.classList.contains('trace') ?? false, 'trace button');
    // Down keeps the column.
    await userEvent.keyboard('{ArrowDown}');
    await waitUntil(() => rowIndex(active(el)?.closest('[role="row"]')) === 4, 'next row');
    expect(active(el)!.classList.contains('trace')).to.equal(true);

    const rowSelects = count(el, 'alv-row-select');
    const trace = once(el, 'alv-trace-select');
    await userEvent.keyboard('{Enter}');
    expect((await trace).detail.traceId).to.equal(TRACE);
    await settle();
    expect(rowSelects.seen).to.have.length(0);

    await userEvent.keyboard('{Home}{ArrowLeft}');
    await waitUntil(() => active(el)?.getAttribute('role') === 'row', 'back to the row');
    rowSelects.stop();
    await expect(el).to.be.accessible();
  });

  it('scrollToId brings an unrendered row into view and gives it the tab stop', async () => {
    const events = makeEvents(3000);
    const el = await mount(events);
    expect(await el.scrollToId('nope')).to.equal(false);
    expect(await el.scrollToId(events[2500]!.id)).to.equal(true);
    const row = rows(el).find((r) => rowIndex(r) === 2502)!;
    expect(row.tabIndex).to.equal(0);
    const box = scroller(el).getBoundingClientRect();
    expect(row.getBoundingClientRect().top).to.be.at.least(box.top - 1);
    expect(row.getBoundingClientRect().bottom).to.be.at.most(box.bottom + 1);
    await expect(el).to.be.accessible();
  });
});

describe('alv-log-table: trace button', () => {
  it('emits alv-trace-select with the full id and does not open the row', async () => {
    const el = await mount(makeEvents(3), { width: 1200 });
    const rowSelects = count(el, 'alv-row-select');
    const trace = once(el, 'alv-trace-select');
    await userEvent.click(cell(rows(el)[1]!, 'trace').querySelector('button')!);
    expect((await trace).detail.traceId).to.equal(TRACE);
    await settle();
    expect(rowSelects.seen).to.have.length(0);
    expect(el.hasAttribute('selected-id')).to.equal(false);
    rowSelects.stop();
    await expect(el).to.be.accessible();
  });
});

describe('alv-log-table: columns menu', () => {
  // The menu is its own element (alv-columns-menu) inside the table's shadow root.
  const menuRoot = (el: AlvLogTable) =>
    el.shadowRoot!.querySelector('alv-columns-menu')!.shadowRoot!;
  const menuButton = (el: AlvLogTable) =>
    menuRoot(el).querySelector<HTMLButtonElement>('[part="button"]')!;
  const menu = (el: AlvLogTable) => menuRoot(el).querySelector<HTMLElement>('[role="menu"]');
  const focused = (el: AlvLogTable) => menuRoot(el).activeElement as HTMLElement | null;
  const menuClosed = (el: AlvLogTable) => waitUntil(() => menu(el) === null, 'menu closed');
  const item = (el: AlvLogTable, col: string, action = 'toggle') =>
    menu(el)!.querySelector<HTMLElement>(`[data-col="${col}"][data-action="${action}"]`)!;

  it('hides a column by pointer', async () => {
    const el = await mount(makeEvents(3));
    expect(menuButton(el).getAttribute('aria-expanded')).to.equal('false');
    await userEvent.click(menuButton(el));
    await waitUntil(() => menu(el) !== null, 'menu open');
    expect(menuButton(el).getAttribute('aria-expanded')).to.equal('true');
    // The table's part names still reach the button and the menu from outside.
    expect(menuButton(el).getAttribute('part')).to.equal('button');
    expect(el.shadowRoot!.querySelector('alv-columns-menu')!.getAttribute('exportparts')).to.equal(
      'button: columns-button, menu: columns-menu',
    );
    const checks = menu(el)!.querySelectorAll('[role="menuitemcheckbox"]');
    expect(checks).to.have.length(9);
    expect(item(el, 'duration').getAttribute('aria-checked')).to.equal('true');
    await expect(el).to.be.accessible();

    const changed = once(el, 'alv-columns-change');
    await userEvent.click(item(el, 'duration'));
    const { detail } = await changed;
    expect(detail.columns).to.deep.equal([
      'time',
      'actor',
      'plugin',
      'action',
      'method',
      'url',
      'status',
      'trace',
    ]);
    await el.updateComplete;
    await settle();
    expect(grid(el).getAttribute('aria-colcount')).to.equal('8');
    expect(el.shadowRoot!.querySelectorAll('.c-duration')).to.have.length(0);
    expect(item(el, 'duration').getAttribute('aria-checked')).to.equal('false');

    // A click outside closes it.
    await userEvent.click(cell(rows(el)[0]!, 'actor'));
    await menuClosed(el);
  });

  it('says which ticked columns the table has no room for at its width', async () => {
    // 1,000 px: the table drops Trace ID (below 1,100 px) but keeps the rest.
    const el = await mount(makeEvents(3));
    expect(cell(rows(el)[0]!, 'trace').checkVisibility()).to.equal(false);
    await userEvent.click(menuButton(el));
    await waitUntil(() => menu(el) !== null, 'menu open');
    expect(item(el, 'trace').getAttribute('aria-checked')).to.equal('true');
    expect(item(el, 'trace').textContent).to.contain('(no room at this width)');
    expect(item(el, 'actor').textContent).not.to.contain('no room');
    await expect(el).to.be.accessible();
    // Wider while it is open: Trace is there, and the menu says so at once.
    el.parentElement!.style.width = '1200px';
    await waitUntil(() => cell(rows(el)[0]!, 'trace').checkVisibility(), 'no Trace at 1,200 px');
    await waitUntil(
      () => !item(el, 'trace').textContent?.includes('no room'),
      'the open menu kept its old note',
    );
    await userEvent.keyboard('{Escape}');
    await menuClosed(el);
    // As cards (360 px): the duration is not on a card, the action is (the plugin's step).
    el.parentElement!.style.width = '360px';
    await waitUntil(() => !cell(rows(el)[0]!, 'duration').checkVisibility(), 'no cards');
    await userEvent.click(menuButton(el));
    await waitUntil(() => menu(el) !== null, 'menu open as cards');
    expect(item(el, 'duration').textContent).to.contain('(no room at this width)');
    expect(item(el, 'action').textContent).not.to.contain('no room');
  });

  it('is operable from the keyboard: open, move, toggle, Escape', async () => {
    const el = await mount(makeEvents(3));
    const closes = count(el, 'alv-close');
    menuButton(el).focus();
    await userEvent.keyboard('{ArrowDown}');
    await waitUntil(() => focused(el) === item(el, 'time'), 'first item focused');
    expect(focused(el)!.getAttribute('role')).to.equal('menuitemcheckbox');

    // time [toggle, left, right] -> "Move Time right".
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    expect(focused(el)!.getAttribute('aria-label')).to.equal('Move Time right');
    const moved = once(el, 'alv-columns-change');
    await userEvent.keyboard('{Enter}');
    expect((await moved).detail.columns.slice(0, 2)).to.deep.equal(['actor', 'time']);
    await el.updateComplete;
    expect(headers(el).map((h) => h.className.split(' ')[1])).to.include.ordered.members([
      'c-actor',
      'c-time',
    ]);
    expect(focused(el)).to.equal(item(el, 'time', 'right'));

    await userEvent.keyboard('{End}');
    expect(focused(el)).to.equal(item(el, 'trace', 'right'));
    await userEvent.keyboard('{ArrowUp}{ArrowUp}');
    expect(focused(el)).to.equal(item(el, 'trace'));
    const hidden = once(el, 'alv-columns-change');
    await userEvent.keyboard(' ');
    expect((await hidden).detail.columns).not.to.include('trace');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('.c-trace')).to.have.length(0);
    expect(focused(el)).to.equal(item(el, 'trace'));
    expect(focused(el)!.getAttribute('aria-checked')).to.equal('false');
    await expect(el).to.be.accessible();

    await userEvent.keyboard('{Escape}');
    await menuClosed(el);
    expect(focused(el)).to.equal(menuButton(el));
    expect(closes.seen).to.have.length(0); // the menu's Escape is its own
    closes.stop();
  });
});

describe('alv-log-table: sorting', () => {
  it('does not sort from the header unless sortable', async () => {
    const el = await mount(makeEvents(3));
    const sorts = count(el, 'alv-sort-change');
    const timeHeader = headers(el)[0]!;
    expect(timeHeader.getAttribute('aria-sort')).to.equal('descending');
    expect(timeHeader.querySelector('.sort')).to.equal(null);
    await userEvent.click(timeHeader.querySelector('span')!);
    await settle();
    expect(sorts.seen).to.have.length(0);
    expect(el.sort).to.equal('desc');
    sorts.stop();
    await expect(el).to.be.accessible();
  });

  it('toggles the order from the time header when sortable', async () => {
    const el = await mount(makeEvents(3), { attrs: { sortable: true } });
    const timeHeader = headers(el)[0]!;
    const changed = once(el, 'alv-sort-change');
    await userEvent.click(timeHeader.querySelector('.sort')!);
    expect((await changed).detail.sort).to.equal('asc');
    await el.updateComplete;
    expect(el.getAttribute('sort')).to.equal('asc');
    expect(timeHeader.getAttribute('aria-sort')).to.equal('ascending');
    await expect(el).to.be.accessible();

    const back = once(el, 'alv-sort-change');
    await userEvent.click(timeHeader.querySelector('.sort')!);
    expect((await back).detail.sort).to.equal('desc');
  });
});

describe('alv-log-table: huge strings', () => {
  it('lays out a line of a 100,000-character URL, actor and action, not the whole string', async () => {
    const path = `/${'p'.repeat(100_000)}`;
    const el = await mount([
      makeEvent({
        actor: { type: 'user', email: `${'e'.repeat(100_000)}@x.example` },
        action: 'a'.repeat(100_000),
        http: { method: 'GET', url: `https://x.example${path}`, statusCode: 200 },
      }),
    ]);
    const row = rows(el)[0]!;
    const lengths = ['actor', 'action'].map((c) => cell(row, c).textContent.trim().length);
    for (const n of lengths) expect(n).to.be.within(2, 301);
    expect(cell(row, 'url').querySelector('.path')!.textContent).to.equal(`${path.slice(0, 300)}…`);
    // The titles say more, still not 100,000 characters.
    expect(cell(row, 'url').querySelector<HTMLElement>('.path')!.title).to.have.length(2001);
    await expect(el).to.be.accessible();
  });
});

describe('alv-log-table: narrow container', () => {
  it('shows an outcome without a status code ("✓ success") whole at 360px', async () => {
    const el = await mount([makeEvent({ http: undefined })], { width: 360, height: 200 });
    const status = cell(rows(el)[0]!, 'status');
    expect(status.textContent.trim()).to.equal('success');
    expect(status.scrollWidth).to.be.at.most(status.clientWidth);
    await expect(el).to.be.accessible();
  });

  it('shows each row as a two-line card at 360px: when, status, call; then who and where', async () => {
    const events = makeEvents(50);
    const el = await mount(events, { width: 360, height: 400, attrs: { 'time-zone': 'UTC' } });
    const row = rows(el)[0]!;
    const box = (col: string) => cell(row, col).getBoundingClientRect();
    // First line: date and time, status, method, plugin with the step.
    const line1 = box('time').top;
    for (const col of ['status', 'method', 'plugin']) expect(box(col).top, col).to.equal(line1);
    expect(box('time').left).to.be.below(box('status').left);
    expect(box('status').left).to.be.below(box('method').left);
    expect(box('method').left).to.be.below(box('plugin').left);
    // Second line: actor, then the URL's path.
    const line2 = box('actor').top;
    expect(line2).to.be.at.least(box('time').bottom);
    expect(box('url').top).to.equal(line2);
    expect(box('actor').left).to.be.below(box('url').left);
    const iso = new Date(events[0]!.timestamp).toISOString(); // 2024-11-20T…Z
    expect(cell(row, 'time').innerText).to.equal(`Nov 20 ${iso.slice(11, 19)}`);
    expect(cell(row, 'time').querySelector('time')!.title).to.equal(iso);
    expect(cell(row, 'status').innerText).to.contain('201');
    expect(cell(row, 'method').innerText).to.equal('POST');
    // The call's step leads the plugin cell (it tells a trace's calls apart), whole.
    const step = cell(row, 'plugin').querySelector<HTMLElement>('.step')!;
    const plugin = cell(row, 'plugin').querySelector<HTMLElement>('.primary')!;
    expect(step.textContent).to.equal('create_ticket');
    expect(step.getBoundingClientRect().left).to.be.below(plugin.getBoundingClientRect().left);
    expect(step.getBoundingClientRect().top).to.equal(line1);
    expect(step.scrollWidth).to.be.at.most(step.clientWidth);
    expect(cell(row, 'actor').innerText).to.equal('row0@example.com');
    expect(cell(row, 'url').innerText).to.equal('/api/now/table/incident?sysparm_limit=1');
    for (const col of ['time', 'status', 'method', 'actor']) {
      expect(cell(row, col).scrollWidth, `${col} is whole`).to.be.at.most(
        cell(row, col).clientWidth,
      );
    }
    for (const col of ['trace', 'duration', 'action'])
      expect(cell(row, col).offsetWidth, col).to.equal(0);
    // Cards stack without gaps or overlaps, taller than a table row, and nothing scrolls sideways.
    const [a, b] = rows(el).map((r) => r.getBoundingClientRect());
    expect(b!.top).to.be.closeTo(a!.bottom, 0.5);
    const head = el.shadowRoot!.querySelector<HTMLElement>('.head .row')!;
    expect(a!.height).to.be.above(1.5 * head.getBoundingClientRect().height);
    expect(scroller(el).scrollWidth).to.be.at.most(scroller(el).clientWidth);
    // The header keeps only the time column's controls.
    expect(
      headers(el)
        .filter((h) => h.offsetWidth > 0)
        .map((h) => h.className),
    ).to.deep.equal(['cell c-time']);

    // Cell navigation goes in reading order, line by line, and skips the hidden cells.
    await el.focusRow(0);
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      await userEvent.keyboard('{ArrowRight}');
      await waitUntil(() => active(el)?.getAttribute('role') === 'gridcell', 'a cell has focus');
      order.push([...active(el)!.classList].find((c) => c.startsWith('c-'))!);
    }
    expect(order).to.deep.equal(['c-time', 'c-status', 'c-method', 'c-plugin', 'c-actor', 'c-url']);
    await userEvent.keyboard('{ArrowDown}');
    await waitUntil(() => active(el)?.closest('[role="row"]') === rows(el)[1], 'next card');
    await expect(el).to.be.accessible();
  });

  it('keeps a card without a plugin column on its two lines: the action is cut with an ellipsis', async () => {
    // The plain-HTML example's columns, compact, at 360 px: the action stands in for the plugin.
    const events = ['search tickets in the service desk queue', 'add group member'].map(
      (action, i) =>
        makeEvent({
          id: `e${i}`,
          action,
          actor: { type: 'user', email: `row${i}@example.com` },
          http: { method: 'PATCH', url: 'https://x.example/a', statusCode: 200, durationMs: 5 },
        }),
    );
    const el = await mount(events, {
      width: 360,
      height: 400,
      attrs: { density: 'compact', 'time-zone': 'UTC' },
    });
    el.columns = ['time', 'actor', 'action', 'method', 'status', 'duration'];
    await el.updateComplete;
    for (const row of rows(el)) {
      const r = row.getBoundingClientRect();
      const action = cell(row, 'action');
      const a = action.getBoundingClientRect();
      expect(a.width, 'action shown').to.be.above(0);
      expect(a.top, 'action on the first line').to.equal(
        cell(row, 'time').getBoundingClientRect().top,
      );
      expect(cell(row, 'actor').getBoundingClientRect().bottom, 'inside its card').to.be.at.most(
        r.bottom + 0.5,
      );
      // Cut at the end with an ellipsis (a block: a flex box drops text-overflow), one line.
      const style = getComputedStyle(action);
      expect([style.display, style.textOverflow, style.whiteSpace]).to.deep.equal([
        'block',
        'ellipsis',
        'nowrap',
      ]);
      expect(action.scrollWidth).to.be.above(action.clientWidth);
    }
    await expect(el).to.be.accessible();
  });

  it('turns rows into cards and back as its own width crosses 600px, keeping the row in view', async () => {
    const el = await mount(makeEvents(2000), { width: 800, height: 400 });
    const box = el.parentElement!;
    const rowHeight = () => rows(el)[0]!.getBoundingClientRect().height;
    const wide = rowHeight();
    await el.scrollToId(el.events[1000]!.id);
    await settle();
    const inView = () => {
      const view = scroller(el).getBoundingClientRect();
      const row = rows(el).find((r) => r.dataset.index === '1000');
      const r = row?.getBoundingClientRect();
      return !!r && r.top >= view.top - 1 && r.bottom <= view.bottom + 1;
    };
    expect(inView()).to.equal(true);

    box.style.width = '360px';
    await waitUntil(() => rowHeight() > 1.5 * wide, 'rows became cards');
    await settle();
    expect(inView(), 'the row read before stays in view').to.equal(true);
    // The rows rendered fill the body: no blank band under the last card.
    const view = scroller(el).getBoundingClientRect();
    const last = rows(el).at(-1)!.getBoundingClientRect();
    expect(last.bottom).to.be.at.least(view.bottom);
    // Scrolling to the end still reaches the last event.
    await scrollToEnd(el);
    expect(lastRendered(el)).to.equal(2001);

    box.style.width = '800px';
    await waitUntil(() => rowHeight() === wide, 'rows are table rows again');
    await expect(el).to.be.accessible();
  });
});

describe('alv-log-table: picking rows (multi-select)', () => {
  const picked = (el: AlvLogTable) =>
    rows(el)
      .filter((r) => r.getAttribute('aria-selected') === 'true')
      .map(rowIndex);
  const rowOf = (el: AlvLogTable, i: number) => rows(el).find((r) => rowIndex(r) === i + 2) ?? null;

  it('Ctrl-click toggles a row, Shift-click picks the range from the anchor; neither opens it', async () => {
    const events = makeEvents(20);
    const el = await mount(events);
    expect(grid(el).getAttribute('aria-multiselectable')).to.equal('true');
    expect(picked(el)).to.deep.equal([]);
    expect(rowOf(el, 0)!.getAttribute('aria-selected')).to.equal('false');
    const opened = count(el, 'alv-row-select');

    let change = once(el, 'alv-selection-change');
    await userEvent.click(cell(rowOf(el, 2)!, 'url'), { modifiers: ['Control'] });
    expect((await change).detail.ids).to.deep.equal([events[2]!.id]);
    await el.updateComplete;
    expect(picked(el)).to.deep.equal([4]);
    expect(el.selection).to.deep.equal([events[2]!.id]);

    // The anchor is the row just toggled: Shift-click picks 2..5 and keeps it.
    change = once(el, 'alv-selection-change');
    await userEvent.click(cell(rowOf(el, 5)!, 'url'), { modifiers: ['Shift'] });
    expect((await change).detail.ids).to.deep.equal([2, 3, 4, 5].map((i) => events[i]!.id));
    await el.updateComplete;
    expect(picked(el)).to.deep.equal([4, 5, 6, 7]);

    // Ctrl-click on a picked row unpicks it; the ids stay in list order.
    change = once(el, 'alv-selection-change');
    await userEvent.click(cell(rowOf(el, 3)!, 'url'), { modifiers: ['Control'] });
    expect((await change).detail.ids).to.deep.equal([2, 4, 5].map((i) => events[i]!.id));
    await el.updateComplete;
    expect(picked(el)).to.deep.equal([4, 6, 7]);
    expect(opened.seen).to.have.length(0);
    opened.stop();

    // A plain click still opens the row, which is current, not picked.
    const select = once(el, 'alv-row-select');
    await userEvent.click(cell(rowOf(el, 9)!, 'url'));
    expect((await select).detail.id).to.equal(events[9]!.id);
    await el.updateComplete;
    expect(rowOf(el, 9)!.getAttribute('aria-current')).to.equal('true');
    expect(rowOf(el, 9)!.getAttribute('aria-selected')).to.equal('false');
    expect(picked(el)).to.deep.equal([4, 6, 7]);
    // No text was selected by the Shift-click.
    expect(getSelection()?.toString() ?? '').to.equal('');
    await expect(el).to.be.accessible();
  });

  it('Space toggles the focused row, Shift+Arrow extends, Escape unpicks all before closing', async () => {
    const events = makeEvents(20);
    const el = await mount(events);
    await el.focusRow(1);

    let change = once(el, 'alv-selection-change');
    await userEvent.keyboard(' ');
    expect((await change).detail.ids).to.deep.equal([events[1]!.id]);
    await el.updateComplete;
    expect(active(el)!.getAttribute('aria-selected')).to.equal('true');
    // Space did not scroll the body.
    expect(scroller(el).scrollTop).to.equal(0);

    change = once(el, 'alv-selection-change');
    await userEvent.keyboard(' ');
    expect((await change).detail.ids).to.deep.equal([]);
    await el.updateComplete;
    expect(picked(el)).to.deep.equal([]);

    // Space on row 1 anchors; Shift+Down twice picks 1..3 and moves the focus with it.
    await userEvent.keyboard(' ');
    await userEvent.keyboard('{Shift>}{ArrowDown}{ArrowDown}{/Shift}');
    await waitUntil(() => rowIndex(active(el)) === 5, 'focus on row 3');
    expect(el.selection).to.deep.equal([1, 2, 3].map((i) => events[i]!.id));
    expect(picked(el)).to.deep.equal([3, 4, 5]);

    // Shift+Space picks from the anchor to the focused row.
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    await waitUntil(() => rowIndex(active(el)) === 7, 'focus on row 5');
    await userEvent.keyboard('{Shift>} {/Shift}');
    await el.updateComplete;
    expect(el.selection).to.deep.equal([1, 2, 3, 4, 5].map((i) => events[i]!.id));

    // The first Escape unpicks (and does not close); the second closes.
    const closes = count(el, 'alv-close');
    change = once(el, 'alv-selection-change');
    await userEvent.keyboard('{Escape}');
    expect((await change).detail.ids).to.deep.equal([]);
    expect(closes.seen).to.have.length(0);
    const closed = once(el, 'alv-close');
    await userEvent.keyboard('{Escape}');
    await closed;
    closes.stop();
    await el.updateComplete;
    expect(picked(el)).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('keeps picks by id through scrolling 10,000 rows (recycled elements) and new pages', async () => {
    const events = makeEvents(10_000);
    const el = await mount(events);
    await userEvent.click(cell(rowOf(el, 1)!, 'url'), { modifiers: ['Control'] });
    await userEvent.click(cell(rowOf(el, 3)!, 'url'), { modifiers: ['Control'] });
    await el.updateComplete;
    expect(picked(el)).to.deep.equal([3, 5]);

    // Far down, the same elements show other rows: none of them is picked.
    await scrollToEnd(el);
    await waitUntil(() => lastRendered(el) === 10_001, 'end rendered');
    expect(picked(el)).to.deep.equal([]);
    const change = once(el, 'alv-selection-change');
    await userEvent.click(cell(rowOf(el, 9_998)!, 'url'), { modifiers: ['Control'] });
    await change;
    await el.updateComplete;
    expect(picked(el)).to.deep.equal([10_000]);

    // A new page keeps every pick.
    const changes = count(el, 'alv-selection-change');
    el.events = [...events, ...makeEvents(100)];
    await el.updateComplete;
    expect(el.selection).to.deep.equal([1, 3, 9_998].map((i) => events[i]!.id));

    // Back at the top, rows 1 and 3 are picked again, rendered from the ids.
    scroller(el).scrollTop = 0;
    await waitUntil(() => rows(el).some((r) => rowIndex(r) === 2), 'top rendered');
    await settle();
    expect(picked(el)).to.deep.equal([3, 5]);
    expect(changes.seen).to.have.length(0);
    changes.stop();

    // A new list (another query) drops the picks it does not hold, and says so.
    const dropped = once(el, 'alv-selection-change');
    el.events = events.slice(2, 50);
    const { detail } = await dropped;
    expect(detail.ids).to.deep.equal([events[3]!.id]);
    expect(el.selection).to.deep.equal([events[3]!.id]);
    await el.updateComplete;
    await settle();
    expect(picked(el)).to.deep.equal([3]);
    await expect(el).to.be.accessible();
  });

  it('renders picks set from outside, and the open row and a picked one are told apart', async () => {
    const events = makeEvents(10);
    const el = await mount(events, { attrs: { 'selected-id': events[0]!.id } });
    el.selection = [events[0]!.id, events[2]!.id];
    await el.updateComplete;
    expect(picked(el)).to.deep.equal([2, 4]);
    const open = getComputedStyle(rowOf(el, 0)!);
    const pick = getComputedStyle(rowOf(el, 2)!);
    const plain = getComputedStyle(rowOf(el, 4)!);
    // Both picked rows carry the accent bar; the plain one has none.
    expect(pick.boxShadow).to.contain('inset');
    expect(open.boxShadow).to.contain('inset');
    expect(plain.boxShadow).to.equal('none');
    expect(pick.backgroundColor).to.not.equal(plain.backgroundColor);
    expect(open.backgroundColor).to.not.equal(pick.backgroundColor);
    await expect(el).to.be.accessible();
  });
});
