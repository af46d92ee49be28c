/**
 * `<alv-log-table>` at volume, in real Chromium: with a million and two million events (more
 * than the ~33.5 million px an element can be tall at 32 px a row) the keys and the scrollbar
 * still reach the last row, the DOM keeps the same few rows, and `aria-rowcount` says -1 while
 * more pages exist.
 */
import { expect, fixture, fixtureCleanup, html, nextFrame, waitUntil } from '@open-wc/testing';
import { afterEach, describe, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { AuditEvent } from '../../core/model.js';
import '../../components/log-table/log-table.js';
import type { AlvLogTable } from '../../components/log-table/log-table.js';

const T0 = Date.UTC(2024, 10, 20, 15, 29, 58, 123);
const ACTOR: AuditEvent['actor'] = { type: 'user', email: 'ada@example.com' };

/** `n` small events whose action names their index (`act 123`); one shared actor. */
function manyEvents(n: number): AuditEvent[] {
  const out = new Array<AuditEvent>(n);
  for (let i = 0; i < n; i++) {
    out[i] = {
      id: `e${i}`,
      timestamp: T0 - i * 1000,
      kind: 'change',
      actor: ACTOR,
      action: `act ${i}`,
      status: 'success',
    };
  }
  return out;
}

async function mount(events: AuditEvent[], attrs: Record<string, string> = {}) {
  const box = await fixture<HTMLDivElement>(html`<div style="width: 1000px; height: 400px"></div>`);
  const el = document.createElement('alv-log-table');
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  el.events = events;
  box.append(el);
  await el.updateComplete;
  await waitUntil(() => rows(el).length > 0, 'rows never rendered');
  return el;
}

const rows = (el: AlvLogTable) => [
  ...el.shadowRoot!.querySelectorAll<HTMLElement>('.body > [role="row"]'),
];
const rowIndex = (row: Element | null | undefined) => Number(row?.getAttribute('aria-rowindex'));
const scroller = (el: AlvLogTable) => el.shadowRoot!.querySelector<HTMLElement>('.body')!;
const grid = (el: AlvLogTable) => el.shadowRoot!.querySelector<HTMLElement>('[role="grid"]')!;
const active = (el: AlvLogTable) => el.shadowRoot!.activeElement as HTMLElement | null;
const actionOf = (row: HTMLElement) => row.querySelector('.c-action')!.textContent.trim();

/** The rendered row with this aria-rowindex, once it is inside the scroller's box. */
function rowInView(el: AlvLogTable, ariaIndex: number): HTMLElement | undefined {
  const box = scroller(el).getBoundingClientRect();
  return rows(el).find((r) => {
    const b = r.getBoundingClientRect();
    return rowIndex(r) === ariaIndex && b.top >= box.top - 1 && b.bottom <= box.bottom + 1;
  });
}

/** Rendered rows are consecutive and each shows its own event. */
function expectConsistent(el: AlvLogTable): void {
  const rendered = rows(el);
  rendered.forEach((r, i) => {
    expect(rowIndex(r)).to.equal(rowIndex(rendered[0]) + i);
    expect(actionOf(r)).to.equal(`act ${rowIndex(r) - 2}`);
  });
}

/** Elements in the table's shadow root: bounded by the viewport, not the event count. */
const elementCount = (el: AlvLogTable) => el.shadowRoot!.querySelectorAll('*').length;

afterEach(async () => {
  await userEvent.cleanup();
  fixtureCleanup();
});

for (const total of [1_000_000, 2_000_000]) {
  describe(`alv-log-table: ${total.toLocaleString('en-US')} events`, () => {
    it('reaches the last row with End and the scrollbar, and the first with Home', async () => {
      const el = await mount(manyEvents(total));
      expect(grid(el).getAttribute('aria-rowcount')).to.equal(String(total + 1));
      const body = scroller(el);
      // Taller than Chromium allows at 32 px a row: the scroll height is capped, not the list.
      expect(body.scrollHeight).to.be.below(33_000_000);
      const bounded = rows(el).length;
      expect(bounded).to.be.within(5, 40);
      const elements = elementCount(el);
      expect(elements).to.be.below(600);

      await el.focusRow(0);
      await userEvent.keyboard('{End}');
      await waitUntil(() => rowIndex(active(el)) === total + 1, 'End');
      expect(actionOf(active(el)!)).to.equal(`act ${total - 1}`);
      expect(rowInView(el, total + 1), 'last row in view').to.not.equal(undefined);
      expectConsistent(el);

      await userEvent.keyboard('{ArrowUp}');
      await waitUntil(() => rowIndex(active(el)) === total, 'ArrowUp');
      const page = Math.floor(body.clientHeight / rows(el)[0]!.getBoundingClientRect().height);
      await userEvent.keyboard('{PageUp}');
      await waitUntil(() => rowIndex(active(el)) === total - page, 'PageUp');
      expect(rowInView(el, total - page)).to.not.equal(undefined);
      await userEvent.keyboard('{PageDown}');
      await waitUntil(() => rowIndex(active(el)) === total, 'PageDown');

      await userEvent.keyboard('{Home}');
      await waitUntil(() => rowIndex(active(el)) === 2, 'Home');
      expect(actionOf(active(el)!)).to.equal('act 0');
      expect(body.scrollTop).to.equal(0);
      expect(rowInView(el, 2)).to.not.equal(undefined);
      await userEvent.keyboard('{ArrowDown}');
      await waitUntil(() => rowIndex(active(el)) === 3, 'ArrowDown');

      // Dragging the scrollbar to the bottom shows the last row.
      body.scrollTop = body.scrollHeight;
      await waitUntil(() => rowInView(el, total + 1), 'scrollbar at the bottom');
      expectConsistent(el);
      // Half way down the scrollbar is half way down the list.
      body.scrollTop = (body.scrollHeight - body.clientHeight) / 2;
      await waitUntil(() => Math.abs(rowIndex(rows(el)[0]) - total / 2) < 50, 'half way');
      await nextFrame();
      expectConsistent(el);

      expect(rows(el).length).to.be.at.most(bounded + 1);
      expect(elementCount(el)).to.be.at.most(elements + 30);
      await expect(el).to.be.accessible();
    });
  });
}

describe('alv-log-table: aria-rowcount', () => {
  it('is -1 while more pages exist, and the exact count once everything is loaded', async () => {
    const events = manyEvents(500);
    const el = await mount(events, { 'has-more': '' });
    expect(grid(el).getAttribute('aria-rowcount')).to.equal('-1');
    await expect(el).to.be.accessible();

    el.loading = true;
    await el.updateComplete;
    expect(grid(el).getAttribute('aria-rowcount')).to.equal('-1');

    el.hasMore = false;
    el.loading = false;
    el.events = [...events, ...manyEvents(600).slice(500)];
    await el.updateComplete;
    expect(grid(el).getAttribute('aria-rowcount')).to.equal('601');
    await expect(el).to.be.accessible();
  });
});
