/**
 * `<alv-filter-bar>`: the backend-specific filters (issue 11 item 6) have controls only where
 * the backend's capabilities list them, kept in sync with the query text.
 */
import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import { afterEach, describe, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../components/filter-bar/filter-bar.js';
import type { AlvFilterBar } from '../../components/filter-bar/filter-bar.js';
import type { Filters } from '../../core/model.js';
import { koreCapabilities } from '../../core/sources/kore.js';
import { createNectedSource, nectedCapabilities } from '../../core/sources/nected.js';
import { orgAuditCapabilities } from '../../core/sources/org-audit.js';
import type { Capabilities } from '../../core/sources/types.js';

afterEach(() => fixtureCleanup());

async function mount(capabilities: Capabilities | undefined, filters: Filters = {}) {
  return fixture<AlvFilterBar>(
    html`<alv-filter-bar
      debounce="0"
      .filters=${filters}
      .capabilities=${capabilities}
    ></alv-filter-bar>`,
  );
}
const ids = (el: AlvFilterBar, selectors: string[]) =>
  selectors.filter((s) => el.shadowRoot!.querySelector(s) !== null);
const text = (el: Element | null | undefined) =>
  (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const EXTRA = ['#action', '#environment', '#entityId', '#userId', '#workspace', '#authType'];

describe('alv-filter-bar: backend-specific filters', () => {
  it('shows the controls each backend has, and none without capabilities', async () => {
    expect(ids(await mount(nectedCapabilities), EXTRA)).to.deep.equal([
      '#action',
      '#environment',
      '#entityId',
      '#workspace',
    ]);
    expect(ids(await mount(koreCapabilities), EXTRA)).to.deep.equal([
      '#action',
      '#entityId',
      '#userId',
      '#workspace',
    ]);
    expect(ids(await mount(orgAuditCapabilities), EXTRA)).to.deep.equal([
      '#action',
      '#userId',
      '#workspace',
      '#authType',
    ]);
    expect(ids(await mount(undefined), EXTRA)).to.deep.equal([]);
    // A filter already set keeps its control, so it can be cleared.
    expect(ids(await mount(undefined, { environment: 'staging' }), EXTRA)).to.deep.equal([
      '#environment',
    ]);
  });

  it("leaves out the common controls a backend's records never fill, unless set", async () => {
    const COMMON = ['#actor', '#plugin', '#skill', '#method', '#status', '#trace', '#text'];
    expect(ids(await mount(nectedCapabilities), COMMON)).to.deep.equal([
      '#actor',
      '#plugin',
      '#status',
      '#trace',
      '#text',
    ]);
    // Every Kore record is a success: no status control either.
    expect(ids(await mount(koreCapabilities), COMMON)).to.deep.equal([
      '#actor',
      '#plugin',
      '#text',
    ]);
    expect(ids(await mount(orgAuditCapabilities), COMMON)).to.deep.equal([
      '#actor',
      '#plugin',
      '#method',
      '#status',
      '#text',
    ]);
    // Without a list of filters (a host's own Source), all of them.
    expect(ids(await mount(undefined), COMMON)).to.deep.equal(COMMON);
    // One kept from another backend stays, to be seen and cleared.
    const kept = await mount(nectedCapabilities, { method: 'POST' });
    expect(ids(kept, COMMON)).to.include('#method');
    await expect(kept).to.be.accessible();
    // Cleared there, it stays (with the focus) until the backend changes.
    const select = kept.shadowRoot!.querySelector<HTMLSelectElement>('#method')!;
    select.focus();
    select.value = '';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await kept.updateComplete;
    expect(kept.shadowRoot!.querySelector('#method')).to.equal(select);
    expect(kept.shadowRoot!.activeElement).to.equal(select);
    kept.capabilities = { ...nectedCapabilities };
    await kept.updateComplete;
    expect(ids(kept, COMMON)).not.to.include('#method');
  });

  it('a control sets its filter and the query text shows it; the auth type select too', async () => {
    const el = await mount(orgAuditCapabilities);
    const seen: Filters[] = [];
    el.addEventListener('alv-filter-change', (e) => seen.push(e.detail.filters));
    const workspace = el.shadowRoot!.querySelector<HTMLInputElement>('#workspace')!;
    workspace.value = '68987795c090f4ae5e94abc2';
    workspace.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    workspace.dispatchEvent(new FocusEvent('blur'));
    const auth = el.shadowRoot!.querySelector<HTMLSelectElement>('#authType')!;
    auth.value = 'api-key';
    auth.dispatchEvent(new Event('change'));
    await waitUntil(() => seen.length === 2);
    expect(seen).to.deep.equal([
      { workspace: '68987795c090f4ae5e94abc2' },
      { workspace: '68987795c090f4ae5e94abc2', authType: 'api-key' },
    ]);
    await el.updateComplete;
    const query = el.shadowRoot!.querySelector<HTMLInputElement>('[part="query"]')!;
    expect(query.value).to.equal('workspace:68987795c090f4ae5e94abc2 auth:api-key');
  });
});

describe('alv-filter-bar: "More filters"', () => {
  const toggle = (el: AlvFilterBar) =>
    el.shadowRoot!.querySelector<HTMLButtonElement>('.more-toggle');
  const group = (el: AlvFilterBar) => el.shadowRoot!.querySelector<HTMLElement>('#more-filters')!;
  /** Rows the visible controls wrap into: a control left of (or under) the one before starts a row. */
  const rows = (el: AlvFilterBar) => {
    const controls = el.shadowRoot!.querySelector('#controls')!;
    const lefts = [...controls.children]
      .filter((c) => (c as HTMLElement).checkVisibility())
      .map((c) => c.getBoundingClientRect().left);
    return lefts.filter((left, i) => i === 0 || left <= lefts[i - 1]!).length;
  };

  it('folds the rarer backend filters behind a disclosure that counts those set', async () => {
    const el = await mount(orgAuditCapabilities, {
      workspace: '68987795c090f4ae5e94abc2',
      authType: 'jwt',
      actor: 'vikram.pawar@acme.example',
    });
    expect(text(toggle(el))).to.equal('More filters (2)');
    expect(toggle(el)!.getAttribute('aria-expanded')).to.equal('false');
    expect(group(el).checkVisibility()).to.equal(false);
    await expect(el).to.be.accessible();

    toggle(el)!.click();
    await el.updateComplete;
    expect(toggle(el)!.getAttribute('aria-expanded')).to.equal('true');
    expect(group(el).checkVisibility()).to.equal(true);
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('#workspace')!;
    expect(input.checkVisibility()).to.equal(true);
    expect(input.value).to.equal('68987795c090f4ae5e94abc2');
    await expect(el).to.be.accessible();

    el.filters = {};
    await el.updateComplete;
    expect(text(toggle(el))).to.equal('More filters');
    // No backend-specific filters: no disclosure.
    expect(toggle(await mount(undefined))).to.equal(null);
  });

  it('keeps every backend’s bar to two rows at 1280 px, hints and all', async () => {
    for (const capabilities of [orgAuditCapabilities, nectedCapabilities, koreCapabilities]) {
      const el = await fixture<AlvFilterBar>(
        html`<alv-filter-bar
          style="width: 1230px"
          .capabilities=${capabilities}
          .planFilters=${(filters: Filters) => ({ server: [], client: Object.keys(filters) })}
          .filters=${{ actor: 'a@acme.example', method: 'POST', traceId: 'abc', q: 'x' }}
        ></alv-filter-bar>`,
      );
      expect(rows(el), capabilities.filters?.join()).to.be.within(1, 2);
    }
  });

  it('"More filters" and "Clear all" stay on one row at every width: neither alone on a row', async () => {
    for (const capabilities of [orgAuditCapabilities, nectedCapabilities, koreCapabilities]) {
      const el = await mount(capabilities, { actor: 'a@acme.example' });
      const clear = el.shadowRoot!.querySelector<HTMLButtonElement>('.clear')!;
      for (let width = 560; width <= 1400; width += 20) {
        el.style.width = `${width}px`;
        await el.updateComplete;
        const top = (b: Element) => Math.round(b.getBoundingClientRect().top);
        expect(top(clear), `${capabilities.filters?.join()} at ${width}px`).to.equal(
          top(toggle(el)!),
        );
      }
    }
  });

  /** A filter bar for Nected (which filters what in the viewer), showing `filters`. */
  const nectedBar = (filters: Filters) => {
    const nected = createNectedSource({ endpoint: 'http://127.0.0.1:1' });
    return fixture<AlvFilterBar>(
      html`<alv-filter-bar
        debounce="0"
        .capabilities=${nectedCapabilities}
        .planFilters=${(f: Filters) => nected.planFilters({ v: 1, filters: f, sort: 'desc' })}
        .filters=${filters}
      ></alv-filter-bar>`,
    );
  };

  it("says which filter none of the backend's records can pass, apart from viewer-side ones", async () => {
    const el = await nectedBar({ method: 'POST', plugin: 'no such plugin' });
    // Nected records have no method: a kept method:POST matches nothing; an unknown plugin
    // name is only matched in the viewer.
    const hint = (key: string) => el.shadowRoot!.querySelector<HTMLElement>(`#hint-${key}`);
    expect(text(hint('method'))).to.equal('no event from this backend can match');
    expect(hint('method')!.classList.contains('never')).to.equal(true);
    expect(text(hint('plugin'))).to.equal('filtered in the viewer');
    expect(el.shadowRoot!.querySelector('#method')!.getAttribute('aria-describedby')).to.contain(
      'hint-method',
    );
    await expect(el).to.be.accessible();
  });

  it('says at once that a user filtered in the viewer matches whole names: "Ava" is not "Ava Patel"', async () => {
    const el = await nectedBar({ actor: 'Ava' });
    const hint = () => el.shadowRoot!.querySelector<HTMLElement>('#hint-actor');
    expect(text(hint())).to.equal('filtered in the viewer: a whole name or email (“Ava Patel”)');
    expect(el.shadowRoot!.querySelector('#actor')!.getAttribute('aria-describedby')).to.contain(
      'hint-actor',
    );
    await expect(el).to.be.accessible();
    // A whole name or an email: only where it is filtered.
    el.filters = { actor: 'Ava Patel' };
    await el.updateComplete;
    expect(text(hint())).to.equal('filtered in the viewer');
  });

  it('offers outcomes, not status classes or absent qualifiers, where records have no status code', async () => {
    const chips = (el: AlvFilterBar) =>
      [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.chip')].map((c) => text(c));
    const status = (el: AlvFilterBar) => el.shadowRoot!.querySelector<HTMLInputElement>('#status')!;
    expect(chips(await mount(orgAuditCapabilities))).to.deep.equal(['2xx', '4xx', '5xx']);
    expect(chips(await mount(koreCapabilities))).to.deep.equal([]);

    const el = await mount(nectedCapabilities);
    expect(chips(el)).to.deep.equal(['success', 'error']);
    expect(status(el).placeholder).to.equal('success, error');
    // The query's example too: a status Nected's records can have, none for Kore's; and a
    // plugin of the backend's own (test/node/sources/examples.test.ts: each finds records).
    const example = (bar: AlvFilterBar) =>
      bar.shadowRoot!.querySelector<HTMLInputElement>('#query')!.placeholder;
    const pluginExample = (bar: AlvFilterBar) =>
      bar.shadowRoot!.querySelector<HTMLInputElement>('#plugin')!.placeholder;
    expect(example(el)).to.equal('user:jane@example.com plugin:Workflow status:error');
    expect(pluginExample(el)).to.equal('Workflow');
    const kore = await mount(koreCapabilities);
    expect(example(kore)).to.equal('user:jane@example.com plugin:role');
    expect(pluginExample(kore)).to.equal('role');
    expect(example(await mount(orgAuditCapabilities))).to.equal(
      'user:jane@example.com plugin:UsersController status:201',
    );
    // Without an example of its own (a host's source): the reference service's, quoted.
    const host = await mount({ ...orgAuditCapabilities, examples: undefined });
    expect(example(host)).to.equal('user:jane@example.com plugin:"create ticket" status:201');
    expect(pluginExample(host)).to.equal('create ticket');
    const seen: Filters[] = [];
    el.addEventListener('alv-filter-change', (e) => seen.push(e.detail.filters));
    const [success, error] = el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.chip');
    await userEvent.click(error!);
    await userEvent.click(success!);
    expect(seen.map((f) => f.status)).to.deep.equal(['error', 'success,error']);
    expect(error!.getAttribute('aria-pressed')).to.equal('true');
    await userEvent.click(error!);
    expect(seen.at(-1)!.status).to.equal('success');
    await expect(el).to.be.accessible();

    // The query box completes the same values, and no qualifier the records lack; where
    // records have codes, the classes, and method:.
    const completions = async (capabilities: Capabilities, typed: string) => {
      const bar = await mount(capabilities);
      bar.shadowRoot!.querySelector<HTMLInputElement>('#query')!.focus();
      await userEvent.keyboard(typed);
      await bar.updateComplete;
      return [...bar.shadowRoot!.querySelectorAll('#query-listbox [role=option] .value')].map((o) =>
        text(o),
      );
    };
    expect(await completions(nectedCapabilities, 'status:')).to.deep.equal(['success', 'error']);
    expect(await completions(nectedCapabilities, 'me')).to.deep.equal([]);
    expect(await completions(orgAuditCapabilities, 'status:')).to.include.members(['2xx', '4xx']);
    expect(await completions(orgAuditCapabilities, 'me')).to.deep.equal(['method:']);
  });

  it('keeps a custom time range (a zoom from the histogram) beside the time select', async () => {
    const el = await fixture<AlvFilterBar>(
      html`<alv-filter-bar
        style="width: 1230px"
        .capabilities=${orgAuditCapabilities}
        .filters=${{
          actor: 'a@acme.example',
          time: {
            type: 'absolute',
            from: Date.UTC(2026, 10, 24, 17, 56),
            to: Date.UTC(2026, 10, 24, 18, 26),
          },
        }}
      ></alv-filter-bar>`,
    );
    expect(el.shadowRoot!.querySelector<HTMLInputElement>('#from')!.checkVisibility()).to.equal(
      true,
    );
    expect(rows(el)).to.equal(2);
    await expect(el).to.be.accessible();
  });
});
