/**
 * The viewer's panes: it fills the height its host gives it, the list and the open entry share
 * the width through a separator that is remembered, notices never starve the panes, and on a
 * narrow container the entry is a sheet over the list.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { beforeEach, describe, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../components/audit-log-viewer/audit-log-viewer.js';
import type { AuditLogViewer } from '../../components/audit-log-viewer/audit-log-viewer.component.js';
import type { Source } from '../../core/sources/types.js';
import {
  captureClipboard,
  deepAll,
  deepText,
  event,
  fakeSource,
  page,
  rows,
} from './support/viewer.js';

const events = Array.from({ length: 30 }, (_, i) => event(`e${i + 1}`));
const source = (): Source => fakeSource(() => Promise.resolve(page(events)));

const part = (el: AuditLogViewer, selector: string) =>
  el.shadowRoot!.querySelector<HTMLElement>(selector);
const separator = (el: AuditLogViewer) => part(el, '[role="separator"]');
/** The element that has focus, through shadow roots. */
function deepActive(): Element | null {
  let a: Element | null = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

async function viewerIn(
  wrapperStyle: string,
  viewerStyle = '',
  dataSource: Source = source(),
): Promise<AuditLogViewer> {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div style=${wrapperStyle}>
      <audit-log-viewer style=${viewerStyle} .dataSource=${dataSource}></audit-log-viewer>
    </div>`,
  );
  const el = wrapper.querySelector<AuditLogViewer>('audit-log-viewer')!;
  await waitUntil(() => rows(el).length > 0, 'rows did not render');
  return el;
}

async function openEntry(el: AuditLogViewer, id = 'e2'): Promise<void> {
  el.view = { ...el.view, selected: id };
  await waitUntil(() => deepAll(el, 'alv-payload-viewer').length === 1, 'no entry pane');
}

beforeEach(() => localStorage.removeItem('alv-list-share'));

describe('<audit-log-viewer> height', () => {
  it('fills the height its host gives it', async () => {
    const el = await viewerIn('height: 720px');
    await waitUntil(() => el.getBoundingClientRect().height === 720, 'did not fill 720 px');
    expect(el.hasAttribute('fallback-height')).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('fills a flex cell', async () => {
    const el = await viewerIn('height: 500px; display: flex; flex-direction: column', 'flex: 1');
    await waitUntil(() => el.getBoundingClientRect().height === 500, 'did not fill the cell');
  });

  it('keeps rows on screen in a short host: the filters fold behind "Filters", and scroll when opened', async () => {
    // 340 px at 800 px wide: the filters (three rows), status line and chart took it all
    // (no row was on screen).
    const el = await viewerIn('height: 340px; width: 800px');
    await waitUntil(() => el.shadowRoot!.querySelector('.base.short'), 'not short');
    const box = el.getBoundingClientRect();
    const shown = () =>
      rows(el).filter((r) => {
        const b = r.getBoundingClientRect();
        return b.height > 0 && b.top >= box.top && b.bottom <= box.bottom;
      });
    // (Once the table has measured its new room.)
    const geometry = () =>
      ['alv-filter-bar', '.status', 'alv-histogram', '.main', 'alv-facet-panel']
        .map((sel) => {
          const b = el.shadowRoot!.querySelector(sel)?.getBoundingClientRect();
          return b ? `${sel} ${Math.round(b.top - box.top)}+${Math.round(b.height)}` : sel;
        })
        .join(', ');
    await waitUntil(() => shown().length >= 2, 'fewer than 2 rows on screen').catch(() => {
      throw new Error(`${shown().length} rows on screen: ${geometry()}`);
    });
    // The filter bar loads beside the first page: the rows may come first.
    await customElements.whenDefined('alv-filter-bar');
    const bar = el.shadowRoot!.querySelector('alv-filter-bar')!;
    await bar.updateComplete;
    const toggle = bar.shadowRoot!.querySelector<HTMLButtonElement>('.controls-toggle')!;
    const controls = bar.shadowRoot!.querySelector<HTMLElement>('#controls')!;
    // Folded at 800 px wide: the query and a "Filters" toggle, no half-hidden row of fields.
    expect(toggle.checkVisibility()).to.equal(true);
    expect(controls.checkVisibility()).to.equal(false);
    expect(bar.scrollHeight).to.equal(bar.clientHeight);
    await expect(el).to.be.accessible();
    // Opened, the fields scroll within what the list leaves them; the rows stay on screen.
    toggle.click();
    await waitUntil(() => controls.checkVisibility(), 'the toggle did not open the fields');
    await waitUntil(() => bar.scrollHeight > bar.clientHeight, 'the opened fields do not scroll');
    expect(getComputedStyle(bar).overflowY).to.equal('auto');
    expect(shown().length).to.be.at.least(2);
    toggle.click();
    await waitUntil(() => !controls.checkVisibility(), 'the toggle did not fold the fields');
    // At 560 px (the demo's least) it is not short; given room, nothing scrolls but the list.
    (el.parentElement as HTMLElement).style.height = '560px';
    await waitUntil(() => !el.shadowRoot!.querySelector('.base.short'), 'short at 560 px');
    (el.parentElement as HTMLElement).style.height = '720px';
    await waitUntil(() => !el.shadowRoot!.querySelector('.base.short'), 'still short');
    expect(bar.scrollHeight).to.equal(bar.clientHeight);
    // Unfolded again where there is room: the fields are on screen, with no toggle.
    await waitUntil(() => controls.checkVisibility(), 'the fields stayed folded at 720 px');
    expect(toggle.checkVisibility()).to.equal(false);
  });

  it('a short host: the filters are folded in the first frame painted, not one frame later', async () => {
    const wrapper = document.createElement('div');
    wrapper.style.cssText = 'height: 480px; width: 800px';
    const el = document.createElement('audit-log-viewer');
    el.dataSource = source();
    wrapper.append(el);
    // What the first frame with the filters in it shows: read in its animation-frame callbacks,
    // before it is painted (the first render waits for a task of its own).
    const first = new Promise<boolean>((resolve) => {
      const frame = () => {
        const bar = el.shadowRoot?.querySelector('alv-filter-bar');
        if (bar) resolve(bar.hasAttribute('folded'));
        else requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    document.body.append(wrapper);
    try {
      expect(await first).to.equal(true);
    } finally {
      wrapper.remove();
    }
  });

  it('is 600 px where the host gives no height, and --alv-height where it sets one', async () => {
    // Never short on the way there: the filters do not fold, then unfold, as it sizes itself.
    const auto = await fixture<AuditLogViewer>(
      html`<audit-log-viewer .dataSource=${source()}></audit-log-viewer>`,
    );
    const folded: boolean[] = [];
    const bar = auto.shadowRoot!.querySelector('alv-filter-bar')!;
    const watch = new MutationObserver(() => folded.push(bar.hasAttribute('folded')));
    watch.observe(bar, { attributes: true, attributeFilter: ['folded'] });
    expect(bar.hasAttribute('folded')).to.equal(false);
    await waitUntil(() => auto.hasAttribute('fallback-height'), 'no fallback');
    expect(auto.getBoundingClientRect().height).to.equal(600);
    await waitUntil(() => rows(auto).length > 0, 'no rows');
    await auto.updateComplete;
    watch.disconnect();
    expect(folded, 'the filters folded while it sized itself').to.deep.equal([]);
    const set = await viewerIn('', '--alv-height: 450px');
    expect(set.getBoundingClientRect().height).to.equal(450);
  });
});

describe('<audit-log-viewer> in any host page', () => {
  it('has a dark theme of its own (theme="dark"), which a host\'s --alv-* colours still override', async () => {
    const el = await viewerIn('height: 600px; width: 900px');
    const bg = (e: Element) => getComputedStyle(e).backgroundColor;
    expect(bg(el)).to.equal('rgb(255, 255, 255)');
    el.theme = 'dark';
    await el.updateComplete;
    expect(el.getAttribute('theme')).to.equal('dark');
    expect(bg(el)).to.equal('rgb(24, 28, 37)');
    // Inner parts follow (the table's header, a row's text), and every text keeps its contrast.
    const table = part(el, 'alv-log-table')!;
    const head = table.shadowRoot!.querySelector('.head')!;
    expect(bg(head)).not.to.equal(getComputedStyle(document.body).backgroundColor);
    expect(getComputedStyle(rows(el)[0]!).color).to.equal('rgb(227, 231, 239)');
    await expect(el).to.be.accessible();
    // A host's own colour wins over the theme's.
    el.style.setProperty('--alv-color-bg', 'rgb(1, 2, 3)');
    expect(bg(el)).to.equal('rgb(1, 2, 3)');
    el.style.removeProperty('--alv-color-bg');
    el.theme = 'light';
    await el.updateComplete;
    expect(bg(el)).to.equal('rgb(255, 255, 255)');
  });

  it("keeps its widths whatever the page's root font size (html { font-size: 62.5% })", async () => {
    localStorage.removeItem('alv-facets-hidden');
    const el = await viewerIn('height: 700px; width: 1280px');
    const facets = () => part(el, 'alv-facet-panel')!;
    await waitUntil(() => facets()?.hasAttribute('data-shown'), 'no facets');
    const widths = () =>
      [facets(), part(el, 'alv-filter-bar')!.shadowRoot!.querySelector('.field')!].map(
        (e) => e.getBoundingClientRect().width,
      );
    const before = widths();
    expect(before[0]).to.be.above(200);
    document.documentElement.style.fontSize = '62.5%';
    try {
      await new Promise(requestAnimationFrame);
      expect(widths()).to.deep.equal(before);
    } finally {
      document.documentElement.style.fontSize = '';
    }
  });
});

describe('<audit-log-viewer> list and entry split', () => {
  it("shows the entry pane's × beside the list at full width (the sheet hides it for its way back)", async () => {
    const el = await viewerIn('height: 700px; width: 1280px');
    await openEntry(el);
    await customElements.whenDefined('alv-payload-viewer');
    const pane = deepAll(el, 'alv-payload-viewer')[0] as HTMLElement & {
      updateComplete: Promise<unknown>;
    };
    await pane.updateComplete;
    const close = pane.shadowRoot!.querySelector<HTMLElement>('[part="close"]')!;
    // The pane is under 600 px wide here; the viewer is not.
    expect(pane.getBoundingClientRect().width).to.be.below(600);
    expect(close.checkVisibility()).to.equal(true);
  });

  it('resizes with the arrow keys and remembers the split', async () => {
    const el = await viewerIn('height: 700px; width: 1200px');
    expect(separator(el)).to.equal(null);
    await openEntry(el);
    const handle = separator(el)!;
    expect(handle.getAttribute('aria-orientation')).to.equal('vertical');
    expect(handle.getAttribute('aria-valuenow')).to.equal('55');
    expect(handle.getAttribute('aria-controls')).to.equal('alv-entry');
    await expect(el).to.be.accessible();

    handle.focus();
    handle.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    await el.updateComplete;
    expect(handle.getAttribute('aria-valuenow')).to.equal('50');
    const list = part(el, '.list-pane')!;
    const main = part(el, '.main')!;
    expect(Math.round((list.offsetWidth / main.clientWidth) * 100)).to.equal(50);
    handle.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
    await el.updateComplete;
    expect(handle.getAttribute('aria-valuenow')).to.equal('25');
    handle.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    await el.updateComplete;
    expect(handle.getAttribute('aria-valuenow')).to.equal('75');

    // Another viewer (or a reload) opens the entry with the same split.
    const again = await viewerIn('height: 700px; width: 1200px');
    await openEntry(again);
    expect(separator(again)!.getAttribute('aria-valuenow')).to.equal('75');
  });

  it('follows a pointer drag, within bounds', async () => {
    const el = await viewerIn('height: 700px; width: 1000px');
    await openEntry(el);
    const handle = separator(el)!;
    const box = part(el, '.main')!.getBoundingClientRect();
    const at = (share: number) => ({
      bubbles: true,
      pointerId: 1,
      button: 0,
      clientX: box.left + box.width * share,
      clientY: box.top + 50,
    });
    handle.dispatchEvent(new PointerEvent('pointerdown', at(0.55)));
    handle.dispatchEvent(new PointerEvent('pointermove', at(0.4)));
    await el.updateComplete;
    expect(handle.getAttribute('aria-valuenow')).to.equal('40');
    handle.dispatchEvent(new PointerEvent('pointermove', at(0.05)));
    handle.dispatchEvent(new PointerEvent('pointerup', at(0.05)));
    await el.updateComplete;
    expect(handle.getAttribute('aria-valuenow')).to.equal('25');
    // After the button is released, moves no longer resize.
    handle.dispatchEvent(new PointerEvent('pointermove', at(0.6)));
    await el.updateComplete;
    expect(handle.getAttribute('aria-valuenow')).to.equal('25');
  });

  it('keeps a line of a notice in sight when the filters, the chart and the list fill the height', async () => {
    for (const [box, lines] of [
      ['height: 540px; width: 1280px', 1],
      // Narrow, the fold takes a line of its own above the text.
      ['height: 420px; width: 400px', 2],
    ] as const) {
      const el = await viewerIn(box);
      await customElements.whenDefined('alv-filter-bar');
      el.applyLink({
        view: el.view,
        isLink: true,
        notices: ['Ignored the link\'s unknown part "x".'],
      });
      await waitUntil(() => part(el, '.notices'), 'no notices');
      await el.updateComplete;
      const notices = part(el, '.notices')!;
      const text = notices.querySelector('.notice li')!.getBoundingClientRect();
      // The first line of its text at least (not squeezed to a sliver under the fold).
      expect(
        notices.getBoundingClientRect().bottom - text.top,
        `${box}: the text is cut`,
      ).to.be.at.least(16);
      expect(notices.getBoundingClientRect().height).to.be.at.least(lines * 30);
      await expect(el).to.be.accessible();
    }
  });

  it('keeps the entry usable under many notices, which scroll and fold', async () => {
    const el = await viewerIn('height: 540px; width: 1280px');
    el.applyLink({
      view: { ...el.view, selected: 'e2' },
      isLink: true,
      notices: Array.from({ length: 12 }, (_, i) => `Ignored the link's unknown part "x${i}".`),
    });
    await waitUntil(() => deepAll(el, 'alv-payload-viewer').length === 1, 'no entry pane');
    const notices = part(el, '.notices')!;
    const detail = part(el, '[part="detail"]')!;
    // Twelve lines of notices would take ~250 px; they keep to a few lines and scroll.
    expect(notices.scrollHeight).to.be.greaterThan(notices.clientHeight);
    expect(detail.getBoundingClientRect().height).to.be.at.least(240);
    await expect(el).to.be.accessible();

    const fold = notices.querySelector<HTMLButtonElement>('button.fold')!;
    expect(fold.getAttribute('aria-expanded')).to.equal('true');
    const before = detail.getBoundingClientRect().height;
    fold.click();
    await el.updateComplete;
    expect(fold.getAttribute('aria-expanded')).to.equal('false');
    expect(fold.textContent?.trim()).to.equal('Show notices (1)');
    expect(detail.getBoundingClientRect().height).to.be.greaterThan(before);
    await expect(el).to.be.accessible();
  });
});

describe('<audit-log-viewer> on a narrow container', () => {
  it('shows the entry as a full-height sheet over the whole viewer, with a way back', async () => {
    const el = await viewerIn('height: 640px; width: 400px');
    await openEntry(el);
    expect(separator(el)!.getClientRects().length).to.equal(0);
    // Filters, status line and list are all under the sheet.
    const main = part(el, '[part="base"]')!.getBoundingClientRect();
    const sheet = part(el, '[part="detail"]')!.getBoundingClientRect();
    expect([sheet.top, sheet.left, sheet.width, sheet.height]).to.deep.equal([
      main.top,
      main.left,
      main.width,
      main.height,
    ]);
    const back = part(el, '.sheet-back')!;
    expect(back.textContent?.replace(/\s+/g, ' ').trim()).to.equal('← Back to the list');
    await expect(el).to.be.accessible();
    back.click();
    await waitUntil(() => deepAll(el, 'alv-payload-viewer').length === 0, 'sheet not closed');
    expect(el.view.selected).to.equal(undefined);
  });

  it('puts the focus in the sheet of an entry a link opened, so Escape closes it', async () => {
    history.replaceState(null, '', '#v1;sel=e3');
    try {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div style="height: 640px; width: 390px">
          <audit-log-viewer sync-url .dataSource=${source()}></audit-log-viewer>
        </div>`,
      );
      const el = wrapper.querySelector<AuditLogViewer>('audit-log-viewer')!;
      await waitUntil(
        () => deepActive()?.classList.contains('sheet-back'),
        'focus not in the sheet',
      );
      await userEvent.keyboard('{Escape}');
      await waitUntil(() => el.view.selected === undefined, 'sheet not closed');
      await expect(el).to.be.accessible();
    } finally {
      history.replaceState(null, '', location.pathname + location.search);
    }
  });

  it('leaves the focus where the page has put it when a link opens an entry', async () => {
    history.replaceState(null, '', '#v1;sel=e3');
    try {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div style="height: 640px; width: 390px">
          <input aria-label="the host's own search" />
        </div>`,
      );
      const input = wrapper.querySelector('input')!;
      input.focus();
      const el = document.createElement('audit-log-viewer');
      el.syncUrl = true;
      el.dataSource = source();
      wrapper.append(el);
      await waitUntil(() => part(el, '.sheet-back')?.checkVisibility(), 'no sheet');
      await el.updateComplete;
      expect(document.activeElement).to.equal(input);
    } finally {
      history.replaceState(null, '', location.pathname + location.search);
    }
  });

  it('asks for one page at 360 px: the list keeps the height it is given', async () => {
    let calls = 0;
    const all = Array.from({ length: 400 }, (_, i) => event(`p${i}`));
    const paged = fakeSource((_view, _signal, cursor) => {
      calls++;
      const start = cursor ? Number(cursor) : 0;
      const next = start + 100 < all.length ? String(start + 100) : null;
      return Promise.resolve(page(all.slice(start, start + 100), { nextCursor: next }));
    });
    const el = await viewerIn('height: 640px; width: 360px', '', paged);
    for (let i = 0; i < 10; i++) await new Promise((r) => requestAnimationFrame(r));
    expect(calls).to.equal(1);
    const table = el.shadowRoot!.querySelector('alv-log-table')!.getBoundingClientRect();
    expect(table.bottom).to.be.at.most(el.getBoundingClientRect().bottom + 1);
  });

  it('never leaves Refresh alone on a line at 360 px, nor at 310 px: it is its icon there', async () => {
    await sameLine(await viewerIn('height: 640px; width: 360px'));
    // An embed narrower than the side panel (320 px less its page's margins), in italics.
    const narrow = await viewerIn('height: 640px; width: 310px');
    narrow.shadowRoot!.querySelector<HTMLElement>('[part=status]')!.style.fontStyle = 'italic';
    await sameLine(narrow);
  });

  async function sameLine(el: AuditLogViewer): Promise<void> {
    const find = (selector: string) => part(el, selector)!.getBoundingClientRect();
    await waitUntil(() => el.shadowRoot!.querySelector('alv-share-menu'), 'no Share');
    const refresh = part(el, 'button.refresh')!;
    const layout = [...part(el, '[part=status]')!.children]
      .map((c) => `${c.localName}.${c.className}@${Math.round(c.getBoundingClientRect().top)}`)
      .join(' ');
    // Beside Export…, the action before it.
    const exportButton = deepAll(el, 'button').find((b) => b.textContent?.trim() === 'Export…')!;
    const a = find('button.refresh');
    const b = exportButton.getBoundingClientRect();
    // On the same line: their boxes share their middle.
    expect(Math.abs(a.top + a.height / 2 - (b.top + b.height / 2)), layout).to.be.below(4);
    expect(find('button.refresh').width).to.be.below(40);
    // Still called Refresh (its text is there for assistive tech, the icon is decorative).
    expect(refresh.querySelector('.refresh-text')!.textContent).to.equal('Refresh');
    expect(refresh.querySelector('.refresh-icon')!.getAttribute('aria-hidden')).to.equal('true');
    await expect(el).to.be.accessible();
  }

  it("offers Share beside the sheet's way back: the sheet covers the status line", async () => {
    // 360 px: the side panel's width.
    const el = await viewerIn('height: 640px; width: 360px');
    await openEntry(el, 'e2');
    const bar = part(el, '#alv-entry .sheet-bar')!;
    const share = () => bar.querySelector('alv-share-menu');
    await waitUntil(
      () => share()?.shadowRoot?.querySelector('[part=trigger]'),
      'no Share in the sheet',
    );
    const trigger = share()!.shadowRoot!.querySelector<HTMLButtonElement>('[part=trigger]')!;
    // On the bar's line, to the right of the way back, and visible over the list.
    const back = bar.querySelector('.sheet-back')!.getBoundingClientRect();
    const t = trigger.getBoundingClientRect();
    expect(t.width).to.be.greaterThan(0);
    expect(Math.abs(t.top + t.height / 2 - (back.top + back.height / 2))).to.be.below(4);
    expect(t.left).to.be.at.least(back.right - 1);
    trigger.click();
    await waitUntil(() => deepText(share()!.shadowRoot!).includes('Copy link to the open entry'));
    await expect(el).to.be.accessible();
    // "Entry link copied" shows in the bar, between the way back's text and Share: it
    // used to drop below the bar, over the entry's title.
    const writes = captureClipboard();
    [...share()!.shadowRoot!.querySelectorAll('button')]
      .find((b) => b.textContent?.trim() === 'Copy link to the open entry')!
      .click();
    await waitUntil(() => writes.length === 1, 'nothing copied');
    const confirm = share()!.shadowRoot!.querySelector<HTMLElement>('[part=confirm]')!;
    await waitUntil(() => confirm.textContent === 'Entry link copied', 'no confirmation');
    const c = confirm.getBoundingClientRect();
    const b = bar.getBoundingClientRect();
    const words = document.createRange();
    words.selectNodeContents(bar.querySelector('.sheet-back')!);
    expect(c.top, 'above the bar').to.be.at.least(b.top);
    expect(c.bottom, 'below the bar, over the entry').to.be.at.most(b.bottom);
    expect(c.left, 'over "← Back to the list"').to.be.at.least(words.getBoundingClientRect().right);
    expect(c.right).to.be.at.most(trigger.getBoundingClientRect().left);
    // At full width the bar is not there: Share is in the status line.
    el.parentElement!.style.width = '1200px';
    await waitUntil(() => bar.getClientRects().length === 0, 'the sheet bar stayed');
  });

  it('moves the focus into the sheet opened by Enter, and back to its row on Escape', async () => {
    const el = await viewerIn('height: 640px; width: 400px');
    (rows(el)[1] as HTMLElement).focus();
    await userEvent.keyboard('{Enter}');
    await waitUntil(() => deepAll(el, 'alv-payload-viewer').length === 1, 'no sheet');
    // Not left on a row under the sheet: on its way back.
    await waitUntil(() => deepActive()?.classList.contains('sheet-back'), 'focus not in the sheet');
    // The pane's own × is not shown beside "← Back to the list".
    const pane = deepAll(el, 'alv-payload-viewer')[0]!;
    await (pane as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    const close = pane.shadowRoot!.querySelector<HTMLElement>('[part="close"]')!;
    expect(close.getClientRects().length).to.equal(0);
    await userEvent.keyboard('{Escape}');
    await waitUntil(() => deepAll(el, 'alv-payload-viewer').length === 0, 'sheet not closed');
    await waitUntil(() => deepActive()?.getAttribute('data-index') === '1', 'focus not on its row');
  });

  it('shows a trace in place of the list, with a way back that leaves the trace', async () => {
    const el = await viewerIn('height: 640px; width: 400px');
    const trace = 'a'.repeat(32);
    el.view = { ...el.view, filters: { traceId: trace } };
    await waitUntil(() => deepAll(el, 'alv-trace-view').length === 1, 'no trace view');
    await el.updateComplete;
    const pane = part(el, '.list-pane')!.getBoundingClientRect();
    const box = part(el, '.trace')!.getBoundingClientRect();
    expect([box.top, box.height]).to.deep.equal([pane.top, pane.height]);
    expect(part(el, '.list')!.getClientRects().length).to.equal(0);
    const back = part(el, '.trace > .sheet-back')!;
    expect(back.getClientRects().length).to.equal(1);
    expect(back.textContent?.replace(/\s+/g, ' ').trim()).to.equal('← Back to the list');
    await expect(el).to.be.accessible();
    back.click();
    await waitUntil(() => deepAll(el, 'alv-trace-view').length === 0, 'trace not left');
    expect(el.view.filters.traceId).to.equal(undefined);
    expect(part(el, '.list')!.getClientRects().length).to.equal(1);
  });

  it("makes way for the trace chosen from the entry's Trace ID, which opens it again", async () => {
    const trace = 'b'.repeat(32);
    const traced = Array.from({ length: 5 }, (_, i) => event(`t${i + 1}`, { traceId: trace }));
    const tracedSource = fakeSource(() => Promise.resolve(page(traced)));
    tracedSource.get = (id) => Promise.resolve(event(id, { traceId: trace }));
    const el = await viewerIn('height: 640px; width: 400px', '', tracedSource);
    await openEntry(el, 't2');
    const traceLink = () =>
      deepAll(el, 'button.link').find((b) => b.textContent?.includes(trace)) as
        HTMLButtonElement | undefined;
    await waitUntil(traceLink, 'no Trace ID button in the entry');
    traceLink()!.click();
    await waitUntil(() => deepAll(el, 'alv-trace-view').length === 1, 'no trace view');
    await waitUntil(() => deepAll(el, 'alv-payload-viewer').length === 0, 'the sheet stayed');
    expect(el.view.selected).to.equal(undefined);
    expect(el.view.filters).to.deep.equal({ traceId: trace });
    const box = part(el, '.trace')!.getBoundingClientRect();
    expect(box.height).to.be.greaterThan(300);
    // A call in the waterfall opens its entry again, over the trace.
    await waitUntil(() => deepAll(el, 'button.row-button').length === 5, 'no waterfall rows');
    (deepAll(el, 'button.row-button')[1] as HTMLButtonElement).click();
    await waitUntil(() => deepAll(el, 'alv-payload-viewer').length === 1, 'entry not reopened');
    expect(el.view.filters).to.deep.equal({ traceId: trace });
  });

  it('keeps the list in the viewer while the filter controls are open', async () => {
    // A short side panel: the open controls are taller than what the list leaves them.
    const el = await viewerIn('height: 520px; width: 360px');
    const bar = el.shadowRoot!.querySelector('alv-filter-bar')!;
    const toggle = bar.shadowRoot!.querySelector<HTMLButtonElement>('.controls-toggle')!;
    toggle.click();
    await waitUntil(() => toggle.getAttribute('aria-expanded') === 'true', 'controls not open');
    await el.updateComplete;
    const host = el.getBoundingClientRect();
    const main = part(el, '.main')!.getBoundingClientRect();
    expect(main.height).to.be.at.least(240);
    expect(main.bottom).to.be.at.most(host.bottom + 1);
    // The controls scroll inside the bar instead.
    expect(bar.scrollHeight).to.be.greaterThan(bar.clientHeight);
    await expect(el).to.be.accessible();
  });

  it('keeps the wide split beside the entry from 600 px on', async () => {
    const el = await viewerIn('height: 640px; width: 640px');
    await openEntry(el);
    expect(separator(el)!.getClientRects().length).to.equal(1);
    expect(part(el, '.sheet-back')!.getClientRects().length).to.equal(0);
    // A trace sits above the list there, without the narrow layout's back control.
    el.view = { ...el.view, filters: { traceId: 'a'.repeat(32) } };
    await waitUntil(() => deepAll(el, 'alv-trace-view').length === 1, 'no trace view');
    await el.updateComplete;
    expect(part(el, '.trace > .sheet-back')!.getClientRects().length).to.equal(0);
    expect(part(el, '.list')!.getClientRects().length).to.equal(1);
  });
});
