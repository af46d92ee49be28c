/**
 * Export from the viewer in real Chromium: the dialog writes every page to the chosen file
 * (File System Access API) with progress, cancels within a page, masks in safe-to-share mode,
 * and downloads where the browser has no file picker.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { afterEach, describe, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../components/export-dialog/export-dialog.js';
import type { AlvExportDialog } from '../../components/export-dialog/export-dialog.js';
import type { ExportOptions } from '../../core/export.js';
import '../../components/audit-log-viewer/audit-log-viewer.js';
import type { AuditLogViewer } from '../../components/audit-log-viewer/audit-log-viewer.component.js';
import { deepAll, deepText, event, fakeSource, page, rows } from './support/viewer.js';

/** 250 events in pages of 100 (cursors c1, c2); each page waits for `gate` when set. */
function paged(gate?: () => Promise<void>) {
  const all = Array.from({ length: 250 }, (_, i) => event(`x${i}`));
  return fakeSource(async (_view, _signal, cursor) => {
    await gate?.();
    const start = cursor ? Number(cursor.slice(1)) * 100 : 0;
    const next = start + 100 < all.length ? `c${start / 100 + 1}` : null;
    return page(all.slice(start, start + 100), { nextCursor: next });
  });
}

/** A file picker whose file the test reads. */
function stubPicker() {
  const file = { text: '', closed: false, aborted: false };
  const picker = () =>
    Promise.resolve({
      createWritable: () =>
        Promise.resolve({
          write: (s: string) => Promise.resolve(void (file.text += s)),
          close: () => Promise.resolve(void (file.closed = true)),
          abort: () => Promise.resolve(void (file.aborted = true)),
        }),
    });
  (window as unknown as { showSaveFilePicker: unknown }).showSaveFilePicker = picker;
  return file;
}

const button = (el: Element, name: string) =>
  deepAll(el, 'button').find((b) => b.textContent?.trim() === name) as HTMLButtonElement;
const dialogText = (el: Element) =>
  deepText(deepAll(el, 'alv-export-dialog')[0]!.shadowRoot!).replace(/\s+/g, ' ');

afterEach(() => {
  vi.restoreAllMocks();
  delete (window as unknown as { showSaveFilePicker?: unknown }).showSaveFilePicker;
});

/**
 * A viewer over `paged` whose pages, once its list is shown, each wait for the test to call
 * the next `release`; the export dialog open, to a stub file.
 */
async function gatedExport() {
  const file = stubPicker();
  const release: (() => void)[] = [];
  let gated = false;
  const el = await fixture<AuditLogViewer>(
    html`<audit-log-viewer
      .dataSource=${paged(() => (gated ? new Promise<void>((r) => release.push(r)) : Promise.resolve()))}
    ></audit-log-viewer>`,
  );
  await waitUntil(() => rows(el).length > 3);
  gated = true;
  button(el, 'Export…').click();
  await waitUntil(() => deepAll(el, 'dialog[open]').length === 1);
  return { file, release, el };
}

describe('Export', () => {
  it('writes every page of the view to the file, with progress', async () => {
    const file = stubPicker();
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer time-zone="UTC" .dataSource=${paged()}></audit-log-viewer>`,
    );
    await waitUntil(() => rows(el).length > 3);
    button(el, 'Export…').click();
    await waitUntil(() => deepAll(el, 'dialog[open]').length === 1, 'no dialog');
    await expect(deepAll(el, 'alv-export-dialog')[0]!).to.be.accessible();
    button(el, 'Export').click();
    await waitUntil(() => dialogText(el).includes('Exported 250 rows.'), 'not exported');
    expect(file.closed).to.equal(true);
    const lines = file.text.split('\r\n');
    expect(lines[0]).to.equal(
      'time (UTC),actor,plugin,action,method,url,status,duration_ms,trace_id',
    );
    expect(lines).to.have.length(252);
    expect(lines[1]).to.equal(
      '2026-11-20T12:00:00.000Z,x0@acme.example,create ticket,create ticket,POST,https://acme.service-now.com/api/now/table/incident/x0,201,,',
    );
    expect(dialogText(el)).to.include('250 rows, 3 pages');
    // Done: the bar is full, though 250 rows are far below the 10,000 cap.
    const bar = deepAll(el, 'progress')[0] as HTMLProgressElement;
    expect(bar.value).to.equal(bar.max);
  });

  it('a cancelled export stops within a page and says how much was written', async () => {
    const { file, release, el } = await gatedExport();
    const ndjson = deepAll(el, 'input[type="radio"]')[1] as HTMLInputElement;
    ndjson.click();
    // What a line holds, for the columns chosen.
    await waitUntil(() =>
      dialogText(el).includes('Each line is an object of the visible columns.'),
    );
    (deepAll(el, 'input[type="radio"]')[3] as HTMLInputElement).click();
    await waitUntil(() => dialogText(el).includes('Each line is a whole event'));
    button(el, 'Export').click();
    await waitUntil(() => release.length === 1);
    release.splice(0).forEach((r) => r());
    await waitUntil(() => release.length === 1, 'second page not asked for');
    // Running, with the number of matches unknown: a bar without a measure (not 1% of the cap).
    const running = deepAll(el, 'progress')[0] as HTMLProgressElement;
    expect(running.position).to.equal(-1);
    expect(dialogText(el)).to.include('100 rows, 1 page');
    button(el, 'Cancel').click();
    release.splice(0).forEach((r) => r());
    await waitUntil(() => dialogText(el).includes('Cancelled'), 'not cancelled');
    expect(dialogText(el)).to.include('Cancelled: 100 complete rows written.');
    // Stopped short: the bar is not full.
    const bar = deepAll(el, 'progress')[0] as HTMLProgressElement;
    expect(bar.value).to.be.lessThan(bar.max);
    const lines = file.text.trim().split('\n');
    expect(lines).to.have.length(100);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.to.throw();
  });

  it('a page that fails stops the export: the complete rows are kept and the message says why', async () => {
    const file = stubPicker();
    const all = Array.from({ length: 250 }, (_, i) => event(`x${i}`));
    let failAt: string | null | undefined;
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        .dataSource=${fakeSource((_view, _signal, cursor) => {
          if (cursor === failAt)
            return Promise.reject(new Error('the service failed with HTTP 503'));
          const start = cursor ? Number(cursor.slice(1)) * 100 : 0;
          const next = start + 100 < all.length ? `c${start / 100 + 1}` : null;
          return Promise.resolve(page(all.slice(start, start + 100), { nextCursor: next }));
        })}
      ></audit-log-viewer>`,
    );
    await waitUntil(() => rows(el).length > 3);
    failAt = 'c1';
    button(el, 'Export…').click();
    await waitUntil(() => deepAll(el, 'dialog[open]').length === 1);
    (deepAll(el, 'input[type="radio"]')[1] as HTMLInputElement).click();
    button(el, 'Export').click();
    await waitUntil(() => dialogText(el).includes('stopped'), 'not stopped');
    expect(dialogText(el)).to.include(
      'The export stopped after 100 rows: the service failed with HTTP 503. The file holds those 100 complete rows.',
    );
    expect(file.closed).to.equal(true);
    expect(file.text.trim().split('\n')).to.have.length(100);
    await expect(deepAll(el, 'alv-export-dialog')[0]!).to.be.accessible();

    // The first page failing: nothing worth a file.
    Object.assign(file, { text: '', closed: false });
    failAt = null;
    button(el, 'Export').click();
    await waitUntil(() => file.aborted, 'an empty file was kept');
    expect(file.closed).to.equal(false);
    expect(dialogText(el)).to.include(
      'The export stopped after 0 rows: the service failed with HTTP 503. No file was saved.',
    );
  });

  it('closing the dialog mid-way throws the half-written file away, and says so when reopened', async () => {
    const { file, release, el } = await gatedExport();
    button(el, 'Export').click();
    await waitUntil(() => release.length === 1);
    release.splice(0).forEach((r) => r());
    await waitUntil(() => release.length === 1, 'second page not asked for');
    // Escape closes the modal dialog mid-way.
    const dialog = deepAll(el, 'dialog')[0] as HTMLDialogElement;
    dialog.focus();
    await userEvent.keyboard('{Escape}');
    await waitUntil(() => !dialog.open, 'still open');
    release.splice(0).forEach((r) => r());
    await waitUntil(() => file.aborted, 'the half file was kept');
    expect(file.closed).to.equal(false);
    button(el, 'Export…').click();
    await waitUntil(() => dialog.open, 'not reopened');
    expect(dialogText(el)).to.match(
      /Stopped when the dialog was closed, after [\d,]+ rows: the file was not saved\./,
    );
  });

  it('measures the progress against the events the view holds, where the viewer knows it', async () => {
    stubPicker();
    const release: (() => void)[] = [];
    const dialog = await fixture<AlvExportDialog>(
      html`<alv-export-dialog
        .total=${250}
        .run=${async (o: ExportOptions) => {
          o.onProgress?.({ rows: 100, pages: 1, scanned: 100, clientFiltered: [] });
          await new Promise<void>((r) => release.push(r));
          return { rows: 250, pages: 3, scanned: 250, clientFiltered: [] };
        }}
      ></alv-export-dialog>`,
    );
    await dialog.show();
    button(dialog, 'Export').click();
    await waitUntil(() => release.length === 1);
    await dialog.updateComplete;
    const bar = dialog.shadowRoot!.querySelector('progress')!;
    expect([bar.value, bar.max]).to.deep.equal([100, 250]);
    expect(dialogText(dialog.parentElement!)).to.include('100 of 250 rows, 1 page');
    await expect(dialog).to.be.accessible();
    release[0]!();
    await waitUntil(() => dialogText(dialog.parentElement!).includes('Exported 250 rows.'));
  });

  it('masks in safe-to-share mode, and downloads where there is no file picker', async () => {
    let blob: Blob | undefined;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blob = b as Blob;
      return 'blob:test';
    });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer .dataSource=${paged()}></audit-log-viewer>`,
    );
    await waitUntil(() => rows(el).length > 3);
    button(el, 'Safe to share').click();
    button(el, 'Export…').click();
    await waitUntil(() => deepAll(el, 'dialog[open]').length === 1);
    button(el, 'Export').click();
    await waitUntil(() => blob !== undefined, 'no download');
    const text = await blob!.text();
    expect(text.split('\r\n')).to.have.length(252);
    expect(text).not.to.match(/@acme\.example/);
  });

  it('names a download that stopped short as partial', async () => {
    const names: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:test');
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      names.push(this.download);
    });
    const all = Array.from({ length: 250 }, (_, i) => event(`x${i}`));
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        .dataSource=${fakeSource((_view, _signal, cursor) =>
          cursor === 'c1'
            ? Promise.reject(new Error('the service failed with HTTP 503'))
            : Promise.resolve(page(all.slice(0, 100), { nextCursor: 'c1' })),
        )}
      ></audit-log-viewer>`,
    );
    await waitUntil(() => rows(el).length > 3);
    button(el, 'Export…').click();
    await waitUntil(() => deepAll(el, 'dialog[open]').length === 1);
    button(el, 'Export').click();
    await waitUntil(() => names.length === 1, 'no download');
    expect(names[0]).to.match(/^audit-log-.+-partial\.csv$/);
    expect(dialogText(el)).to.include('The file holds those 100 complete rows.');
  });
});
