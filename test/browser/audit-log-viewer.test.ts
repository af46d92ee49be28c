import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { describe, it, inject } from 'vitest';
import '../../components/audit-log-viewer/audit-log-viewer.js';
import type { AuditLogViewer } from '../../components/audit-log-viewer/audit-log-viewer.component.js';
import type { AlvEventMap } from '../../components/events.js';
import { ServerError } from '../../core/errors.js';
import { REDACTION_MARKER, type AuditEvent } from '../../core/model.js';
import type { Source } from '../../core/sources/types.js';
import { deepAll, deepText, delay, event, fakeSource, page, rows } from './support/viewer.js';

const url = inject('serviceUrl');

describe('<audit-log-viewer> against the reference service', () => {
  it('loads events, opens one, and is accessible', async () => {
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        style="--alv-height: 600px"
        endpoint=${url}
        .credentials=${() => 'demo-pii-viewer'}
      ></audit-log-viewer>`,
    );
    await waitUntil(() => rows(el).length > 5, 'rows did not render', { timeout: 10_000 });
    expect(/\d+\+?\s+events/.test(deepText(el.shadowRoot!))).to.equal(true);
    await expect(el).to.be.accessible();

    const first = rows(el)[0] as HTMLElement;
    const selected = oneEvent<AlvEventMap['alv-row-select']>(el, 'alv-row-select');
    first.click();
    const { detail } = await selected;
    expect(detail.id).to.be.a('string');
    await waitUntil(() => deepAll(el, 'alv-payload-viewer').length === 1, 'no detail pane');
    expect(el.view.selected).to.equal(detail.id);
    await expect(el).to.be.accessible();

    // Escape closes the entry and focus returns to its row.
    // The entry pane loads on first use.
    const closeButton = () =>
      deepAll(el, 'alv-payload-viewer')[0]?.shadowRoot?.querySelector('button') ?? null;
    await waitUntil(closeButton, 'the entry pane did not load');
    closeButton()!.focus();
    closeButton()!.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }),
    );
    await waitUntil(() => deepAll(el, 'alv-payload-viewer').length === 0, 'entry not closed');
    await waitUntil(() => {
      const table = deepAll(el, 'alv-log-table')[0]!;
      return table.shadowRoot!.activeElement?.closest('[role="row"]') === first;
    }, 'focus did not return to the row');
  });

  it('shows the redaction placeholder, and no body, to a restricted principal', async () => {
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        endpoint=${url}
        .credentials=${() => 'demo-restricted'}
      ></audit-log-viewer>`,
    );
    el.view = { ...el.view, filters: { plugin: 'create ticket', status: '201' } };
    await waitUntil(() => rows(el).length > 0, 'rows did not render', { timeout: 10_000 });
    (rows(el)[0] as HTMLElement).click();
    await waitUntil(
      () => /requires the PII viewer role/.test(deepText(el.shadowRoot!)),
      'no placeholder',
      {
        timeout: 10_000,
      },
    );
    // The server sent markers, never bodies.
    const full = (await (
      await fetch(`${url}/api/v1/audit/events/${el.view.selected}`, {
        headers: { authorization: 'Bearer demo-pii-viewer' },
      })
    ).json()) as { data: AuditEvent };
    // Values that also appear in what the restricted principal may see (an actor's name
    // quoted in a body, say) are not secrets; everything else in the body is.
    const { request, response: _response, ...visible } = full.data;
    const publicText = JSON.stringify(visible);
    const text = deepText(el.shadowRoot!);
    const secrets = (JSON.stringify(request?.body ?? {}).match(/"[^"]{12,}"/g) ?? [])
      .map((v) => v.slice(1, -1))
      .filter((v) => !publicText.includes(v));
    expect(secrets.length).to.be.greaterThan(0);
    for (const secret of secrets)
      expect(text.includes(secret), `the page shows ${secret}`).to.equal(false);
    expect(text.includes(REDACTION_MARKER)).to.equal(false);
  });

  it('explains a forbidden principal', async () => {
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        endpoint=${url}
        .credentials=${() => 'demo-no-access'}
      ></audit-log-viewer>`,
    );
    const failed = oneEvent<AlvEventMap['alv-error']>(el, 'alv-error');
    const { detail } = await failed;
    expect((detail.error as { kind?: string }).kind).to.equal('forbidden');
    await waitUntil(() => /permission/.test(deepText(el.shadowRoot!)));
    // A refused permission does not pass by itself: no retry is offered or scheduled.
    expect(deepText(el.shadowRoot!)).not.to.match(/Retry|Try again/);
    // One clear message, said once, and no controls that cannot work.
    const state = el.shadowRoot!.querySelector('.state.error')!;
    expect(state.textContent.replace(/\s+/g, ' ').trim()).to.equal(
      'You do not have permission to read these audit logs Your account has no read access to the audit logs. Ask an administrator for it.',
    );
    const visible = [
      ...el.shadowRoot!.querySelectorAll<HTMLElement>(
        '.status button, alv-filter-bar, alv-share-menu, alv-saved-views',
      ),
    ]
      .filter((b) => b.checkVisibility())
      .map((b) => {
        // What it is called: its text without the decorative (aria-hidden) icon.
        const named = b.cloneNode(true) as HTMLElement;
        named.querySelectorAll('[aria-hidden="true"]').forEach((n) => n.remove());
        return named.textContent?.trim() || b.localName;
      });
    expect(visible).to.deep.equal(['Refresh']);
    await expect(el).to.be.accessible();
  });
});

describe('<audit-log-viewer> loading states', () => {
  it('never shows an older query after a newer one (race)', async () => {
    const aborted: string[] = [];
    const source = fakeSource(async (view, signal) => {
      const slow = view.filters.q === 'slow';
      signal.addEventListener('abort', () => aborted.push(String(view.filters.q)));
      await delay(slow ? 400 : 20, signal);
      return page([event(slow ? 'slow1' : 'fast1')]);
    });
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer .dataSource=${source}></audit-log-viewer>`,
    );
    el.view = { ...el.view, filters: { q: 'slow' } };
    await el.updateComplete;
    el.view = { ...el.view, filters: { q: 'fast' } };
    await waitUntil(() => rows(el).length === 1, 'fast result not shown');
    await new Promise((r) => setTimeout(r, 600));
    const text = deepText(el.shadowRoot!);
    expect(text.includes('fast1')).to.equal(true);
    expect(text.includes('slow1')).to.equal(false);
    expect(aborted).to.include('slow');
  });

  it('shows an error with retry, then the data', async () => {
    let calls = 0;
    const source = fakeSource(() => {
      calls++;
      if (calls === 1)
        return Promise.reject(new ServerError('GET /x: failed with HTTP 503', 'GET /x', 503));
      return Promise.resolve(page([event('e1'), event('e2')]));
    });
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer .dataSource=${source}></audit-log-viewer>`,
    );
    await waitUntil(() => /audit service failed/i.test(deepText(el.shadowRoot!)), 'no error state');
    // A 5xx may pass: it will be tried again by itself, and says when.
    expect(deepText(el.shadowRoot!)).to.contain('Retrying in 2 s…');
    await expect(el).to.be.accessible();
    const retry = deepAll(el, 'button').find(
      (b) => b.textContent?.trim() === 'Retry now',
    ) as HTMLButtonElement;
    retry.click();
    await waitUntil(() => rows(el).length === 2, 'rows after retry');
    expect(calls).to.equal(2);
  });

  it('tries a failed search again by itself after a 5xx', async () => {
    let calls = 0;
    const source = fakeSource(() => {
      calls++;
      if (calls === 1)
        return Promise.reject(new ServerError('GET /x: failed with HTTP 502', 'GET /x', 502));
      return Promise.resolve(page([event('e1')]));
    });
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer .dataSource=${source}></audit-log-viewer>`,
    );
    await waitUntil(() => /Retrying in \d s…/.test(deepText(el.shadowRoot!)), 'no countdown');
    await waitUntil(() => rows(el).length === 1, 'not retried by itself', { timeout: 10_000 });
    expect(calls).to.equal(2);
    expect(deepText(el.shadowRoot!)).not.to.contain('Retrying');
  });

  it('shows an empty state that can clear the filters', async () => {
    const source = fakeSource((view) =>
      Promise.resolve(page(Object.keys(view.filters).length ? [] : [event('e1')])),
    );
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer .dataSource=${source}></audit-log-viewer>`,
    );
    el.view = { ...el.view, filters: { actor: 'nobody@acme.example' } };
    await waitUntil(
      () => /No events match these filters/.test(deepText(el.shadowRoot!)),
      'no empty state',
    );
    // Any time already: the advice is not a longer time range.
    expect(deepText(el.shadowRoot!)).to.contain('Try removing a filter.');
    expect(deepText(el.shadowRoot!)).not.to.contain('longer time range');
    await expect(el).to.be.accessible();
    const changed = oneEvent<AlvEventMap['alv-view-change']>(el, 'alv-view-change');
    (
      deepAll(el, 'button').find((b) =>
        /Clear all filters/.test(b.textContent ?? ''),
      ) as HTMLElement
    ).click();
    expect((await changed).detail.view.filters).to.deep.equal({});
    await waitUntil(() => rows(el).length === 1);

    // With a time range set, a longer one is worth a try.
    el.view = {
      ...el.view,
      filters: { actor: 'nobody@acme.example', time: { type: 'relative', last: '1h' } },
    };
    await waitUntil(() =>
      deepText(el.shadowRoot!).includes('Try a longer time range, or remove a filter.'),
    );
  });

  it('says which filter no record of this backend can pass, and removes just that one', async () => {
    // As the Nected adapter plans `method:POST` (its records have no method): no request.
    const base = fakeSource((view) =>
      Promise.resolve(
        page(view.filters.method ? [] : [event('e1')], {
          clientFiltered: view.filters.method ? ['method'] : [],
        }),
      ),
    );
    const source: Source = {
      ...base,
      planFilters: (view) => ({
        server: view.filters.plugin ? ['plugin'] : [],
        client: view.filters.method ? ['method'] : [],
        never: view.filters.method ? ['method'] : [],
      }),
    };
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer .dataSource=${source}></audit-log-viewer>`,
    );
    el.view = { ...el.view, filters: { method: 'POST', plugin: 'create ticket' } };
    await waitUntil(() => /No events can match here/.test(deepText(el.shadowRoot!)), 'no notice');
    const said = (selector: string) =>
      (el.shadowRoot!.querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ');
    // In the status line and in the empty list, the same words.
    expect(said('[part=status]')).to.contain('No event from this backend can match method:POST');
    expect(said('.state.empty')).to.contain('No event from this backend can match method:POST.');
    const text = deepText(el.shadowRoot!).replace(/\s+/g, ' ');
    // Not the generic advice, and not named as merely filtered in the viewer.
    expect(text).not.to.contain('Try removing a filter.');
    expect(text).not.to.contain('Filtered in the viewer');
    await expect(el).to.be.accessible();
    const changed = oneEvent<AlvEventMap['alv-view-change']>(el, 'alv-view-change');
    const remove = deepAll(el, 'button').find(
      (b) => b.textContent?.replace(/\s+/g, ' ').trim() === 'Remove method:POST',
    ) as HTMLElement;
    expect(remove, 'a button naming the filter').to.exist;
    remove.click();
    expect((await changed).detail.view.filters).to.deep.equal({ plugin: 'create ticket' });
    await waitUntil(() => rows(el).length === 1, 'the list after removing it');
    expect(deepText(el.shadowRoot!)).not.to.contain('No event from this backend can match');
    // The button went with the empty list: the focus is in the query box, not on the page.
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    expect(active?.id).to.equal('query');
  });

  it("shows by default only the columns this backend's records fill", async () => {
    const base = fakeSource(() => Promise.resolve(page([event('e1')])));
    const headers = (el: AuditLogViewer) =>
      deepAll(el, '[role=columnheader]').map((h) => h.textContent?.replace(/\s+/g, ' ').trim());
    // As Kore's: no method and no trace ID in its records.
    const source: Source = {
      ...base,
      capabilities: {
        ...base.capabilities,
        filters: ['q', 'actor', 'plugin', 'kind', 'status', 'time', 'action'],
      },
    };
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer .dataSource=${source}></audit-log-viewer>`,
    );
    await waitUntil(() => rows(el).length === 1);
    const shown = headers(el).join('|');
    expect(shown).to.contain('Status');
    expect(shown).not.to.contain('Method');
    expect(shown).not.to.contain('Trace');
    // The user's choice (or a link's) still wins.
    el.view = { ...el.view, columns: ['time', 'method', 'trace'] };
    await waitUntil(() => headers(el).some((h) => h === 'Method'), 'chosen columns not shown');
  });

  it('says which filters were applied in the viewer', async () => {
    const source = fakeSource(() =>
      Promise.resolve(page([event('e1')], { clientFiltered: ['actor', 'q'], scanned: 240 })),
    );
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer .dataSource=${source}></audit-log-viewer>`,
    );
    await waitUntil(() => /Filtered in the viewer: actor, text/.test(deepText(el.shadowRoot!)));
    expect(deepText(el.shadowRoot!)).to.contain('240');
  });

  it('safe to share masks the list as well as the entry', async () => {
    const source = fakeSource(() => Promise.resolve(page([event('e1'), event('e2')])));
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer .dataSource=${source}></audit-log-viewer>`,
    );
    el.view = { ...el.view, filters: { actor: 'e1@acme.example' } };
    await waitUntil(() => rows(el).length === 2);
    expect(deepText(el.shadowRoot!).includes('e1@acme.example')).to.equal(true);
    // (The filter bar loads beside the first page: its inputs once it is there.)
    const inputs = () =>
      [...(deepAll(el, 'alv-filter-bar')[0]?.shadowRoot?.querySelectorAll('input') ?? [])].map(
        (i) => i.value,
      );
    await waitUntil(() => inputs().join(' ').includes('e1@acme.example'), 'filters not shown');
    expect(inputs().join(' ')).to.include('e1@acme.example');
    const toggle = deepAll(el, 'button').find((b) => b.textContent?.trim() === 'Safe to share');
    (toggle as HTMLButtonElement).click();
    await waitUntil(
      () => rows(el).length === 2 && !deepText(el.shadowRoot!).includes('@acme.example'),
    );
    expect(deepText(el.shadowRoot!).includes('[email]')).to.equal(true);
    expect(toggle?.getAttribute('aria-pressed')).to.equal('true');
    // The query box and the user field show no address either (and cannot be edited).
    await waitUntil(() => !inputs().join(' ').includes('@acme.example'), 'filters not masked');
    expect(inputs().join(' ')).to.include('[email]');
    expect((deepAll(el, '#query')[0] as HTMLInputElement).readOnly).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('safe to share stays on across a reload (kept in this browser) until switched off', async () => {
    const source = fakeSource(() => Promise.resolve(page([event('e1')])));
    const open = () =>
      fixture<AuditLogViewer>(html`<audit-log-viewer .dataSource=${source}></audit-log-viewer>`);
    const toggle = (el: AuditLogViewer) =>
      deepAll(el, 'button').find(
        (b) => b.textContent?.trim() === 'Safe to share',
      ) as HTMLButtonElement;
    const first = await open();
    await waitUntil(() => rows(first).length === 1);
    expect(first.safeToShare).to.equal(false);
    toggle(first).click();
    await waitUntil(() => !deepText(first.shadowRoot!).includes('@acme.example'));
    first.remove();
    // As after a reload: a new viewer in the same browser.
    const second = await open();
    await waitUntil(() => rows(second).length === 1);
    expect(second.safeToShare).to.equal(true);
    expect(second.hasAttribute('safe-to-share')).to.equal(true);
    expect(toggle(second).getAttribute('aria-pressed')).to.equal('true');
    await waitUntil(() => deepText(second.shadowRoot!).includes('[email]'), 'not masked');
    expect(deepText(second.shadowRoot!)).not.to.include('e1@acme.example');
    toggle(second).click();
    await waitUntil(() => deepText(second.shadowRoot!).includes('e1@acme.example'));
    second.remove();
    const third = await open();
    expect(third.safeToShare).to.equal(false);
    await expect(third).to.be.accessible();
  });

  it('a host can turn safe to share on (attribute), which does not change the kept choice', async () => {
    const source = fakeSource(() => Promise.resolve(page([event('e1')])));
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer safe-to-share .dataSource=${source}></audit-log-viewer>`,
    );
    await waitUntil(() => rows(el).length === 1);
    await waitUntil(() => deepText(el.shadowRoot!).includes('[email]'), 'not masked');
    expect(deepText(el.shadowRoot!)).not.to.include('e1@acme.example');
    expect(localStorage.getItem('alv-safe-to-share')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('safe to share masks the people the list names wherever an entry mentions them, and copies always do', async () => {
    const samuel = event('e1', {
      actor: { type: 'user', name: 'Samuel Green', email: 'sg@acme.example' },
    });
    const mention = event('e2', {
      action: 'escalate to Samuel Green',
      request: { body: { note: 'Samuel Green will call back' } },
    });
    const source: Source = {
      ...fakeSource(() => Promise.resolve(page([samuel, mention]))),
      get: (id) => Promise.resolve([samuel, mention].find((e) => e.id === id)!),
    };
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer safe-to-share .dataSource=${source}></audit-log-viewer>`,
    );
    await waitUntil(() => rows(el).length === 2);
    await waitUntil(() => deepText(el.shadowRoot!).includes('escalate to [name]'), 'not masked');
    expect(deepText(el.shadowRoot!)).not.to.include('Samuel Green');

    // The entry, opened from that list: masked on screen, its body included.
    el.view = { ...el.view, selected: 'e2' };
    const viewer = () => deepAll(el, 'alv-payload-viewer')[0] as HTMLElement | undefined;
    const request = () =>
      [...(viewer()?.shadowRoot?.querySelectorAll<HTMLElement>('[role=tab]') ?? [])].find(
        (t) => t.textContent?.trim() === 'Request',
      );
    await waitUntil(() => request(), 'no entry', { timeout: 5000 });
    request()!.click();
    await waitUntil(
      () => deepText(viewer()!.shadowRoot!).includes('[name] will call back'),
      'the body was not masked',
    );
    expect(deepText(el.shadowRoot!)).not.to.include('Samuel Green');

    // Off: the screen shows the name again; a copy of the entry is still masked.
    el.safeToShare = false;
    await waitUntil(() => deepText(el.shadowRoot!).includes('escalate to Samuel Green'));
    const copyJson = [...viewer()!.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find(
      (b) => b.textContent?.trim() === 'Copy JSON',
    )!;
    setTimeout(() => copyJson.click());
    const copied = await oneEvent<AlvEventMap['alv-copy']>(el, 'alv-copy');
    expect(copied.detail.text).to.include('[name] will call back');
    expect(copied.detail.text).not.to.include('Samuel Green');
    await expect(el).to.be.accessible();
  });

  it('safe to share masks, in the rows already loaded, a person a later page names', async () => {
    const mention = event('e2', { action: 'escalate to Samuel Green' });
    const samuel = event('e3', {
      actor: { type: 'user', name: 'Samuel Green', email: 'sg@acme.example' },
    });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const source = fakeSource(async (_view, _signal, cursor) => {
      if (!cursor) return page([mention, event('e4')], { nextCursor: 'p1' });
      await gate;
      return page([samuel, event('e5')]);
    });
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer safe-to-share .dataSource=${source}></audit-log-viewer>`,
    );
    await waitUntil(() => rows(el).length === 2);
    await waitUntil(() => deepText(el.shadowRoot!).includes('[email]'), 'not masked');
    release();
    await waitUntil(() => rows(el).length === 4);
    // Rows masked before are masked again for the people the list now names, not kept as were.
    await waitUntil(() => deepText(el.shadowRoot!).includes('escalate to [name]'));
    expect(deepText(el.shadowRoot!)).not.to.include('Samuel Green');
    await expect(el).to.be.accessible();
  });

  it('safe to share keeps a trace ID in the query box and its field (an identifier, not a key)', async () => {
    const source = fakeSource(() => Promise.resolve(page([event('e1')])));
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer .dataSource=${source}></audit-log-viewer>`,
    );
    const trace = '9aa28757e1e1895ab21cf87daad5e471';
    el.view = { ...el.view, filters: { traceId: trace, actor: 'e1@acme.example' } };
    await waitUntil(() => rows(el).length === 1);
    const toggle = deepAll(el, 'button').find((b) => b.textContent?.trim() === 'Safe to share');
    (toggle as HTMLButtonElement).click();
    const query = () => (deepAll(el, '#query')[0] as HTMLInputElement).value;
    await waitUntil(() => query().includes('[email]'), 'the query box was not masked');
    expect(query()).to.include(`trace:${trace}`);
    expect(query()).not.to.include('e1@acme.example');
    const fields = [...deepAll(el, 'alv-filter-bar')[0]!.shadowRoot!.querySelectorAll('input')];
    expect(fields.map((i) => i.value)).to.include(trace);
    await expect(el).to.be.accessible();
  });

  it('live tail: new matching events arrive at the top; a new query reconnects; off disconnects', async () => {
    const tails: { filters: string; push: (e: AuditEvent) => void; signal: AbortSignal }[] = [];
    const source: Source = {
      ...fakeSource(() => Promise.resolve(page([event('e1'), event('e2')]))),
      stream: (view, onEvent, signal, options) => {
        tails.push({ filters: JSON.stringify(view.filters), push: onEvent, signal });
        options?.onOpen?.();
        return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      },
    };
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer .dataSource=${source}></audit-log-viewer>`,
    );
    await waitUntil(() => rows(el).length === 2);
    const live = () => deepAll(el, 'button.live')[0] as HTMLButtonElement;
    expect(tails).to.have.length(0);
    live().click();
    await waitUntil(() => tails.length === 1, 'the tail did not connect');
    expect(live().getAttribute('aria-pressed')).to.equal('true');
    await expect(el).to.be.accessible();

    tails[0]!.push(event('new1', { timestamp: Date.UTC(2026, 10, 21) }));
    await waitUntil(() => rows(el).length === 3);
    expect(rows(el)[0]!.textContent).to.contain('new1');
    tails[0]!.push(event('new1')); // a duplicate is ignored
    await el.updateComplete;
    expect(rows(el)).to.have.length(3);

    el.view = { ...el.view, filters: { method: 'POST' } };
    await waitUntil(() => tails.length === 2, 'no reconnect for the new query');
    expect(tails[0]!.signal.aborted).to.equal(true);
    expect(tails[1]!.filters).to.equal('{"method":"POST"}');

    live().click();
    await el.updateComplete;
    expect(tails[1]!.signal.aborted).to.equal(true);
  });
});

describe('<audit-log-viewer> theming', () => {
  it("forwards its parts' parts, so a host can style them with ::part()", async () => {
    const style = document.createElement('style');
    style.textContent = `
      .themed::part(row) { outline: 3px solid rgb(1, 2, 3); }
      .themed::part(query) { background-color: rgb(4, 5, 6); }
      .themed::part(share-trigger) { color: rgb(7, 8, 9); }
    `;
    document.head.append(style);
    try {
      const el = await fixture<AuditLogViewer>(
        html`<audit-log-viewer
          class="themed"
          .dataSource=${fakeSource(() => Promise.resolve(page([event('e1')])))}
        ></audit-log-viewer>`,
      );
      await waitUntil(() => rows(el).length === 1);
      expect(getComputedStyle(rows(el)[0]!).outlineColor).to.equal('rgb(1, 2, 3)');
      const query = deepAll(el, '[part="query"]')[0]!;
      expect(getComputedStyle(query).backgroundColor).to.equal('rgb(4, 5, 6)');
      const share = deepAll(el, 'alv-share-menu')[0]!.shadowRoot!.querySelector(
        '[part="trigger"]',
      )!;
      expect(getComputedStyle(share).color).to.equal('rgb(7, 8, 9)');
    } finally {
      style.remove();
    }
  });
});

describe('<audit-log-viewer> and a bad record', () => {
  it('lists the other events and says which record was wrong, and where', async () => {
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        .dataSource=${fakeSource(() =>
          Promise.resolve(
            page([event('e1'), event('e3')], {
              rejected: [
                { index: 1, id: 'e2', path: 'data[1].message', message: 'expected a string' },
              ],
            }),
          ),
        )}
      ></audit-log-viewer>`,
    );
    await waitUntil(() => rows(el).length === 2);
    const notice = deepAll(el, '.notice.rejected')[0]!;
    expect(notice.textContent?.replace(/\s+/g, ' ')).to.include('One record could not be shown');
    expect(notice.textContent?.replace(/\s+/g, ' ')).to.include(
      'e2: data[1].message — expected a string',
    );
    await expect(el).to.be.accessible();
  });

  it('tells the host (alv-error) as well as the screen when it is configured with no such adapter, once', async () => {
    const el = document.createElement('audit-log-viewer');
    el.endpoint = 'https://audit.example.com';
    el.source = 'splunk';
    el.credentials = () => 'k';
    const errors: AlvEventMap['alv-error']['detail'][] = [];
    el.addEventListener('alv-error', (e) => errors.push(e.detail));
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    wrapper.append(el);
    await waitUntil(() => errors.length === 1, 'not told');
    expect(errors[0]!.retryable).to.equal(false);
    expect(errors[0]!.error.message).to.equal(
      'Unknown audit source "splunk": expected one of generic, nected, kore, org-audit, mapped',
    );
    await waitUntil(() => deepText(el.shadowRoot!).includes('Unknown audit source "splunk"'));
    // A host rendering again sets the same mistake again: said once.
    for (let i = 0; i < 3; i++) {
      el.credentials = () => 'k';
      await el.updateComplete;
    }
    expect(errors).to.have.length(1);
    await expect(el).to.be.accessible();
    // Mended (even before it loads), then made again: said again; so after no endpoint at all.
    el.source = 'generic';
    await el.updateComplete;
    el.source = 'splunk';
    await waitUntil(() => errors.length === 2, 'the mistake made again was not said');
    el.endpoint = '';
    await el.updateComplete;
    el.endpoint = 'https://audit.example.com';
    await waitUntil(() => errors.length === 3, 'the mistake after no endpoint was not said');
  });

  it('hears a host that mends its configuration when told of the mistake', async () => {
    const el = document.createElement('audit-log-viewer');
    el.cache = 'none';
    el.endpoint = url;
    el.source = 'splunk';
    el.credentials = () => 'demo-pii-viewer';
    el.addEventListener('alv-error', () => (el.source = 'generic'), { once: true });
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    wrapper.append(el);
    await waitUntil(() => rows(el).length > 5, 'the mended source was not loaded', {
      timeout: 10_000,
    });
    expect(deepText(el.shadowRoot!)).not.to.include('Unknown audit source');
  });

  it("says what a host source threw as a plain object ({ message }), not '[object Object]'", async () => {
    const el = document.createElement('audit-log-viewer');
    // A host's source may reject with anything: here what a fetch wrapper often throws.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    el.dataSource = fakeSource(() => Promise.reject({ status: 502, message: 'gateway' }));
    const failed = oneEvent<AlvEventMap['alv-error']>(el, 'alv-error');
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    wrapper.append(el);
    const { detail } = await failed;
    expect(detail.error.message).to.equal('gateway');
    await waitUntil(() => el.shadowRoot!.querySelector('.state.error'), 'no error shown');
    const said = el.shadowRoot!.querySelector('.state.error')!.textContent;
    expect(said).to.include('gateway');
    expect(said).not.to.include('[object Object]');
    await expect(el).to.be.accessible();
    // A fetch Response thrown as it is: its status, not the object (nor its headers).
    el.dataSource = fakeSource(() =>
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      Promise.reject(new Response('{}', { status: 503, statusText: 'Service Unavailable' })),
    );
    await waitUntil(
      () => el.shadowRoot!.querySelector('.state.error')?.textContent?.includes('HTTP 503'),
      'the status is not said',
    );
  });

  it("checks a host source's events itself: one with an ISO timestamp is named, the rest listed", async () => {
    const iso = { ...event('e2'), timestamp: '2026-12-01T19:40:00Z' } as unknown as AuditEvent;
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        .dataSource=${fakeSource(() => Promise.resolve(page([event('e1'), iso, event('e3')])))}
      ></audit-log-viewer>`,
    );
    await waitUntil(() => rows(el).length === 2, 'the other events are not listed');
    const notice = deepAll(el, '.notice.rejected')[0]!;
    expect(notice.textContent?.replace(/\s+/g, ' ')).to.include(
      'e2: events[1].timestamp — expected number',
    );
    await expect(el).to.be.accessible();
  });
});
