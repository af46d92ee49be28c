/**
 * `<alv-facet-panel>` on its own (counts, include / exclude, several status values, errors
 * only, loading / error / empty states, keyboard) and inside `<audit-log-viewer>` (asked once
 * per field after the view settles, cached, stale requests aborted, suggestions from the same
 * cache, counted over the loaded events where the source cannot count).
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { describe, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../components/audit-log-viewer/audit-log-viewer.js';
import type { AuditLogViewer } from '../../components/audit-log-viewer/audit-log-viewer.component.js';
import type {
  AlvFacetPanel,
  FacetGroup,
} from '../../components/facet-panel/facet-panel.component.js';
import '../../components/facet-panel/facet-panel.js';
import type { Filters } from '../../core/model.js';
import type { FacetField, FacetValue, Source } from '../../core/sources/types.js';
import { deepAll, event, fakeSource, page } from './support/viewer.js';

const GROUPS: FacetGroup[] = [
  {
    field: 'plugin',
    status: 'ready',
    values: [
      { value: 'create ticket', count: 1200 },
      { value: 'search', count: 300 },
    ],
  },
  {
    field: 'status',
    status: 'ready',
    values: [
      { value: '2xx', count: 1400 },
      { value: '4xx', count: 80 },
      { value: '5xx', count: 20 },
    ],
  },
  {
    field: 'method',
    status: 'ready',
    values: Array.from({ length: 7 }, (_, i) => ({ value: `M${i}`, count: 7 - i })),
  },
];

async function mount(filters: Filters = {}, groups = GROUPS): Promise<AlvFacetPanel> {
  const el = await fixture<AlvFacetPanel>(
    html`<alv-facet-panel .groups=${groups} .filters=${filters} status="ready"></alv-facet-panel>`,
  );
  return el;
}

/** Every `alv-filter-change` the element emits, in order. */
function record(el: HTMLElement): Filters[] {
  const seen: Filters[] = [];
  el.addEventListener('alv-filter-change', (e) => seen.push(e.detail.filters));
  return seen;
}

const byName = <T extends Element = HTMLElement>(el: Element, name: string): T => {
  const found = deepAll(el, '[aria-label]').find((x) => x.getAttribute('aria-label') === name);
  if (!found) throw new Error(`nothing named "${name}"`);
  return found as T;
};
const checkbox = (el: Element, name: string) => byName<HTMLInputElement>(el, name);
const errorsOnlySwitch = (el: AlvFacetPanel) =>
  el.shadowRoot!.querySelector<HTMLInputElement>('[part=errors-only] input')!;
const text = (el: Element, selector: string) =>
  (el.shadowRoot!.querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('alv-facet-panel', () => {
  it('shows counts; a value includes only itself, again removes it; checked values say so', async () => {
    const el = await mount();
    const seen = record(el);
    const only = checkbox(el, 'Only plugin create ticket');
    expect(only.checked).to.equal(false);
    const row = only.closest('[part=value]')!;
    expect(row.querySelector('[part=count]')!.textContent.trim()).to.equal((1200).toLocaleString());
    only.click();
    expect(seen).to.deep.equal([{ plugin: 'create ticket' }]);
    byName<HTMLButtonElement>(el, 'Exclude plugin search').click();
    expect(seen.at(-1)).to.deep.equal({ plugin: '!search' });
    el.filters = { plugin: '!search' };
    await el.updateComplete;
    expect(byName(el, 'Exclude plugin search').getAttribute('aria-pressed')).to.equal('true');
    expect(checkbox(el, 'Only plugin search').checked).to.equal(false);
    byName<HTMLButtonElement>(el, 'Exclude plugin search').click();
    expect(seen.at(-1)).to.deep.equal({});
    el.filters = {};
    await el.updateComplete;

    el.filters = { plugin: 'create ticket' };
    await el.updateComplete;
    expect(checkbox(el, 'Only plugin create ticket').checked).to.equal(true);
    expect(checkbox(el, 'Only plugin search').checked).to.equal(false);
    checkbox(el, 'Only plugin create ticket').click();
    expect(seen.at(-1)).to.deep.equal({});
    // The checkbox shows the filter, not the click, until the view changes.
    await el.updateComplete;
    expect(checkbox(el, 'Only plugin create ticket').checked).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('includes several status values at once, excludes them, and "Errors only" is 4xx and 5xx', async () => {
    const el = await mount({ status: '4xx' });
    const seen = record(el);
    expect(checkbox(el, 'Include status 4xx').checked).to.equal(true);
    checkbox(el, 'Include status 5xx').click();
    expect(seen.at(-1)).to.deep.equal({ status: '4xx,5xx' });

    el.filters = { status: '4xx,5xx' };
    await el.updateComplete;
    const errorsOnly = errorsOnlySwitch(el);
    expect(errorsOnly.getAttribute('role')).to.equal('switch');
    expect(errorsOnly.closest('label')!.textContent.replace(/\s+/g, ' ').trim()).to.equal(
      'Errors only (status 4xx or 5xx)',
    );
    expect(errorsOnly.checked).to.equal(true);
    errorsOnly.click();
    expect(seen.at(-1)).to.deep.equal({});

    el.filters = {};
    await el.updateComplete;
    errorsOnlySwitch(el).click();
    expect(seen.at(-1)).to.deep.equal({ status: '4xx,5xx' });

    const exclude = byName<HTMLButtonElement>(el, 'Exclude status 2xx');
    expect(exclude.getAttribute('aria-pressed')).to.equal('false');
    exclude.click();
    expect(seen.at(-1)).to.deep.equal({ status: '!2xx' });
    el.filters = { status: '!2xx' };
    await el.updateComplete;
    expect(byName(el, 'Exclude status 2xx').getAttribute('aria-pressed')).to.equal('true');
    expect(checkbox(el, 'Include status 2xx').checked).to.equal(false);
    byName<HTMLButtonElement>(el, 'Exclude status 5xx').click();
    expect(seen.at(-1)).to.deep.equal({ status: '!2xx,5xx' });
    await expect(el).to.be.accessible();
  });

  it('lists an active value it did not count without a count, not as 0', async () => {
    const el = await mount({ status: '>=400' });
    const row = checkbox(el, 'Include status >=400').closest('[part=value]')!;
    const count = row.querySelector('[part=count]')!;
    expect(count.textContent.replace(/\s+/g, '')).to.equal('–notcounted');
    expect(count.getAttribute('title')).to.equal('Not among the values counted');
    // A counted value keeps its number.
    const counted = checkbox(el, 'Include status 2xx').closest('[part=value]')!;
    expect(counted.querySelector('[part=count]')!.textContent.trim()).to.match(/^\d[\d,]*$/);
    await expect(el).to.be.accessible();
  });

  it('"Errors only" is status:error where records have an outcome but no status code', async () => {
    const el = await fixture<AlvFacetPanel>(
      html`<alv-facet-panel .groups=${GROUPS} status="ready" outcomes></alv-facet-panel>`,
    );
    const seen = record(el);
    const errorsOnly = errorsOnlySwitch(el);
    expect(errorsOnly.closest('label')!.textContent.replace(/\s+/g, ' ').trim()).to.equal(
      'Errors only (outcome error)',
    );
    errorsOnly.click();
    expect(seen.at(-1)).to.deep.equal({ status: 'error' });
    el.filters = { status: 'error' };
    await el.updateComplete;
    expect(errorsOnlySwitch(el).checked).to.equal(true);
    errorsOnlySwitch(el).click();
    expect(seen.at(-1)).to.deep.equal({});
    // 4xx,5xx is no "Errors only" there.
    el.filters = { status: '4xx,5xx' };
    await el.updateComplete;
    expect(errorsOnlySwitch(el).checked).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('is usable from the keyboard: one Tab stop per field, arrows between values, Space checks, "Show all" lists the rest', async () => {
    const el = await mount();
    const seen = record(el);
    const focused = () => el.shadowRoot!.activeElement?.getAttribute('aria-label');
    // One Tab stop per field: its first value's checkbox.
    const stops = [...el.shadowRoot!.querySelectorAll('.values [tabindex="0"]')];
    expect(stops.map((s) => s.getAttribute('aria-label'))).to.deep.equal([
      'Only plugin create ticket',
      'Include status 2xx',
      'Only method M0',
    ]);
    checkbox(el, 'Only plugin create ticket').focus();
    await userEvent.keyboard('{ArrowDown}');
    expect(focused()).to.equal('Only plugin search');
    await userEvent.keyboard('{ArrowDown}');
    expect(focused()).to.equal('Only plugin search');
    await userEvent.keyboard('{ArrowRight}');
    expect(focused()).to.equal('Exclude plugin search');
    await userEvent.keyboard('{Enter}');
    expect(seen).to.deep.equal([{ plugin: '!search' }]);
    await userEvent.keyboard('{ArrowLeft}');
    expect(focused()).to.equal('Only plugin search');
    await userEvent.keyboard(' ');
    expect(seen.at(-1)).to.deep.equal({ plugin: 'search' });
    // The group's Tab stop is where the focus was left.
    await el.updateComplete;
    expect(checkbox(el, 'Only plugin search').tabIndex).to.equal(0);
    expect(checkbox(el, 'Only plugin create ticket').tabIndex).to.equal(-1);
    await userEvent.keyboard('{Home}');
    expect(focused()).to.equal('Only plugin create ticket');
    expect(deepAll(el, '[aria-label^="Only method"]')).to.have.length(5);
    const more = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.more')][0]!;
    expect(more.textContent.replace(/\s+/g, ' ').trim()).to.equal('Show all 7 method values');
    more.focus();
    await userEvent.keyboard('{Enter}');
    await el.updateComplete;
    expect(deepAll(el, '[aria-label^="Only method"]')).to.have.length(7);
    expect(more.getAttribute('aria-expanded')).to.equal('true');
  });

  it('in safe-to-share mode shows values masked, names as [name], and still filters by the value', async () => {
    const groups: FacetGroup[] = [
      {
        field: 'actor',
        status: 'ready',
        values: [
          { value: 'vikram.pawar@acme.example', count: 3 },
          { value: 'Vikram Pawar', count: 2 },
        ],
      },
    ];
    const el = await fixture<AlvFacetPanel>(
      html`<alv-facet-panel
        .groups=${groups}
        .mask=${(t: string) => t.replace(/\S+@\S+/g, '[email]')}
        status="ready"
      ></alv-facet-panel>`,
    );
    const seen = record(el);
    const text = el.shadowRoot!.textContent;
    expect(text).not.to.contain('vikram');
    expect(text).not.to.contain('Vikram');
    expect(
      deepAll(el, '[aria-label]').some((x) => /vikram/i.test(x.getAttribute('aria-label')!)),
    ).to.equal(false);
    checkbox(el, 'Only user [email]').click();
    expect(seen).to.deep.equal([{ actor: 'vikram.pawar@acme.example' }]);
    checkbox(el, 'Only user [name]').click();
    expect(seen.at(-1)).to.deep.equal({ actor: 'Vikram Pawar' });
    await expect(el).to.be.accessible();
  });

  it('keeps a checked value listed that was not counted', async () => {
    const el = await mount({ plugin: 'add comment' });
    expect(checkbox(el, 'Only plugin add comment').checked).to.equal(true);
  });

  it('has loading, error (with Try again) and empty states, and folds', async () => {
    const el = await mount({}, []);
    el.status = 'loading';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[aria-busy=true]')).to.exist;
    expect(text(el, '[part=note]')).to.equal('Loading…');
    await expect(el).to.be.accessible();

    el.status = 'error';
    el.errorMessage = 'The audit service failed (503)';
    await el.updateComplete;
    const alert = el.shadowRoot!.querySelector('[role=alert]')!;
    expect(alert.textContent.replace(/\s+/g, ' ')).to.contain(
      'The facets could not be loaded: The audit service failed (503).',
    );
    let retried = 0;
    el.addEventListener('alv-facets-retry', () => retried++);
    alert.querySelector('button')!.click();
    expect(retried).to.equal(1);
    await expect(el).to.be.accessible();

    el.status = 'ready';
    el.groups = [{ field: 'plugin', status: 'ready', values: [] }];
    await el.updateComplete;
    expect(text(el, '.body')).to.equal('No values to count: no events match this view.');

    let toggled: boolean | undefined;
    el.addEventListener('alv-facets-toggle', (e) => (toggled = e.detail.open));
    const toggle = el.shadowRoot!.querySelector<HTMLButtonElement>('[part=toggle]')!;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    toggle.click();
    await el.updateComplete;
    expect(toggled).to.equal(false);
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(el.shadowRoot!.querySelector('.body')).to.equal(null);
  });

  it('starts folded below 600 px of its width, behind its toggle', async () => {
    const wrap = await fixture<HTMLDivElement>(
      html`<div style="width: 360px">
        <alv-facet-panel .groups=${GROUPS} status="ready"></alv-facet-panel>
      </div>`,
    );
    const el = wrap.querySelector('alv-facet-panel')!;
    // Whoever feeds the panel hears when its values are on screen (nothing to count otherwise).
    const shown: boolean[] = [];
    el.addEventListener('alv-facets-shown', (e) => shown.push(e.detail.shown));
    const toggle = () => el.shadowRoot!.querySelector<HTMLButtonElement>('[part=toggle]')!;
    await waitUntil(() => toggle().getAttribute('aria-expanded') === 'false', 'not folded');
    expect(el.shadowRoot!.querySelector('.body')).to.equal(null);
    await waitUntil(() => shown.at(-1) === false, 'folded, not said');
    toggle().click();
    await el.updateComplete;
    expect(toggle().getAttribute('aria-expanded')).to.equal('true');
    expect(el.shadowRoot!.querySelector('.body')).to.exist;
    expect(shown.at(-1)).to.equal(true);
    await expect(el).to.be.accessible();
    // Escape from inside the sheet closes it, back on its toggle.
    el.shadowRoot!.querySelector<HTMLElement>('.body input, .body button')!.focus();
    await userEvent.keyboard('{Escape}');
    await waitUntil(() => toggle().getAttribute('aria-expanded') === 'false', 'still open');
    expect(el.shadowRoot!.querySelector('.body')).to.equal(null);
    await waitUntil(() => el.shadowRoot!.activeElement === toggle(), 'focus not on the toggle');
  });
});

interface FacetCall {
  field: FacetField;
  filters: Filters;
  signal: AbortSignal;
}

/** A source that counts facets, recording each request; `hold` keeps answers back. */
function countingSource(hold = () => false) {
  const calls: FacetCall[] = [];
  const releases: (() => void)[] = [];
  const answer = (field: FacetField): FacetValue[] =>
    field === 'status'
      ? [
          { value: '201', count: 10 },
          { value: '500', count: 2 },
        ]
      : field === 'plugin'
        ? [
            { value: 'create ticket', count: 8 },
            { value: 'search', count: 4 },
          ]
        : [{ value: `${field}-value`, count: 12 }];
  const source: Source = {
    ...fakeSource(() => Promise.resolve(page([event('e1')]))),
    facets: (field, view, signal) => {
      calls.push({ field, filters: view.filters, signal });
      const value = answer(field);
      if (!hold()) return Promise.resolve(value);
      return new Promise((resolve) => releases.push(() => resolve(value)));
    },
  };
  return { source, calls, releases };
}

const panelOf = (el: AuditLogViewer) => el.shadowRoot!.querySelector('alv-facet-panel')!;

describe('<audit-log-viewer> facets', () => {
  it('asks once per field after the view settles, caches by view, aborts stale requests; a click filters', async () => {
    localStorage.removeItem('alv-facets-hidden');
    let holding = false;
    const { source, calls, releases } = countingSource(() => holding);
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer .dataSource=${source}></audit-log-viewer>`,
    );
    await waitUntil(() => calls.length === 6, 'the facets were not asked for');
    expect(calls.map((c) => c.field).sort()).to.deep.equal(
      ['actor', 'environment', 'method', 'plugin', 'skill', 'status'].sort(),
    );
    await waitUntil(() => panelOf(el).status === 'ready', 'not ready');
    // Status codes are shown as classes.
    expect(
      checkbox(panelOf(el), 'Include status 2xx').closest('[part=value]')!.textContent,
    ).to.contain('10');

    // Three views in quick succession, as typing makes them: one request per field, for the last.
    for (const actor of ['v', 'vi', 'vik']) {
      el.view = { ...el.view, filters: { actor } };
      await el.updateComplete;
    }
    await waitUntil(() => calls.length === 6 + 5, 'not asked for the settled view');
    await waitUntil(() => panelOf(el).status === 'ready', 'not ready again');
    // The actor facet ignores the actor filter, so its counts were still good (cached).
    expect(calls.slice(6).map((c) => c.field)).not.to.include('actor');
    expect(calls.slice(6).every((c) => c.filters.actor === 'vik')).to.equal(true);
    // Each field is asked without its own filter.
    expect(calls.every((c) => c.filters[c.field as keyof Filters] === undefined)).to.equal(true);

    // Back to the first view: answered from the cache, no request.
    el.view = { ...el.view, filters: {} };
    await el.updateComplete;
    expect(panelOf(el).status).to.equal('ready');
    expect(calls).to.have.length(11);

    // A view whose counts are still loading is left: its requests are aborted.
    holding = true;
    el.view = { ...el.view, filters: { plugin: 'search' } };
    await waitUntil(() => calls.length === 16, 'not asked for plugin search');
    const stale = calls.slice(11);
    el.view = { ...el.view, filters: { plugin: 'create ticket' } };
    await el.updateComplete;
    expect(stale.every((c) => c.signal.aborted)).to.equal(true);
    await waitUntil(() => calls.length === 21, 'not asked for plugin create ticket');
    holding = false;
    for (const release of releases) release();
    await waitUntil(() => panelOf(el).status === 'ready', 'not ready after release');
    await expect(el).to.be.accessible();

    // One click on a value filters the list.
    checkbox(panelOf(el), 'Only plugin search').click();
    await waitUntil(() => el.view.filters.plugin === 'search', 'the click did not filter');
    checkbox(panelOf(el), 'Include status 5xx').click();
    await waitUntil(() => el.view.filters.status === '5xx', 'status not applied');
    expect(el.view.filters).to.deep.equal({ plugin: 'search', status: '5xx' });
  });

  it("says which of the view's filters the backend's counts leave out", async () => {
    localStorage.removeItem('alv-facets-hidden');
    const { source: counting } = countingSource();
    // Like the generic API: an environment filter is applied in the viewer only.
    const source: Source = {
      ...counting,
      planFilters: (view) => ({
        server: [],
        client: view.filters.environment ? ['environment'] : [],
      }),
    };
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer .dataSource=${source}></audit-log-viewer>`,
    );
    await waitUntil(() => panelOf(el)?.status === 'ready', 'not ready');
    expect(text(panelOf(el), '[part=note]')).to.equal('');
    el.view = { ...el.view, filters: { environment: 'production' } };
    await waitUntil(
      () => text(panelOf(el), '[part=note]') === 'counts leave out env: applied to the list only',
      'no note',
    );
  });

  it('suggestions for the user field share the cache: typing asks once', async () => {
    localStorage.setItem('alv-facets-hidden', '1');
    const { source, calls } = countingSource();
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer .dataSource=${source}></audit-log-viewer>`,
    );
    await waitUntil(() => deepAll(el, '#actor').length > 0, 'no user field');
    const actor = deepAll(el, '#actor')[0] as HTMLInputElement;
    actor.focus();
    await userEvent.keyboard('acto');
    await waitUntil(
      () => deepAll(el, '[role=option]').some((o) => o.textContent.includes('actor-value')),
      'no suggestion',
    );
    expect(calls.filter((c) => c.field === 'actor')).to.have.length(1);
    // The panel is hidden: it asked for nothing.
    expect(calls.filter((c) => c.field !== 'actor')).to.have.length(0);
    localStorage.removeItem('alv-facets-hidden');
  });

  it('counts the loaded events for a source that cannot, and says so', async () => {
    localStorage.removeItem('alv-facets-hidden');
    const events = [
      event('e1', { plugin: 'create ticket' }),
      event('e2', { plugin: 'create ticket' }),
      event('e3', {
        plugin: 'search',
        http: { method: 'GET', url: 'https://x.example/s', statusCode: 503 },
      }),
    ];
    const base = fakeSource((view) =>
      Promise.resolve(
        page(
          events.filter((e) => !view.filters.plugin || e.plugin === view.filters.plugin),
          { nextCursor: 'more' },
        ),
      ),
    );
    const source: Source = { ...base, capabilities: { ...base.capabilities, facets: false } };
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer .dataSource=${source}></audit-log-viewer>`,
    );
    await waitUntil(() => panelOf(el)?.status === 'ready', 'not counted');
    const panel = panelOf(el);
    expect(text(panel, '[part=note]')).to.equal('counts over the 3 events loaded');
    // Fields none of the loaded events has are left out.
    expect(
      [...panel.shadowRoot!.querySelectorAll('.group-title')].map((t) => t.textContent),
    ).to.deep.equal(['Plugin', 'User', 'Status', 'Method']);
    expect(
      checkbox(panel, 'Only plugin create ticket')
        .closest('[part=value]')!
        .querySelector('[part=count]')!.textContent,
    ).to.equal('2');
    checkbox(panel, 'Only plugin search').click();
    await waitUntil(() => el.view.filters.plugin === 'search', 'not filtered');
    await waitUntil(() => text(panelOf(el), '[part=note]') === 'counts over the 1 event loaded');
    await expect(el).to.be.accessible();
  });
});
