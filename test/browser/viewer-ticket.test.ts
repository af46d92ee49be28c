/**
 * "Copy for ticket" on rows picked in the viewer's table: the status line says how many are
 * picked, copies a masked Markdown summary with the link to the view, confirms it, and clears.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { afterEach, describe, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../components/audit-log-viewer/audit-log-viewer.js';
import type { AuditLogViewer } from '../../components/audit-log-viewer/audit-log-viewer.component.js';
import type { AlvEventMap } from '../../components/events.js';
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
const rowOf = (el: Element, id: string) =>
  rows(el).find((r) => r.textContent?.includes(`${id}@acme.example`)) as HTMLElement;
const picked = (el: Element) =>
  rows(el).filter((r) => r.getAttribute('aria-selected') === 'true').length;

afterEach(async () => {
  await userEvent.cleanup();
  vi.restoreAllMocks();
});

describe('Copy for ticket on picked rows', () => {
  it('copies the 3 picked rows, masked, with the link to the view, and confirms it', async () => {
    const writes = captureClipboard();
    const events = Array.from({ length: 10 }, (_, i) =>
      event(`e${i + 1}`, { traceId: `trace${i + 1}`.padEnd(32, '0') }),
    );
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        style="--alv-height: 600px"
        share-base="https://admin.example/audit"
        .dataSource=${fakeSource(() => Promise.resolve(page(events)))}
      ></audit-log-viewer>`,
    );
    await waitUntil(() => rows(el).length === 10, 'rows did not render');
    const leaked: Event[] = [];
    el.addEventListener('alv-selection-change', (e) => leaked.push(e));

    await userEvent.click(rowOf(el, 'e2').querySelector('.c-url')!, { modifiers: ['Control'] });
    await userEvent.click(rowOf(el, 'e4').querySelector('.c-url')!, { modifiers: ['Control'] });
    await userEvent.click(rowOf(el, 'e7').querySelector('.c-url')!, { modifiers: ['Control'] });
    await waitUntil(() => deepText(el.shadowRoot!).includes('3 selected'), 'no "3 selected"');
    expect(picked(el)).to.equal(3);
    // Picking opened nothing, and the table's event stayed inside the viewer.
    expect(el.view.selected).to.equal(undefined);
    expect(leaked).to.have.length(0);
    await expect(el).to.be.accessible();

    const copied = oneEvent<AlvEventMap['alv-copy']>(el, 'alv-copy');
    button(el, 'Copy for ticket')!.click();
    const { detail } = await copied;
    expect(detail.what).to.equal('ticket');
    await waitUntil(() => writes.length === 1, 'nothing written to the clipboard');
    const text = writes[0]!;
    expect(text).to.equal(detail.text);
    expect(text).to.match(
      /^\*\*Audit log: 3 entries\*\* — \[open in the audit log\]\(https:\/\/admin\.example\/audit#v1[^)]*\)\n/,
    );
    // e2 was recorded at 11:59:58 UTC, e4 at 11:59:56, e7 at 11:59:53: list order.
    const lines = text.split('\n').filter((l) => l.startsWith('| 2026'));
    expect(lines).to.deep.equal([
      '| 2026-11-20T11:59:58.000Z | [email] | create ticket | POST /api/now/table/incident/e2 | 201 | — | trace200000000000000000000000000 |',
      '| 2026-11-20T11:59:56.000Z | [email] | create ticket | POST /api/now/table/incident/e4 | 201 | — | trace400000000000000000000000000 |',
      '| 2026-11-20T11:59:53.000Z | [email] | create ticket | POST /api/now/table/incident/e7 | 201 | — | trace700000000000000000000000000 |',
    ]);
    expect(text).not.to.include('@acme.example');
    await waitUntil(
      () => deepText(el.shadowRoot!).includes('Copied 3 rows for a ticket'),
      'no confirmation',
    );

    // The Share menu offers the same rows.
    button(el, 'Share')!.click();
    await waitUntil(() => button(el, 'Copy the 3 selected rows for a ticket (Markdown, masked)'));
    button(el, 'Copy the 3 selected rows for a ticket (Markdown, masked)')!.click();
    await waitUntil(() => writes.length === 2, 'the share menu did not copy');
    expect(writes[1]!.split('\n').filter((l) => l.startsWith('| 2026'))).to.deep.equal(lines);

    // Clear unpicks the rows in the table too.
    button(el, 'Clear')!.focus();
    await userEvent.keyboard('{Enter}');
    await waitUntil(() => picked(el) === 0, 'rows still picked');
    // The focus is not lost with the button: it is back on a row of the list.
    const table = deepAll(el, 'alv-log-table')[0]!;
    await waitUntil(
      () => table.shadowRoot!.activeElement?.getAttribute('role') === 'row',
      'focus not back in the list',
    );
    expect(deepText(el.shadowRoot!)).not.to.include('selected ·');
    await expect(el).to.be.accessible();
  });

  it('shows the summary to copy by hand when the clipboard refuses', async () => {
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('denied'));
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        .dataSource=${fakeSource(() => Promise.resolve(page([event('e1'), event('e2')])))}
      ></audit-log-viewer>`,
    );
    await waitUntil(() => rows(el).length === 2, 'rows did not render');
    await userEvent.click(rowOf(el, 'e1').querySelector('.c-url')!, { modifiers: ['Control'] });
    await waitUntil(() => button(el, 'Copy for ticket'), 'no "Copy for ticket"');
    button(el, 'Copy for ticket')!.click();
    await waitUntil(() => deepAll(el, '.ticket-fallback textarea').length === 1, 'no fallback');
    const area = deepAll(el, '.ticket-fallback textarea')[0] as HTMLTextAreaElement;
    expect(area.value).to.include('**Audit log: 1 entry**');
    expect(area.value).not.to.include('e1@acme.example');
    expect(deepText(el.shadowRoot!)).to.include('The clipboard is not available here');
    await expect(el).to.be.accessible();
  });
});
