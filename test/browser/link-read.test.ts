/**
 * A link in the address bar (`sync-url`) whose reading module (the query parser) is slow to
 * come, as on a slow network, or cannot be loaded at all: the first search waits for the
 * newest link, the address bar keeps it meanwhile, a change the user makes in that time wins,
 * and a module that cannot be loaded is said while the link stays for a reload.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { afterEach, describe, it } from 'vitest';
import '../../components/audit-log-viewer/audit-log-viewer.js';
import type { AuditLogViewer } from '../../components/audit-log-viewer/audit-log-viewer.component.js';
import { linkModule } from '../../components/audit-log-viewer/url-sync.js';
import { deepAll, event, fakeSource, page, rows } from './support/viewer.js';

const load = linkModule.load;

/** Holds the link's module back until `open()`. */
function holdBack(): { open: () => void } {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  linkModule.load = () => gate.then(load);
  return { open };
}

/** A viewer with `sync-url` over one event, in the page; `searched` gets each search's filters. */
function viewer(searched: unknown[], setUp: (el: AuditLogViewer) => void = () => {}) {
  const el = document.createElement('audit-log-viewer');
  el.syncUrl = true;
  el.dataSource = fakeSource((view) => {
    searched.push(view.filters);
    return Promise.resolve(page([event('e1')]));
  });
  setUp(el);
  document.body.append(el);
  return el;
}

/** Resolves in a task of its own: every microtask queued before has run. */
const afterMicrotasks = () =>
  new Promise<void>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });

const rendered = (el: AuditLogViewer) =>
  waitUntil(() => el.shadowRoot?.querySelector('alv-filter-bar'), 'not rendered');

afterEach(() => {
  linkModule.load = load;
  document.querySelectorAll('audit-log-viewer').forEach((e) => e.remove());
  history.replaceState(null, '', location.pathname + location.search);
});

describe('a link read while its module loads', () => {
  it('stays in the address bar meanwhile, and gives way to a change the user makes', async () => {
    const LINK = '#v1;q=plugin:jira;sort=asc';
    history.replaceState(null, '', LINK);
    const gate = holdBack();
    const searched: unknown[] = [];
    // Safe to share on at start writes the address bar as the mode shows it: not over the link.
    const el = viewer(searched, (el) => (el.safeToShare = true));
    await rendered(el);
    expect(location.hash).to.equal(LINK);
    expect(searched).to.deep.equal([]);

    // The user applies a filter before the link is read: a history entry of its own.
    const length = history.length;
    el.shadowRoot!.querySelector('alv-filter-bar')!.dispatchEvent(
      new CustomEvent('alv-filter-change', {
        detail: { filters: { plugin: 'mine' } },
        bubbles: true,
        composed: true,
      }),
    );
    await waitUntil(() => location.hash === '#v1;q=plugin:mine', location.hash);
    expect(history.length).to.equal(length + 1);

    gate.open();
    await waitUntil(() => rows(el).length === 1, 'no rows');
    expect(searched).to.deep.equal([{ plugin: 'mine' }]);
    expect(el.view.filters).to.deep.equal({ plugin: 'mine' });
    expect(location.hash).to.equal('#v1;q=plugin:mine');
    expect(history.length).to.equal(length + 1);
  });

  it('is not searched when another link is navigated to meanwhile: the newest is', async () => {
    history.replaceState(null, '', '#v1;q=plugin:first');
    // Each read held back by a gate of its own (the module itself is there at once), so that
    // the first read ends before the second.
    const gates: (() => void)[] = [];
    linkModule.load = () =>
      Promise.all([load(), new Promise<void>((resolve) => gates.push(resolve))]).then(([m]) => m);
    const searched: unknown[] = [];
    const el = viewer(searched);
    await rendered(el);
    location.hash = '#v1;q=plugin:second';
    // (popstate and hashchange: the second link may be read twice.)
    await waitUntil(() => gates.length >= 2, 'the second link not read');
    gates[0]!();
    // Once what the first read set going has run: it is not applied, nothing is searched yet.
    await afterMicrotasks();
    expect(el.view.filters).to.deep.equal({});
    expect(searched).to.deep.equal([]);
    for (const open of gates.slice(1)) open();
    await waitUntil(() => rows(el).length === 1, 'no rows');
    expect(searched).to.deep.equal([{ plugin: 'second' }]);
    expect(el.view.filters).to.deep.equal({ plugin: 'second' });
  });

  it('that cannot be loaded is said, and the link kept in the address bar', async () => {
    const LINK = '#v1;q=user:link@acme.example;sel=e9';
    history.replaceState(null, '', LINK);
    linkModule.load = () =>
      Promise.reject(new TypeError('Failed to fetch dynamically imported module: view-link.js'));
    const searched: unknown[] = [];
    const el = viewer(searched);
    await waitUntil(() => rows(el).length === 1, 'no rows');
    await waitUntil(() => deepAll(el, '[part="notice"]').length > 0, 'not said');
    const notice = deepAll(el, '[part="notice"]')[0]!.textContent;
    expect(notice).to.include('could not be read');
    expect(notice).to.include('reload the page to try again');
    expect(searched).to.deep.equal([{}]);
    expect(location.hash).to.equal(LINK);
    await expect(el).to.be.accessible();
  });
});
