/**
 * `<alv-filter-bar>` in real Chromium: controls and query text kept in sync both ways,
 * debouncing, presets, validation, suggestions (and never for trace IDs), capability hints.
 */
import { aTimeout, expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import { page, userEvent } from 'vitest/browser';
import { afterEach, describe, it } from 'vitest';
import '../../components/filter-bar/filter-bar.js';
import type { AlvFilterBar, SuggestFunction } from '../../components/filter-bar/filter-bar.js';
import type { Filters } from '../../core/model.js';
import type { Capabilities, FacetField, FacetValue } from '../../core/sources/types.js';

afterEach(() => fixtureCleanup());

const part = <T extends Element = HTMLInputElement>(el: AlvFilterBar, selector: string): T => {
  const found = el.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
};

/** Every `alv-filter-change` the element emits, in order. */
function record(el: AlvFilterBar): Filters[] {
  const seen: Filters[] = [];
  el.addEventListener('alv-filter-change', (e) => seen.push(e.detail.filters));
  return seen;
}

/** Types into an input like a user: focus, then real key presses. */
async function typeInto(input: HTMLInputElement, text: string): Promise<void> {
  input.focus();
  await userEvent.keyboard(text);
}

/** Sets an input's value in one go (as a paste or autofill would) and fires `input`. */
function setValue(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

async function mount(
  options: {
    filters?: Filters;
    debounce?: number;
    suggest?: SuggestFunction;
    capabilities?: Capabilities;
    planFilters?: AlvFilterBar['planFilters'];
  } = {},
): Promise<AlvFilterBar> {
  const el = await fixture<AlvFilterBar>(
    html`<alv-filter-bar
      debounce=${options.debounce ?? 150}
      .filters=${options.filters ?? {}}
      .suggest=${options.suggest}
      .capabilities=${options.capabilities}
      .planFilters=${options.planFilters}
    ></alv-filter-bar>`,
  );
  return el;
}

interface SuggestCall {
  field: FacetField;
  prefix: string;
  signal: AbortSignal;
  resolve: (values: FacetValue[]) => void;
}

/** A `suggest` whose answers the test releases one by one. */
function stubSuggest(): { suggest: SuggestFunction; calls: SuggestCall[] } {
  const calls: SuggestCall[] = [];
  const suggest: SuggestFunction = (field, prefix, signal) =>
    new Promise<FacetValue[]>((resolve) => calls.push({ field, prefix, signal, resolve }));
  return { suggest, calls };
}

const capabilities = (serverFilters: Capabilities['serverFilters']): Capabilities => ({
  serverFilters,
  pagination: 'page',
  maxPageSize: 10,
  auth: { header: 'Authorization', scheme: 'Bearer' },
  sortOrders: ['desc'],
  detail: true,
  facets: false,
  histogram: false,
  stream: false,
});

describe('alv-filter-bar: controls and query text', () => {
  it('rewrites the query text from the controls (the admin walkthrough)', async () => {
    const el = await mount();
    const events = record(el);
    await typeInto(part(el, '#actor'), 'vpawar@moveworks.ai');
    await typeInto(part(el, '#plugin'), 'create ticket');
    await typeInto(part(el, '#status'), '201');
    await el.updateComplete;
    expect(part(el, '#query').value).to.equal(
      'user:vpawar@moveworks.ai plugin:"create ticket" status:201',
    );
    // Leaving a field applies it at once; the last event carries everything.
    await waitUntil(() => events.at(-1)?.status === '201');
    expect(events.at(-1)).to.deep.equal({
      actor: 'vpawar@moveworks.ai',
      plugin: 'create ticket',
      status: '201',
    });
    await expect(el).to.be.accessible();
  });

  it('updates the controls from the query text and emits its filters', async () => {
    const el = await mount();
    const events = record(el);
    await typeInto(
      part(el, '#query'),
      'user:jane@example.com plugin:"create ticket" method:post status:>=400 last:24h timeout',
    );
    await waitUntil(() => events.length === 1);
    expect(events[0]).to.deep.equal({
      actor: 'jane@example.com',
      plugin: 'create ticket',
      method: 'POST',
      status: '>=400',
      time: { type: 'relative', last: '24h' },
      q: 'timeout',
    });
    expect(part(el, '#actor').value).to.equal('jane@example.com');
    expect(part(el, '#plugin').value).to.equal('create ticket');
    expect(part<HTMLSelectElement>(el, '#method').value).to.equal('POST');
    expect(part(el, '#status').value).to.equal('>=400');
    expect(part<HTMLSelectElement>(el, '#time').value).to.equal('24h');
    expect(part(el, '#text').value).to.equal('timeout');
    await expect(el).to.be.accessible();
  });

  it('keeps invalid text as typed, marks the error spans and emits only the valid filters', async () => {
    const el = await mount();
    const events = record(el);
    const query = part(el, '#query');
    const typed = 'USER:jane@example.com   stauts:201 status:abc plugin:itsm';
    await typeInto(query, typed);
    // (The debounced emit, after typing 57 keys: more than a second on a busy machine.)
    await waitUntil(() => events.length === 1, 'no filter change emitted', { timeout: 5000 });
    await el.updateComplete;
    expect(query.value).to.equal(typed);
    expect(events[0]).to.deep.equal({ actor: 'jane@example.com', plugin: 'itsm' });
    const marked = [...el.shadowRoot!.querySelectorAll('.mirror .error-span')].map(
      (s) => s.textContent,
    );
    expect(marked).to.deep.equal(['stauts:201', 'status:abc']);
    expect(query.getAttribute('aria-invalid')).to.equal('true');
    const status = part<HTMLElement>(el, `#${query.getAttribute('aria-describedby')!}`);
    expect(status.getAttribute('role')).to.equal('status');
    expect(status.textContent).to.contain('Unknown qualifier "stauts:"');
    expect(status.textContent).to.contain('status:');
    await expect(el).to.be.accessible();
  });

  it('does not underline the token being typed until typing pauses', async () => {
    const el = await mount({ debounce: 150 });
    const query = part(el, '#query');
    await typeInto(query, 'plugin:');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('.mirror .error-span')).to.have.length(0);
    await waitUntil(() => el.shadowRoot!.querySelectorAll('.mirror .error-span').length === 1);
    expect(part<HTMLElement>(el, '#query-status').textContent).to.contain('needs a value');
  });

  it('shows an excluded user as the address with "≠" pressed, which toggles the exclusion', async () => {
    const el = await mount({ filters: { actor: '!priya@acme.example' } });
    el.addEventListener('alv-filter-change', (e) => (el.filters = e.detail.filters));
    const events = record(el);
    const actor = part(el, '#actor');
    const toggle = () => part<HTMLButtonElement>(el, '#actor ~ .exclude');
    expect(actor.value).to.equal('priya@acme.example');
    expect(toggle().getAttribute('aria-pressed')).to.equal('true');
    expect(toggle().getAttribute('aria-label')).to.equal('Exclude this user');
    expect(part(el, '#query').value).to.equal('-user:priya@acme.example');
    await expect(el).to.be.accessible();

    toggle().click();
    await waitUntil(() => events.length === 1);
    expect(events[0]).to.deep.equal({ actor: 'priya@acme.example' });
    await el.updateComplete;
    expect(toggle().getAttribute('aria-pressed')).to.equal('false');
    expect(part(el, '#query').value).to.equal('user:priya@acme.example');

    toggle().click();
    await waitUntil(() => events.length === 2);
    expect(events[1]).to.deep.equal({ actor: '!priya@acme.example' });
    // Editing the address of an excluded user keeps it excluded; emptying the field drops both.
    setValue(actor, 'liam@acme.example');
    await waitUntil(() => events.length === 3);
    expect(events[2]).to.deep.equal({ actor: '!liam@acme.example' });
    setValue(actor, '');
    await waitUntil(() => events.length === 4);
    expect(events[3]).to.deep.equal({});
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('#actor ~ .exclude')).to.equal(null);
  });

  it('shows filters set from outside, and an echo does not disturb typing', async () => {
    const el = await mount({ filters: { traceId: '4bf92f3577b34da6', status: '!2xx' } });
    const query = part(el, '#query');
    expect(query.value).to.equal('-status:2xx trace:4bf92f3577b34da6');
    expect(part(el, '#trace').value).to.equal('4bf92f3577b34da6');
    expect(part(el, '#status').value).to.equal('!2xx');

    const events = record(el);
    // The host echoes every change back as `.filters`, as a root element would.
    el.addEventListener('alv-filter-change', (e) => (el.filters = e.detail.filters));
    query.focus();
    query.setSelectionRange(query.value.length, query.value.length);
    await userEvent.keyboard(' err');
    await waitUntil(() => events.length === 1);
    await userEvent.keyboard('or  ');
    await el.updateComplete;
    expect(query.value).to.equal('-status:2xx trace:4bf92f3577b34da6 error  ');
    await expect(el).to.be.accessible();
  });
});

describe('alv-filter-bar: when it emits', () => {
  it('debounces fast keystrokes into one event', async () => {
    const el = await mount({ debounce: 250 });
    const events = record(el);
    await typeInto(part(el, '#actor'), 'jane@example.com');
    expect(events).to.have.length(0);
    await waitUntil(() => events.length > 0);
    await aTimeout(300);
    expect(events).to.deep.equal([{ actor: 'jane@example.com' }]);
    await expect(el).to.be.accessible();
  });

  it('debounces several input events fired within the window', async () => {
    const el = await mount({ debounce: 100 });
    const events = record(el);
    const query = part(el, '#query');
    for (const text of ['s', 'st', 'sta', 'status:', 'status:5', 'status:5xx'])
      setValue(query, text);
    await aTimeout(50);
    expect(events).to.have.length(0);
    await aTimeout(120);
    expect(events).to.deep.equal([{ status: '5xx' }]);
  });

  it('does not emit when the filters did not change', async () => {
    const el = await mount({ filters: { status: '201' } });
    const events = record(el);
    const query = part(el, '#query');
    await typeInto(query, '   ');
    setValue(query, 'status:201   ');
    query.blur();
    await aTimeout(60);
    part<HTMLButtonElement>(el, '.chip:nth-of-type(1)').click(); // 2xx
    part<HTMLButtonElement>(el, '.chip:nth-of-type(1)').click(); // off again
    await aTimeout(200);
    expect(events).to.deep.equal([{ status: '2xx' }, {}]);
  });

  it('applies a time preset at once, with the right relative range', async () => {
    const el = await mount({ debounce: 10_000 });
    const events = record(el);
    const time = part<HTMLSelectElement>(el, '#time');
    expect([...time.options].map((o) => o.textContent?.trim())).to.deep.equal([
      'Any time',
      'Last 15 minutes',
      'Last hour',
      'Last 24 hours',
      'Last 7 days',
      'Custom…',
    ]);
    await userEvent.selectOptions(time, '1h');
    expect(events).to.deep.equal([{ time: { type: 'relative', last: '1h' } }]);
    await userEvent.selectOptions(time, '7d');
    expect(events.at(-1)).to.deep.equal({ time: { type: 'relative', last: '7d' } });
    await el.updateComplete;
    expect(part(el, '#query').value).to.equal('last:7d');
    await expect(el).to.be.accessible();
  });

  it('applies the method select and status chips at once', async () => {
    const el = await mount({ debounce: 10_000 });
    const events = record(el);
    await userEvent.selectOptions(part<HTMLSelectElement>(el, '#method'), 'POST');
    expect(events.at(-1)).to.deep.equal({ method: 'POST' });
    const chips = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.chip')];
    expect(chips.map((c) => c.textContent?.trim())).to.deep.equal(['2xx', '4xx', '5xx']);
    await userEvent.click(chips[1]!);
    expect(events.at(-1)).to.deep.equal({ method: 'POST', status: '4xx' });
    await el.updateComplete;
    expect(chips[1]!.getAttribute('aria-pressed')).to.equal('true');
    expect(part(el, '#status').value).to.equal('4xx');
    expect(part(el, '#query').value).to.equal('method:POST status:4xx');

    // Chips add up: 5xx then 2xx joins 4xx, in class order; a pressed one comes out again.
    await userEvent.click(chips[2]!);
    expect(events.at(-1)).to.deep.equal({ method: 'POST', status: '4xx,5xx' });
    await el.updateComplete;
    expect(chips.map((c) => c.getAttribute('aria-pressed'))).to.deep.equal([
      'false',
      'true',
      'true',
    ]);
    await userEvent.click(chips[0]!);
    expect(events.at(-1)).to.deep.equal({ method: 'POST', status: '2xx,4xx,5xx' });
    await userEvent.click(chips[1]!);
    expect(events.at(-1)).to.deep.equal({ method: 'POST', status: '2xx,5xx' });
    await el.updateComplete;
    expect(chips.map((c) => c.getAttribute('aria-pressed'))).to.deep.equal([
      'true',
      'false',
      'true',
    ]);
  });

  it('shows status:4xx,5xx set from outside (Errors only) as two pressed chips; another status is replaced', async () => {
    const el = await mount({ debounce: 10_000, filters: { status: '4xx,5xx' } });
    const events = record(el);
    const chips = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.chip')];
    expect(chips.map((c) => c.getAttribute('aria-pressed'))).to.deep.equal([
      'false',
      'true',
      'true',
    ]);
    el.filters = { status: '>=400' };
    await el.updateComplete;
    expect(chips.map((c) => c.getAttribute('aria-pressed'))).to.deep.equal([
      'false',
      'false',
      'false',
    ]);
    await userEvent.click(chips[0]!);
    expect(events.at(-1)).to.deep.equal({ status: '2xx' });
    await expect(el).to.be.accessible();
  });

  it('validates a custom absolute range and applies it when valid', async () => {
    const el = await mount({ debounce: 10_000 });
    const events = record(el);
    await userEvent.selectOptions(part<HTMLSelectElement>(el, '#time'), 'custom');
    await el.updateComplete;
    expect(events).to.have.length(0);
    const from = part(el, '#from');
    const to = part(el, '#to');
    await userEvent.fill(from, '2024-12-05T10:00');
    await userEvent.fill(to, '2024-12-01T09:00');
    await el.updateComplete;
    expect(events.at(-1)).to.deep.equal({
      time: { type: 'absolute', from: new Date('2024-12-05T10:00').getTime() },
    });
    const count = events.length;
    expect(to.getAttribute('aria-invalid')).to.equal('true');
    expect(part<HTMLElement>(el, '#range-error').textContent).to.contain('after its end');
    await expect(el).to.be.accessible();

    await userEvent.fill(to, '2024-12-06T09:30');
    await el.updateComplete;
    expect(events.length).to.equal(count + 1);
    expect(events.at(-1)).to.deep.equal({
      time: {
        type: 'absolute',
        from: new Date('2024-12-05T10:00').getTime(),
        to: new Date('2024-12-06T09:30').getTime(),
      },
    });
    expect(to.getAttribute('aria-invalid')).to.equal('false');
    expect(part(el, '#query').value).to.match(/^after:\S+ before:\S+$/);
  });

  it('clears every filter at once', async () => {
    const el = await mount({
      filters: {
        actor: 'jane@example.com',
        plugin: 'create ticket',
        method: 'POST',
        status: '201',
        traceId: 'abc',
        time: { type: 'absolute', from: 1_733_000_000_000 },
        q: 'timeout',
      },
    });
    const events = record(el);
    await userEvent.click(part<HTMLButtonElement>(el, '.clear'));
    expect(events).to.deep.equal([{}]);
    await el.updateComplete;
    for (const id of ['#query', '#actor', '#plugin', '#skill', '#status', '#trace', '#text'])
      expect(part(el, id).value, id).to.equal('');
    expect(part<HTMLSelectElement>(el, '#method').value).to.equal('');
    expect(part<HTMLSelectElement>(el, '#time').value).to.equal('');
    expect(el.shadowRoot!.querySelector('#from')).to.equal(null);
    expect(part<HTMLButtonElement>(el, '.clear').disabled).to.equal(true);
    await expect(el).to.be.accessible();
  });
});

describe('alv-filter-bar: status validation', () => {
  it('marks invalid status input aria-invalid and does not emit it', async () => {
    const el = await mount();
    const events = record(el);
    const status = part(el, '#status');
    await typeInto(status, '20x');
    await aTimeout(250);
    await el.updateComplete;
    expect(events).to.have.length(0);
    expect(status.getAttribute('aria-invalid')).to.equal('true');
    const error = part<HTMLElement>(el, '#status-error');
    expect(status.getAttribute('aria-describedby')).to.contain('status-error');
    expect(error.textContent).to.contain('expected a status code');
    await expect(el).to.be.accessible();

    for (const valid of ['201', '4xx', '>=400', '!2xx', 'success', 'error']) {
      setValue(status, valid);
      await waitUntil(() => events.at(-1)?.status === valid, valid);
      expect(events.at(-1), valid).to.deep.equal({ status: valid });
    }
    await el.updateComplete;
    expect(status.getAttribute('aria-invalid')).to.equal('false');
    expect(el.shadowRoot!.querySelector('#status-error')).to.equal(null);
  });
});

describe('alv-filter-bar: suggestions', () => {
  it('asks `suggest` for the field and prefix, aborts superseded requests, and fills the chosen value', async () => {
    const { suggest, calls } = stubSuggest();
    const el = await mount({ suggest, debounce: 10_000 });
    const events = record(el);
    const actor = part(el, '#actor');
    await typeInto(actor, 'vp');
    expect(calls.map((c) => [c.field, c.prefix])).to.deep.equal([
      ['actor', 'v'],
      ['actor', 'vp'],
    ]);
    expect(calls[0]!.signal.aborted).to.equal(true);
    expect(calls[1]!.signal.aborted).to.equal(false);
    // A late answer to the superseded request is ignored.
    calls[0]!.resolve([{ value: 'victor@example.com', count: 1 }]);
    calls[1]!.resolve([
      { value: 'vpawar@moveworks.ai', count: 12 },
      { value: 'vpatel@example.com', count: 3 },
    ]);
    await waitUntil(() => el.shadowRoot!.querySelectorAll('#actor-listbox [role=option]').length);
    const listbox = part<HTMLElement>(el, '#actor-listbox');
    expect(actor.getAttribute('aria-expanded')).to.equal('true');
    expect(actor.getAttribute('aria-controls')).to.equal('actor-listbox');
    expect(
      [...listbox.querySelectorAll('[role=option] .value')].map((o) => o.textContent),
    ).to.deep.equal(['vpawar@moveworks.ai', 'vpatel@example.com']);
    await expect(el).to.be.accessible();

    await userEvent.keyboard('{ArrowDown}{ArrowDown}{ArrowUp}');
    await el.updateComplete;
    expect(actor.getAttribute('aria-activedescendant')).to.equal('actor-option-0');
    expect(part<HTMLElement>(el, '#actor-option-0').getAttribute('aria-selected')).to.equal('true');
    await userEvent.keyboard('{Enter}');
    await el.updateComplete;
    expect(actor.value).to.equal('vpawar@moveworks.ai');
    expect(actor.getAttribute('aria-expanded')).to.equal('false');
    expect(events).to.deep.equal([{ actor: 'vpawar@moveworks.ai' }]);
    expect(part(el, '#query').value).to.equal('user:vpawar@moveworks.ai');
  });

  it('closes the list on Escape and keeps the typed text', async () => {
    const { suggest, calls } = stubSuggest();
    const el = await mount({ suggest });
    const skill = part(el, '#skill');
    await typeInto(skill, 'Tick');
    calls.at(-1)!.resolve([{ value: 'Ticketing', count: 40 }]);
    await waitUntil(() => skill.getAttribute('aria-expanded') === 'true');
    expect(calls.at(-1)!.field).to.equal('skill');
    await userEvent.keyboard('{Escape}');
    await el.updateComplete;
    expect(skill.getAttribute('aria-expanded')).to.equal('false');
    expect(skill.value).to.equal('Tick');
  });

  it('completes qualifier names, then their values, in the query', async () => {
    const { suggest, calls } = stubSuggest();
    const el = await mount({ suggest, debounce: 10_000 });
    const events = record(el);
    const query = part(el, '#query');
    await typeInto(query, 'status:201 pl');
    await el.updateComplete;
    expect(calls).to.have.length(0);
    const names = [...el.shadowRoot!.querySelectorAll('#query-listbox [role=option] .value')];
    expect(names.map((o) => o.textContent)).to.deep.equal(['plugin:']);
    await userEvent.keyboard('{ArrowDown}{Enter}');
    expect(query.value).to.equal('status:201 plugin:');
    expect(calls.map((c) => [c.field, c.prefix])).to.deep.equal([['plugin', '']]);
    await userEvent.keyboard('cr');
    expect(calls.map((c) => c.prefix)).to.deep.equal(['', 'c', 'cr']);
    expect(calls.slice(0, 2).every((c) => c.signal.aborted)).to.equal(true);
    calls.at(-1)!.resolve([{ value: 'create ticket', count: 26 }]);
    await waitUntil(() => query.getAttribute('aria-expanded') === 'true');
    await userEvent.keyboard('{ArrowDown}{Enter}');
    await el.updateComplete;
    expect(query.value).to.equal('status:201 plugin:"create ticket" ');
    expect(events).to.deep.equal([{ plugin: 'create ticket', status: '201' }]);
    await expect(el).to.be.accessible();
  });

  it('offers the fixed values of closed qualifiers without asking the backend', async () => {
    const { suggest, calls } = stubSuggest();
    const el = await mount({ suggest });
    await typeInto(part(el, '#query'), 'last:');
    await el.updateComplete;
    const values = [...el.shadowRoot!.querySelectorAll('#query-listbox [role=option] .value')];
    expect(values.map((o) => o.textContent)).to.deep.equal(['15m', '1h', '24h', '7d']);
    expect(calls).to.have.length(0);
  });

  it('shows its suggestions whole where the filters are clipped (a short viewer scrolls them), under the field', async () => {
    const box = await fixture<HTMLDivElement>(
      html`<div style="height: 90px; width: 700px; overflow: auto">
        <alv-filter-bar debounce="0"></alv-filter-bar>
      </div>`,
    );
    const el = box.querySelector('alv-filter-bar')!;
    const query = part(el, '#query');
    await typeInto(query, 'last:');
    await el.updateComplete;
    const list = part<HTMLElement>(el, '#query-listbox');
    const options = [...list.querySelectorAll<HTMLElement>('[role=option]')];
    expect(options.map((o) => o.textContent?.trim())).to.deep.equal(['15m', '1h', '24h', '7d']);
    // The last option lies below the clipping box, and is still what a click there reaches.
    const last = options.at(-1)!.getBoundingClientRect();
    expect(last.bottom).to.be.greaterThan(box.getBoundingClientRect().bottom);
    const hit = el.shadowRoot!.elementFromPoint(last.left + 4, last.top + last.height / 2);
    expect(options.at(-1)!.contains(hit)).to.equal(true);
    const under = () =>
      list.getBoundingClientRect().top - list.parentElement!.getBoundingClientRect().bottom;
    expect(under()).to.equal(2);
    // It follows its field when the filters scroll or move, and goes when it closes.
    box.scrollTop = 30;
    await waitUntil(() => under() === 2, 'left behind by a scroll');
    box.style.marginTop = '45px';
    await waitUntil(() => under() === 2, 'left behind by a layout shift');
    await expect(el).to.be.accessible();
    await userEvent.keyboard('{Escape}');
    await el.updateComplete;
    expect(list.matches(':popover-open')).to.equal(false);
    expect(list.checkVisibility()).to.equal(false);
  });

  it('opens its suggestions above a field with no room below, and follows a scroll inside a shadow root', async () => {
    // A host app's own shadow root with a scrolling panel, the filter bar at its bottom.
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = `<div id="scroller" style="height: ${innerHeight}px; overflow: auto">
        <div style="height: ${innerHeight - 70}px"></div>
        <alv-filter-bar debounce="0" style="display: block; width: 700px"></alv-filter-bar>
        <div style="height: 400px"></div>
      </div>`;
    const el = root.querySelector('alv-filter-bar')!;
    await el.updateComplete;
    const query = part(el, '#query');
    await typeInto(query, 'last:');
    await el.updateComplete;
    const list = part<HTMLElement>(el, '#query-listbox');
    const field = () => list.parentElement!.getBoundingClientRect();
    await waitUntil(() => list.getBoundingClientRect().bottom <= field().top, 'not above');
    expect(list.getBoundingClientRect().top).to.be.at.least(0);
    // Scrolled within the host's shadow root: it moves with its field (on either side).
    root.querySelector('#scroller')!.scrollTop = 300;
    const beside = () => {
      const l = list.getBoundingClientRect();
      const f = field();
      return Math.abs(l.top - f.bottom - 2) < 1 || Math.abs(f.top - l.bottom - 2) < 1;
    };
    await waitUntil(() => field().top < innerHeight - 300 && beside(), 'left behind by a scroll');
  });

  it('reads "Any time" again when filters from outside drop a custom range (a zoom out)', async () => {
    const el = await mount({
      filters: {
        time: { type: 'absolute', from: Date.UTC(2026, 10, 30, 9), to: Date.UTC(2026, 10, 30, 10) },
      },
    });
    const select = part<HTMLSelectElement>(el, '#time');
    expect(select.value).to.equal('custom');
    expect(el.shadowRoot!.querySelector('#from')).not.to.equal(null);
    el.filters = {};
    await el.updateComplete;
    expect(select.value).to.equal('');
    expect(el.shadowRoot!.querySelector('#from')).to.equal(null);
    // "Clear all" has nothing to clear.
    expect(part<HTMLButtonElement>(el, '.clear').disabled).to.equal(true);
  });

  it('never asks for trace ID suggestions', async () => {
    const { suggest, calls } = stubSuggest();
    const el = await mount({ suggest });
    const events = record(el);
    const trace = part(el, '#trace');
    expect(trace.getAttribute('role')).to.equal(null);
    expect(trace.hasAttribute('aria-controls')).to.equal(false);
    await typeInto(trace, '4bf92f35');
    await userEvent.keyboard('{ArrowDown}');
    await typeInto(part(el, '#query'), ' trace:4bf9');
    await userEvent.keyboard('{ArrowDown}');
    await typeInto(part(el, '#query'), ' traceId:');
    await userEvent.keyboard('{ArrowDown}');
    await aTimeout(60);
    expect(calls).to.have.length(0);
    expect(el.shadowRoot!.querySelectorAll('[role=option]')).to.have.length(0);
    expect(events.map((f) => f.traceId)).to.include('4bf92f35');
  });

  it('applies a pasted trace ID at once, trimmed', async () => {
    const el = await mount({ debounce: 10_000 });
    const events = record(el);
    const trace = part(el, '#trace');
    trace.value = '  4bf92f3577b34da6a3ce929d0e0e4736\n';
    trace.dispatchEvent(
      new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertFromPaste' }),
    );
    expect(events).to.deep.equal([{ traceId: '4bf92f3577b34da6a3ce929d0e0e4736' }]);
  });
});

describe('alv-filter-bar: capabilities and layout', () => {
  it('marks the controls whose filters are applied in the viewer', async () => {
    const el = await mount({ capabilities: capabilities(['actor', 'traceId', 'time']) });
    const hinted = [...el.shadowRoot!.querySelectorAll('.hint')].map((h) => h.id);
    expect(hinted.sort()).to.deep.equal(
      ['hint-method', 'hint-plugin', 'hint-q', 'hint-skill', 'hint-status'].sort(),
    );
    expect(part<HTMLElement>(el, '#hint-plugin').textContent).to.equal('filtered in the viewer');
    expect(part(el, '#plugin').getAttribute('aria-describedby')).to.equal('hint-plugin');
    expect(part(el, '#actor').hasAttribute('aria-describedby')).to.equal(false);

    // Client-side filters still work.
    const events = record(el);
    await typeInto(part(el, '#plugin'), 'itsm');
    await waitUntil(() => events.length === 1);
    expect(events[0]).to.deep.equal({ plugin: 'itsm' });
    await expect(el).to.be.accessible();
  });

  it("follows the adapter's plan for the filters as they are, like the status line", async () => {
    // A backend that searches one word itself, and leaves longer text to the viewer.
    const planFilters = (f: Filters) => ({
      server: f.q && !f.q.includes(' ') ? (['q'] as const) : [],
      client: f.q?.includes(' ') ? (['q'] as const) : [],
    });
    const el = await mount({
      capabilities: capabilities([
        'q',
        'actor',
        'plugin',
        'skill',
        'method',
        'status',
        'traceId',
        'time',
      ]),
      planFilters: (f) => {
        const p = planFilters(f);
        return { server: [...p.server], client: [...p.client] };
      },
      filters: { q: 'shipping' },
    });
    expect(el.shadowRoot!.querySelector('#hint-q')).to.equal(null);
    el.filters = { q: 'shipping amazon' };
    await el.updateComplete;
    expect(part<HTMLElement>(el, '#hint-q').textContent).to.equal('filtered in the viewer');
    expect(part(el, '#text').getAttribute('aria-describedby')).to.equal('hint-q');
    await expect(el).to.be.accessible();
  });

  it('shows no hints when capabilities are unknown', async () => {
    const el = await mount();
    expect(el.shadowRoot!.querySelectorAll('.hint')).to.have.length(0);
  });

  it('fits and stays accessible at 360 px', async () => {
    const [width, height] = [window.innerWidth, window.innerHeight];
    await page.viewport(360, 740);
    try {
      const el = await mount({
        capabilities: capabilities(['actor']),
        filters: { time: { type: 'absolute', from: 1_733_000_000_000 }, status: '5xx' },
      });
      await el.updateComplete;
      const base = part<HTMLElement>(el, '[part=base]');
      expect(el.getBoundingClientRect().width).to.be.at.most(360);
      expect(base.scrollWidth).to.be.at.most(base.clientWidth);
      for (const control of el.shadowRoot!.querySelectorAll('input, select, button')) {
        const box = control.getBoundingClientRect();
        expect(box.right, control.id || control.className).to.be.at.most(360);
      }
      await expect(el).to.be.accessible();
    } finally {
      await page.viewport(width, height);
    }
  });
});

describe('alv-filter-bar: active filters as chips below 600px', () => {
  async function mountAt(width: number, filters: Filters): Promise<AlvFilterBar> {
    const box = await fixture<HTMLDivElement>(html`<div style="width: ${width}px"></div>`);
    const el = document.createElement('alv-filter-bar');
    el.debounce = 150;
    el.filters = filters;
    box.append(el);
    await el.updateComplete;
    return el;
  }
  const chips = (el: AlvFilterBar) => [
    ...el.shadowRoot!.querySelectorAll<HTMLElement>('.filter-chip'),
  ];
  const chipTexts = (el: AlvFilterBar) =>
    chips(el).map((c) => c.querySelector('.filter-chip-text')!.textContent.trim());
  const focused = (el: AlvFilterBar) => el.shadowRoot!.activeElement;

  it('lists each filter as a chip whose button removes it, applies at once and keeps the focus near', async () => {
    const el = await mountAt(360, {
      actor: 'vikram.pawar@acme.example',
      plugin: 'create ticket',
      status: '4xx,5xx',
      q: 'timeout',
    });
    const seen = record(el);
    expect(chipTexts(el)).to.deep.equal([
      'user:vikram.pawar@acme.example',
      'plugin:"create ticket"',
      'status:4xx,5xx',
    ]);
    for (const chip of chips(el)) expect(chip.offsetWidth).to.be.greaterThan(0);
    const list = part<HTMLElement>(el, '.filter-chips');
    expect(list.getAttribute('aria-label')).to.equal('Active filters');
    await expect(el).to.be.accessible();

    // Pointer: remove the plugin; applied without the debounce, the query box follows.
    await userEvent.click(chips(el)[1]!.querySelector('button')!);
    expect(seen).to.deep.equal([
      { q: 'timeout', actor: 'vikram.pawar@acme.example', status: '4xx,5xx' },
    ]);
    expect(part(el, '#query').value).to.equal(
      'user:vikram.pawar@acme.example status:4xx,5xx timeout',
    );
    await el.updateComplete;
    expect(chipTexts(el)).to.deep.equal(['user:vikram.pawar@acme.example', 'status:4xx,5xx']);
    // The focus moves to the chip that took the removed one's place.
    expect(focused(el)?.getAttribute('aria-label')).to.equal('Remove filter status:4xx,5xx');

    // Keyboard: Enter removes it; the focus goes to the last chip left, then to the query box.
    await userEvent.keyboard('{Enter}');
    await waitUntil(() => chips(el).length === 1, 'status chip removed');
    expect(seen.at(-1)).to.deep.equal({ q: 'timeout', actor: 'vikram.pawar@acme.example' });
    await waitUntil(
      () =>
        focused(el)?.getAttribute('aria-label') === 'Remove filter user:vikram.pawar@acme.example',
      'focus on the remaining chip',
    );
    await userEvent.keyboard(' ');
    await waitUntil(() => chips(el).length === 0, 'all chips removed');
    expect(seen.at(-1)).to.deep.equal({ q: 'timeout' });
    await waitUntil(() => focused(el)?.id === 'query', 'focus back in the query box');
    expect(el.shadowRoot!.querySelector('.filter-chips')).to.equal(null);
  });

  it('masks chips in safe-to-share mode and hides them where the controls show (wide)', async () => {
    const el = await mountAt(360, {
      actor: 'vikram.pawar@acme.example',
      time: { type: 'relative', last: '24h' },
    });
    el.mask = (text) => text.replace(/[\w.]+@[\w.]+/g, '[email]');
    await el.updateComplete;
    expect(chipTexts(el)).to.deep.equal(['user:[email]', 'last:24h']);
    expect(el.shadowRoot!.textContent).not.to.contain('vikram');
    const removeLabels = chips(el).map((c) =>
      c.querySelector('button')!.getAttribute('aria-label'),
    );
    expect(removeLabels).to.deep.equal(['Remove filter user:[email]', 'Remove filter last:24h']);

    const wide = await mountAt(900, { actor: 'vikram.pawar@acme.example' });
    expect(chips(wide)).to.have.length(1);
    expect(chips(wide)[0]!.offsetWidth).to.equal(0);
    await expect(wide).to.be.accessible();
  });
});
