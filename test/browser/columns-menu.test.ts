/** `<alv-columns-menu>` on its own: the table's Columns menu button (see also log-table tests). */
import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import { afterEach, describe, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../components/columns-menu/columns-menu.js';
import type { AlvColumnsMenu } from '../../components/columns-menu/columns-menu.js';
import type { ColumnId } from '../../core/view-state.js';

afterEach(() => fixtureCleanup());

async function mount(columns: ColumnId[]): Promise<AlvColumnsMenu> {
  return fixture<AlvColumnsMenu>(
    html`<div style="position: relative; margin-left: 300px; width: 32px; height: 32px">
      <alv-columns-menu .columns=${columns}></alv-columns-menu>
    </div>`,
  ).then((box) => box.querySelector('alv-columns-menu')!);
}
const q = <T extends HTMLElement>(el: AlvColumnsMenu, s: string) =>
  el.shadowRoot!.querySelector<T>(s);

describe('alv-columns-menu', () => {
  it('lists the visible columns first with move buttons, then the hidden ones', async () => {
    const el = await mount(['status', 'time']);
    q(el, '[part="button"]')!.click();
    await waitUntil(() => q(el, '[role="menu"]'), 'menu open');
    const lines = [...el.shadowRoot!.querySelectorAll<HTMLElement>('.line')].map((l) =>
      [...l.querySelectorAll('button')].map(
        (b) => b.getAttribute('aria-label') ?? b.textContent.trim(),
      ),
    );
    expect(lines.slice(0, 2)).to.deep.equal([
      ['✓Status', 'Move Status left', 'Move Status right'],
      ['✓Time', 'Move Time left', 'Move Time right'],
    ]);
    expect(lines.slice(2).map((l) => l[0])).to.deep.equal([
      'Actor',
      'Plugin',
      'Action',
      'Method',
      'URL',
      'Duration',
      'Trace',
    ]);
    // The first cannot move left, the last not right.
    const disabled = [...el.shadowRoot!.querySelectorAll('[aria-disabled="true"]')].map((b) =>
      b.getAttribute('aria-label'),
    );
    expect(disabled).to.deep.equal(['Move Status left', 'Move Time right']);
    await expect(el).to.be.accessible();
  });

  it('never hides the last visible column', async () => {
    const el = await mount(['time']);
    const changes: ColumnId[][] = [];
    el.addEventListener('alv-columns-change', (e) => changes.push(e.detail.columns));
    q(el, '[part="button"]')!.focus();
    await userEvent.keyboard('{ArrowDown}');
    await waitUntil(() => q(el, '[data-col="time"][data-action="toggle"]'), 'item');
    const only = q(el, '[data-col="time"][data-action="toggle"]')!;
    expect(only.getAttribute('aria-disabled')).to.equal('true');
    expect(el.shadowRoot!.activeElement).to.equal(only);
    await userEvent.keyboard(' ');
    expect(changes).to.deep.equal([]);
    // Showing another one works, and the focus stays on it.
    await userEvent.keyboard('{End}');
    await userEvent.keyboard('{Enter}');
    expect(changes).to.deep.equal([['time', 'trace']]);
    await waitUntil(
      () => el.shadowRoot!.activeElement === q(el, '[data-col="trace"][data-action="toggle"]'),
      'focus kept on the toggled column',
    );
    expect(el.shadowRoot!.activeElement!.getAttribute('aria-checked')).to.equal('true');
  });
});
