/**
 * The live tail in the viewer (issue 13 item 6): new events wait behind "N new events" while
 * the reader is scrolled down or has an entry open, and the Live switch says how the
 * connection really is.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { describe, it } from 'vitest';
import '../../components/audit-log-viewer/audit-log-viewer.js';
import type { AuditLogViewer } from '../../components/audit-log-viewer/audit-log-viewer.component.js';
import type { AuditEvent } from '../../core/model.js';
import type { Source, StreamOptions } from '../../core/sources/types.js';
import { deepAll, event, fakeSource, page, rows } from './support/viewer.js';

interface Tail {
  push: (e: AuditEvent) => void;
  options: StreamOptions;
}

async function liveViewer() {
  const tails: Tail[] = [];
  const events = Array.from({ length: 80 }, (_, i) => event(`e${i + 1}`));
  const source: Source = {
    ...fakeSource(() => Promise.resolve(page(events))),
    stream: (_view, onEvent, signal, options = {}) => {
      tails.push({ push: onEvent, options });
      return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
    },
  };
  const el = await fixture<AuditLogViewer>(
    html`<audit-log-viewer style="--alv-height: 480px" .dataSource=${source}></audit-log-viewer>`,
  );
  await waitUntil(() => rows(el).length > 0, 'rows did not render');
  // (The histogram's code arrives after the rows; the tests compare where rows are.)
  await waitUntil(() => customElements.get('alv-histogram'), 'no histogram');
  const live = () => el.shadowRoot!.querySelector<HTMLButtonElement>('button.live')!;
  live().click();
  await waitUntil(() => tails.length === 1, 'the tail did not connect');
  return { el, tails, live };
}

/** The table's scrolling element (found by what it does, not by its name). */
function scroller(el: AuditLogViewer): HTMLElement {
  const table = deepAll(el, 'alv-log-table')[0]!;
  const found = [...table.shadowRoot!.querySelectorAll<HTMLElement>('*')].find(
    (x) => x.scrollHeight > x.clientHeight + 50 && getComputedStyle(x).overflowY !== 'visible',
  );
  if (!found) throw new Error('the table does not scroll');
  return found;
}

/**
 * What the reader sees: the rows inside the table's viewport, each with its text and where it
 * is. (Not every row in the DOM: how many the virtualizer keeps beyond the view may change.)
 */
function onScreen(el: AuditLogViewer): [string | null, number][] {
  const view = scroller(el).getBoundingClientRect();
  return rows(el)
    .map((r) => [r.textContent, r.getBoundingClientRect()] as const)
    .filter(([, b]) => b.bottom > view.top + 1 && b.top < view.bottom - 1)
    .map(([text, b]) => [text, Math.round(b.top)]);
}

/** `read()` once it gives the same answer two frames running (layout and scroll have settled). */
async function settled<T>(read: () => T): Promise<T> {
  let last = '';
  let value = read();
  await waitUntil(async () => {
    await new Promise(requestAnimationFrame);
    value = read();
    const now = JSON.stringify(value);
    const still = now === last;
    last = now;
    return still;
  }, 'the list never settled');
  return value;
}

const newEvents = (el: AuditLogViewer) =>
  el.shadowRoot!.querySelector<HTMLButtonElement>('button.new-events');

describe('<audit-log-viewer> live tail', () => {
  it('holds new events behind "N new events" while scrolled down; shows them on request', async () => {
    const { el, tails } = await liveViewer();
    tails[0]!.options.onOpen!();
    const body = scroller(el);
    body.scrollTop = 600;
    await waitUntil(() => body.scrollTop > 4);
    await waitUntil(() => onScreen(el).length > 0);
    // (The hold starts with the table's own scroll event.)
    const before = await settled(() => onScreen(el));
    tails[0]!.push(event('new1', { timestamp: Date.UTC(2026, 10, 21) }));
    tails[0]!.push(event('new2', { timestamp: Date.UTC(2026, 10, 22) }));
    await waitUntil(() => newEvents(el), 'no "new events" button');
    expect(newEvents(el)!.textContent?.replace(/\s+/g, ' ').trim()).to.equal('↑ 2 new events');
    expect(onScreen(el)).to.deep.equal(before);
    await expect(el).to.be.accessible();

    newEvents(el)!.click();
    await waitUntil(() => rows(el)[0]?.textContent?.includes('new2'), 'not shown at the top');
    expect(newEvents(el)).to.equal(null);
  });

  it('holds new events while an entry is open; closing it shows them at the top', async () => {
    const { el, tails } = await liveViewer();
    tails[0]!.options.onOpen!();
    el.view = { ...el.view, selected: 'e2' };
    await waitUntil(() => rows(el).some((r) => r.getAttribute('aria-current') === 'true'));
    // (The entry's pane opening moves things about first.)
    const before = await settled(() => onScreen(el));
    tails[0]!.push(event('new1', { timestamp: Date.UTC(2026, 10, 21) }));
    await waitUntil(() => newEvents(el), 'no "new events" button');
    expect(newEvents(el)!.textContent?.replace(/\s+/g, ' ').trim()).to.equal('↑ 1 new event');
    // The rows being read stay where they were, and the button covers none of them: it sits
    // over the header.
    expect(onScreen(el)).to.deep.equal(before);
    const pill = newEvents(el)!.getBoundingClientRect();
    expect(pill.bottom).to.be.at.most(rows(el)[0]!.getBoundingClientRect().top + 1);
    await expect(el).to.be.accessible();

    el.view = { ...el.view, selected: undefined };
    await waitUntil(() => rows(el)[0]?.textContent?.includes('new1'), 'not shown at the top');
    expect(newEvents(el)).to.equal(null);
  });

  it('says connecting, live, and reconnecting with a countdown', async () => {
    const { el, tails, live } = await liveViewer();
    const label = () => live().textContent?.replace(/\s+/g, ' ').trim();
    expect(label()).to.equal('Connecting…');
    expect(live().classList.contains('is-live')).to.equal(false);
    tails[0]!.options.onOpen!();
    await el.updateComplete;
    expect(label()).to.equal('Live');
    expect(live().classList.contains('is-live')).to.equal(true);
    tails[0]!.options.onDrop!(8000, new Error('dropped'));
    await el.updateComplete;
    expect(label()).to.match(/^Reconnecting in [5-8] s$/);
    expect(live().getAttribute('aria-pressed')).to.equal('true');
    await expect(el).to.be.accessible();
    tails[0]!.options.onOpen!();
    await el.updateComplete;
    expect(label()).to.equal('Live');
  });
});
