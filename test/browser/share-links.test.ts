/**
 * Share links in the viewer: "Share" copies a link to the view or to the open entry with visible
 * confirmation; a link (with `sync-url`) restores the view and names what it ignored; a linked
 * entry several pages deep is paged to, scrolled to and opened; a gone one is explained; inner
 * events never reach the host.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { afterEach, describe, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../components/audit-log-viewer/audit-log-viewer.js';
import type { AuditLogViewer } from '../../components/audit-log-viewer/audit-log-viewer.component.js';
import type { AlvEventMap } from '../../components/events.js';
import { NotFoundError } from '../../core/errors.js';
import type { SearchResult } from '../../core/sources/types.js';
import { viewFromFragment } from '../../core/view-link.js';
import {
  captureClipboard,
  deepAll,
  deepText,
  event,
  fakeSource,
  page,
  rows,
} from './support/viewer.js';

const button = (el: Element, name: string) =>
  deepAll(el, 'button').find((b) => b.textContent?.trim() === name) as
    HTMLButtonElement | undefined;

/** 300 events served 50 a page with cursors `p1`…`p5`; each page waits for `gate` when set. */
function pagedSource(options: { gate?: () => Promise<void>; missing?: boolean } = {}) {
  const all = Array.from({ length: 300 }, (_, i) => event(`e${i}`));
  const cursors: (string | null)[] = [];
  const source = fakeSource(async (_view, _signal, cursor) => {
    cursors.push(cursor);
    await options.gate?.();
    const start = cursor ? Number(cursor.slice(1)) * 50 : 0;
    const next = start + 50 < all.length ? `p${start / 50 + 1}` : null;
    return page(all.slice(start, start + 50), { nextCursor: next });
  });
  source.get = (id) =>
    options.missing
      ? Promise.reject(new NotFoundError(`Audit event ${id} not found`, 'GET /events/x', 404))
      : Promise.resolve(event(id));
  return { source, cursors };
}

/** A viewer with `sync-url` over the events e1 and e2, its links based on an admin page. */
const syncedViewer = () =>
  fixture<AuditLogViewer>(
    html`<audit-log-viewer
      sync-url
      share-base="https://admin.example/audit"
      .dataSource=${fakeSource(() => Promise.resolve(page([event('e1'), event('e2')])))}
    ></audit-log-viewer>`,
  );

afterEach(() => {
  vi.restoreAllMocks();
  history.replaceState(null, '', location.pathname + location.search);
});

describe('Share', () => {
  it('copies a link to the view and to the open entry, and confirms it', async () => {
    const writes = captureClipboard();
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        share-base="https://admin.example/audit"
        .dataSource=${fakeSource(() => Promise.resolve(page([event('e1'), event('e2')])))}
      ></audit-log-viewer>`,
    );
    el.view = {
      v: 1,
      filters: { actor: 'e1@acme.example', time: { type: 'relative', last: '24h' } },
      sort: 'desc',
      selected: 'e1',
    };
    await waitUntil(() => rows(el).length === 2 && el.view.selected === 'e1');
    button(el, 'Share')!.click();
    await waitUntil(() => button(el, 'Copy link to the open entry'), 'no share panel');
    await expect(el).to.be.accessible();

    const copied = oneEvent<AlvEventMap['alv-copy']>(el, 'alv-copy');
    button(el, 'Copy link to this view')!.click();
    const { detail } = await copied;
    expect(detail.what).to.equal('link');
    // The relative range is pinned to absolute times by default.
    expect(detail.text).to.match(
      /^https:\/\/admin\.example\/audit#v1;q=user:e1@acme\.example%20after:\S+%20before:\S+;sel=e1$/,
    );
    expect(writes).to.deep.equal([detail.text]);
    await waitUntil(() => deepText(el.shadowRoot!).includes('View link copied'));

    // Kept relative on request; the entry link narrows the time to a window around it.
    button(el, 'Share')!.click();
    await waitUntil(() => deepAll(el, 'input[type="checkbox"]').length === 1);
    (deepAll(el, 'input[type="checkbox"]')[0] as HTMLInputElement).click();
    button(el, 'Copy link to this view')!.click();
    await waitUntil(() => writes.length === 2);
    expect(writes[1]).to.equal(
      'https://admin.example/audit#v1;q=user:e1@acme.example%20last:24h;sel=e1',
    );
    button(el, 'Share')!.click();
    await waitUntil(() => button(el, 'Copy link to the open entry'));
    button(el, 'Copy link to the open entry')!.click();
    await waitUntil(() => writes.length === 3);
    // e1 was recorded at 11:59:59 UTC: the link shows 15 minutes either side.
    expect(writes[2]).to.equal(
      'https://admin.example/audit#v1;q=user:e1@acme.example%20after:2026-11-20T11:44:59Z%20before:2026-11-20T12:14:59Z;sel=e1',
    );
    await waitUntil(() => deepText(el.shadowRoot!).includes('Entry link copied'));
  });

  it('closes its panel when Tab moves the focus past it, and keeps it for clicks inside', async () => {
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        .dataSource=${fakeSource(() => Promise.resolve(page([event('e1')])))}
      ></audit-log-viewer>`,
    );
    await waitUntil(() => rows(el).length === 1);
    const trigger = button(el, 'Share')!;
    trigger.focus();
    trigger.click();
    await waitUntil(() => button(el, 'Copy link to this view'), 'no share panel');
    expect(trigger.getAttribute('aria-expanded')).to.equal('true');
    // A press on the panel's text (the focus goes nowhere) and Tab within it keep it open.
    const panel = deepAll(el, '.panel')[0] as HTMLElement;
    panel.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    button(el, 'Copy link to this view')!.focus();
    button(el, 'Copy link to this view')!.blur();
    trigger.focus();
    await new Promise((r) => requestAnimationFrame(r));
    expect(button(el, 'Copy link to this view'), 'closed too early').to.exist;
    expect(trigger.getAttribute('aria-expanded')).to.equal('true');
    // Tab out of it, onto the next control of the status line.
    button(el, 'Export…')!.focus();
    await waitUntil(() => !button(el, 'Copy link to this view'), 'the panel stayed open');
    expect(trigger.getAttribute('aria-expanded')).to.equal('false');
  });

  it('shows the link to copy by hand when the clipboard refuses', async () => {
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('denied'));
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        share-base="https://admin.example/audit"
        .dataSource=${fakeSource(() => Promise.resolve(page([event('e1')])))}
      ></audit-log-viewer>`,
    );
    await waitUntil(() => rows(el).length === 1);
    button(el, 'Share')!.click();
    await waitUntil(() => button(el, 'Copy link to this view'));
    button(el, 'Copy link to this view')!.click();
    await waitUntil(() => deepAll(el, 'input[aria-label="Link"]').length === 1);
    const input = deepAll(el, 'input[aria-label="Link"]')[0] as HTMLInputElement;
    expect(input.value).to.equal('https://admin.example/audit#v1');
    expect(deepText(el.shadowRoot!)).to.include('The clipboard is not available here');
    await expect(el).to.be.accessible();
  });
});

describe('links and sync-url', () => {
  it('opens an entry link on the section it names, keeps it in the address bar, and links to the section on screen', async () => {
    const writes = captureClipboard();
    history.replaceState(null, '', '#v1;sel=e1;tab=raw');
    const el = await syncedViewer();
    const pane = () => deepAll(el, 'alv-payload-viewer')[0] as HTMLElement | undefined;
    const selectedTab = () =>
      pane()?.shadowRoot?.querySelector('[role=tab][aria-selected=true]')?.textContent?.trim();
    await waitUntil(() => selectedTab() === 'Raw', 'not opened on Raw');
    expect(deepAll(el, '[part="notice"]')).to.have.length(0);
    // A reload opens on it again: the address bar keeps it.
    expect(location.hash).to.equal('#v1;sel=e1;tab=raw');
    const length = history.length;
    // Another section chosen: the entry's link names it.
    const overview = pane()!.shadowRoot!.querySelector<HTMLElement>(
      '[role=tab][data-tab=overview]',
    )!;
    overview.click();
    await waitUntil(() => selectedTab() === 'Overview', 'Overview not chosen');
    overview.focus();
    await userEvent.keyboard('{ArrowRight}');
    await waitUntil(() => selectedTab() !== 'Overview', 'the arrow chose no other tab');
    const chosen = pane()!.shadowRoot!.querySelector('[role=tab][aria-selected=true]')!;
    const tab = chosen.getAttribute('data-tab');
    // The section on screen is the address bar's, in place (no history entry per section).
    await waitUntil(() => location.hash === `#v1;sel=e1;tab=${tab}`, location.hash);
    expect(history.length).to.equal(length);
    button(el, 'Share')!.click();
    await waitUntil(() => button(el, 'Copy link to the open entry'), 'no share panel');
    button(el, 'Copy link to the open entry')!.click();
    await waitUntil(() => writes.length === 1);
    expect(writes[0]).to.match(new RegExp(`;sel=e1;tab=${tab}$`));
  });

  it('opens the view of the page URL, and names what it ignored', async () => {
    history.replaceState(null, '', '#v1;q=user:e1@acme.example%20status:abc;sort=sideways;zzz=1');
    let seen: SearchResult['events'] = [];
    const searched: unknown[] = [];
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        sync-url
        .dataSource=${fakeSource((view) => {
          searched.push(view.filters);
          seen = [event('e1', { actor: { type: 'user', email: view.filters.actor } })];
          return Promise.resolve(page(seen));
        })}
      ></audit-log-viewer>`,
    );
    await waitUntil(() => rows(el).length === 1);
    expect(el.view.filters).to.deep.equal({ actor: 'e1@acme.example' });
    // The link's parser loads first, and the first search waits for it: none on the default view.
    expect(searched[0]).to.deep.equal({ actor: 'e1@acme.example' });
    const notice = deepAll(el, '[part="notice"]')[0]!;
    expect(notice.textContent).to.include('status:abc');
    expect(notice.textContent).to.include('sort "sideways"');
    expect(notice.textContent).to.include('unknown part "zzz"');
    await expect(el).to.be.accessible();
    button(el, 'Dismiss')!.click();
    await waitUntil(() => deepAll(el, '[part="notice"]').length === 0);
  });

  it('lets a view the host sets as it connects win over the link being read', async () => {
    history.replaceState(null, '', '#v1;q=user:link@acme.example');
    const searched: unknown[] = [];
    const el = document.createElement('audit-log-viewer');
    el.syncUrl = true;
    el.dataSource = fakeSource((view) => {
      searched.push(view.filters);
      return Promise.resolve(page([event('e1')]));
    });
    document.body.append(el);
    el.view = { ...el.view, filters: { plugin: 'host' } };
    await waitUntil(() => rows(el).length === 1);
    expect(searched).to.deep.equal([{ plugin: 'host' }]);
    expect(el.view.filters).to.deep.equal({ plugin: 'host' });
    el.remove();
  });

  it('writes committed changes to the URL', async () => {
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        sync-url
        .dataSource=${fakeSource(() => Promise.resolve(page([event('e1'), event('e2')])))}
      ></audit-log-viewer>`,
    );
    await waitUntil(() => rows(el).length === 2);
    const length = history.length;
    (rows(el)[1] as HTMLElement).click();
    await waitUntil(() => el.view.selected === 'e2');
    expect(location.hash).to.equal('#v1;sel=e2');
    expect(history.length).to.equal(length + 1);
  });
});

describe('safe to share and links', () => {
  it('keeps the user out of copied links and the address bar while on, and says so', async () => {
    const writes = captureClipboard();
    const el = await syncedViewer();
    await waitUntil(() => rows(el).length === 2);
    el.view = {
      ...el.view,
      filters: { actor: 'e1@acme.example', plugin: 'create ticket' },
      selected: 'e1',
    };
    await waitUntil(() => el.view.selected === 'e1');
    // (Setting `view` from outside writes no history; a committed change in the viewer does.)
    button(el, 'Safe to share')!.click();
    // Until the masking code is there every filter is left out; then only the user.
    expect(location.hash).not.to.include('e1@acme');
    // (The address bar says what it left out, as a copied link does.)
    await waitUntil(
      () => decodeURIComponent(location.hash) === '#v1;q=plugin:"create ticket";sel=e1;out=actor',
      'URL rewritten',
    );
    // Sent to someone (no history state of this page there), it tells them.
    expect(viewFromFragment(location.hash).notices[0]).to.include('which left out the user');

    button(el, 'Share')!.click();
    await waitUntil(() => button(el, 'Copy link to this view'), 'no share panel');
    expect(deepText(el.shadowRoot!)).to.include(
      'Safe to share is on: links leave out the user, which could identify someone.',
    );
    await expect(el).to.be.accessible();
    button(el, 'Copy link to this view')!.click();
    await waitUntil(() => writes.length === 1);
    // The link says what it left out, so whoever opens it is told.
    expect(writes[0]).to.equal(
      'https://admin.example/audit#v1;q=plugin:%22create%20ticket%22;sel=e1;out=actor',
    );

    // A reload (a new viewer reading the same history entry) keeps the whole view: the user
    // stays in the filters, though not in the address bar.
    el.remove();
    const again = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        sync-url
        share-base="https://admin.example/audit"
        .dataSource=${fakeSource(() => Promise.resolve(page([event('e1'), event('e2')])))}
      ></audit-log-viewer>`,
    );
    await waitUntil(() => rows(again).length === 2);
    expect(again.view.filters).to.deep.equal({
      actor: 'e1@acme.example',
      plugin: 'create ticket',
    });
    expect(location.hash).not.to.include('e1@acme');

    // Off again: the address bar and links hold the whole view.
    button(again, 'Safe to share')!.click();
    await waitUntil(() => location.hash.includes('e1@acme.example'), 'URL restored');
    button(again, 'Share')!.click();
    await waitUntil(() => button(again, 'Copy link to this view'));
    expect(deepText(again.shadowRoot!)).not.to.include('links leave out');
  });
});

describe('safe to share and the people the list names', () => {
  it('masks a name the rows mask in the query box and the address bar too, once the list says who it is', async () => {
    history.replaceState(null, '', `${location.pathname}${location.search}#v1;q=samuel%20green`);
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const samuel = event('e1', {
      actor: { type: 'user', name: 'Samuel Green' },
      action: 'samuel green did it',
    });
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        sync-url
        safe-to-share
        .dataSource=${fakeSource(() => answered.then(() => page([samuel])))}
      ></audit-log-viewer>`,
    );
    const query = () => (deepAll(el, '#query')[0] as HTMLInputElement | undefined)?.value;
    await waitUntil(() => query() === 'samuel green', 'no query box');
    // Who Samuel Green is comes with the list: then the rows, the query box and the address
    // bar say [name] (the address bar leaves the filter out).
    answer();
    await waitUntil(() => deepText(el.shadowRoot!).includes('[name] did it'), 'rows not masked');
    await waitUntil(() => query() === '[name]', `the query box shows ${query()}`);
    await waitUntil(() => !location.hash.toLowerCase().includes('samuel'), location.hash);
    // The viewer still searches for what was typed.
    expect(el.view.filters.q).to.equal('samuel green');
    await expect(el).to.be.accessible();
  });
});

describe('safe to share and history', () => {
  const mount = () =>
    fixture<AuditLogViewer>(
      html`<audit-log-viewer
        sync-url
        .dataSource=${fakeSource(() => Promise.resolve(page([event('e1')])))}
      ></audit-log-viewer>`,
    );

  it('an entry reached by Back is shown in the address bar as the mode wants it', async () => {
    const el = await mount();
    await waitUntil(() => rows(el).length === 1);
    button(el, 'Safe to share')!.click();
    await waitUntil(() => el.safeToShare);
    // An entry written while the mode was off names the user; going to it keeps the filter
    // but takes the user out of the address bar.
    history.pushState(null, '', '#v1;q=user:e1@acme.example%20plugin:x');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await waitUntil(() => el.view.filters.actor === 'e1@acme.example', 'link not applied');
    await waitUntil(() => !location.hash.includes('e1@acme'), 'the address bar names the user');
    expect(el.view.filters.plugin).to.equal('x');
    button(el, 'Safe to share')!.click();
    await waitUntil(() => location.hash.includes('e1@acme.example'), 'URL restored');
  });

  it("keeps a view for its own page's URL only", async () => {
    history.replaceState(
      {
        alvView: {
          shown: `${location.origin}/elsewhere#v1;q=plugin:x`,
          whole: '#v1;q=user:e1@acme.example%20plugin:x',
        },
      },
      '',
      '#v1;q=plugin:x',
    );
    const el = await mount();
    await waitUntil(() => rows(el).length === 1);
    expect(el.view.filters).to.deep.equal({ plugin: 'x' });
  });
});

describe('a linked entry', () => {
  it('several pages deep: paged to with progress, scrolled to, highlighted and opened', async () => {
    let release: (() => void)[] = [];
    const { source, cursors } = pagedSource({
      gate: () => new Promise<void>((r) => release.push(r)),
    });
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer style="--alv-height: 500px" .dataSource=${source}></audit-log-viewer>`,
    );
    el.view = { v: 1, filters: {}, sort: 'desc', selected: 'e180' };
    const step = async () => {
      await waitUntil(() => release.length > 0, 'no page was requested');
      const r = release;
      release = [];
      r.forEach((f) => f());
    };
    await step();
    await step();
    await waitUntil(() => deepText(el.shadowRoot!).includes('Finding the linked entry… page 2'));
    await step();
    await step();
    await waitUntil(() => cursors.length === 4 && release.length === 0 && el.view.selected);
    expect(cursors).to.deep.equal([null, 'p1', 'p2', 'p3']);
    await waitUntil(
      () => deepAll(el, '[role="row"][aria-current="true"]').length === 1,
      'the linked row was not shown as selected',
    );
    const row = deepAll(el, '[role="row"][aria-current="true"]')[0]!;
    expect(row.textContent).to.include('e180@acme.example');
    const table = deepAll(el, 'alv-log-table')[0]!.getBoundingClientRect();
    const box = row.getBoundingClientRect();
    expect(box.top >= table.top && box.bottom <= table.bottom, 'row in view').to.equal(true);
    await waitUntil(() => deepAll(el, 'alv-payload-viewer').length === 1);
    expect(deepText(el.shadowRoot!)).not.to.include('Finding the linked entry');
    await expect(el).to.be.accessible();
  });

  it('that is gone is explained plainly', async () => {
    const { source } = pagedSource({ missing: true });
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer .dataSource=${source}></audit-log-viewer>`,
    );
    el.view = { v: 1, filters: {}, sort: 'desc', selected: 'evt_deleted' };
    await waitUntil(
      () => deepText(el.shadowRoot!).includes('The linked entry is no longer available'),
      'no notice',
      { timeout: 10_000 },
    );
    await expect(el).to.be.accessible();
  });
});

describe('events', () => {
  it("inner parts' events never reach the host; alv-row-select can be cancelled", async () => {
    const leaked: string[] = [];
    const names = [
      'alv-load-more',
      'alv-filter-change',
      'alv-sort-change',
      'alv-columns-change',
      'alv-close',
    ];
    const listener = (e: Event) => leaked.push(e.type);
    for (const n of names) document.addEventListener(n, listener);
    try {
      const { source } = pagedSource();
      const el = await fixture<AuditLogViewer>(
        html`<audit-log-viewer
          style="--alv-height: 400px"
          .dataSource=${source}
        ></audit-log-viewer>`,
      );
      await waitUntil(() => rows(el).length > 3);
      // Scrolling to the end asks the table for more: handled inside.
      const table = deepAll(el, 'alv-log-table')[0] as HTMLElement & {
        focusRow(i: number): Promise<void>;
      };
      await table.focusRow(49);
      const loaded = () => Number(/([\d,]+)\+?\s+events/.exec(deepText(el.shadowRoot!))?.[1]);
      await waitUntil(() => loaded() >= 100, 'no next page');
      el.addEventListener('alv-row-select', (e) => e.preventDefault(), { once: true });
      (rows(el)[0] as HTMLElement).click();
      await new Promise((r) => requestAnimationFrame(r));
      expect(el.view.selected).to.equal(undefined);
      (rows(el)[0] as HTMLElement).click();
      await waitUntil(() => el.view.selected !== undefined);
      expect(leaked).to.deep.equal([]);
    } finally {
      for (const n of names) document.removeEventListener(n, listener);
    }
  });
});
