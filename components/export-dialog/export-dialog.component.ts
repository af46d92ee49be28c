import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type {
  ExportFormat,
  ExportOptions,
  ExportProgress,
  ExportResult,
} from '../../core/export.js';
import type { AuditEvent } from '../../core/model.js';
import type { ColumnId } from '../../core/view-state.js';
import { AlvElement } from '../internal/alv-element.js';
import { download } from '../internal/download.js';
import { tokens } from '../styles/tokens.js';
import { styles } from './export-dialog.styles.js';

/** Runs the export (the root binds it to the session's source and view). */
export type ExportRunner = (options: ExportOptions) => Promise<ExportResult>;

/** Where the rows go: a file chosen with the File System Access API, else a download. */
interface Sink {
  write(chunk: string): Promise<void>;
  /** Keeps what was written; `partial`: the export stopped short (a download says so in its name). */
  close(partial?: boolean): Promise<void>;
  abort(): Promise<void>;
}

interface SaveFilePicker {
  (options: {
    suggestedName: string;
    types: { description: string; accept: Record<string, string[]> }[];
  }): Promise<{ createWritable(): Promise<WritableStreamLike> }>;
}
interface WritableStreamLike {
  write(data: string): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

const MIME: Record<ExportFormat, string> = { csv: 'text/csv', ndjson: 'application/x-ndjson' };

/** A download of the whole text once it is complete (browsers without File System Access). */
function downloadSink(name: string, format: ExportFormat): Sink {
  const chunks: string[] = [];
  return {
    write: (c) => Promise.resolve(void chunks.push(c)),
    close: (partial) =>
      Promise.resolve(
        download(partial ? name.replace(/(\.\w+)$/, '-partial$1') : name, chunks, MIME[format]),
      ),
    abort: () => Promise.resolve(void (chunks.length = 0)),
  };
}

/**
 * Exports the current filtered view, across all its pages, as CSV or NDJSON: the visible
 * columns or every field, up to a row cap shown before starting, masked when "Safe to share"
 * is on, with progress (rows, pages, scanned vs matched) and a cancel button. Rows are written
 * a page at a time to a file (File System Access API) or, elsewhere, downloaded at the end.
 *
 * @tag alv-export-dialog
 * @summary Export the whole filtered view, with progress and cancel.
 *
 * @csspart dialog - The dialog box.
 *
 * @cssprop --alv-color-accent - The Export button.
 * @cssprop --alv-color-success - "Exported N rows".
 * @cssprop --alv-color-danger - A failure.
 */
export class AlvExportDialog extends AlvElement {
  static override styles = [tokens, styles];

  /** Runs the export over the view's pages. */
  @property({ attribute: false }) run?: ExportRunner;
  /** The visible columns, for "visible columns". */
  @property({ attribute: false }) columns: readonly ColumnId[] = [];
  /** Mask the rows as on screen. */
  @property({ type: Boolean, attribute: 'safe-to-share' }) safeToShare = false;
  /** The loaded list: with `safeToShare`, the people it names are masked in every row too. */
  @property({ attribute: false }) among?: readonly AuditEvent[];
  /** IANA time zone of the timestamps (stated in the CSV header). */
  @property({ attribute: 'time-zone' }) timeZone?: string;
  /** Applies filters in the viewer (its names), to say "scanned vs matched". */
  @property({ attribute: false }) clientFiltered: readonly string[] = [];

  /** How many events the view holds, where the viewer knows it: the progress bar's measure. */
  @property({ attribute: false }) total?: number;

  @state() private format: ExportFormat = 'csv';
  @state() private allFields = false;
  @state() private cap = 10_000;
  @state() private progress?: ExportProgress;
  @state() private running = false;
  @state() private outcome?: { ok: boolean; text: string };
  /** The export reached the end of the view (or the cap): the bar shows it full. */
  @state() private finished = false;

  @query('dialog') private dialog?: HTMLDialogElement;
  private abort?: AbortController;
  /** The dialog was closed (Escape, or by the page) while an export ran: it is thrown away. */
  private closedWhileRunning = false;

  /** Opens the dialog (saying so if the last export was stopped by closing it). */
  async show(): Promise<void> {
    if (!this.closedWhileRunning) this.outcome = undefined;
    this.closedWhileRunning = false;
    this.progress = undefined;
    await this.updateComplete;
    this.dialog?.showModal();
  }

  private close(): void {
    this.abort?.abort();
    this.dialog?.close();
  }

  private readonly onClose = (): void => {
    if (!this.running) return;
    this.closedWhileRunning = true;
    this.abort?.abort();
  };

  private async openSink(name: string): Promise<Sink> {
    const picker = (window as unknown as { showSaveFilePicker?: SaveFilePicker })
      .showSaveFilePicker;
    if (!picker) return downloadSink(name, this.format);
    const handle = await picker({
      suggestedName: name,
      types: [
        {
          description: this.format.toUpperCase(),
          accept: { [MIME[this.format]]: [`.${this.format}`] },
        },
      ],
    });
    return handle.createWritable();
  }

  private async start(): Promise<void> {
    const run = this.run;
    if (!run || this.running) return;
    const { exportFileName } = await import('../../core/export.js');
    let mask: ((e: AuditEvent) => AuditEvent) | undefined;
    if (this.safeToShare) {
      const { maskEvent, peopleOf } = await import('../../core/redaction.js');
      const people = peopleOf(this.among ?? []);
      mask = (e) => maskEvent(e, people);
    }
    let sink: Sink;
    try {
      sink = await this.openSink(exportFileName(this.format));
    } catch (e) {
      // The user closed the file picker: nothing was started.
      if ((e as { name?: string }).name === 'AbortError') return;
      this.outcome = { ok: false, text: `The file could not be opened: ${(e as Error).message}` };
      return;
    }
    this.abort = new AbortController();
    this.closedWhileRunning = false;
    this.running = true;
    this.outcome = undefined;
    this.finished = false;
    this.progress = { rows: 0, pages: 0, scanned: 0, clientFiltered: [] };
    try {
      const result = await run({
        format: this.format,
        columns: this.allFields ? 'all' : this.columns,
        cap: this.cap,
        mask: mask,
        timeZone: this.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
        signal: this.abort.signal,
        write: (chunk) => sink.write(chunk),
        onProgress: (p) => (this.progress = p),
      });
      if (this.closedWhileRunning) {
        // Closed mid-way: no half file under the usual name, and the next opening says so.
        await sink.abort();
        this.outcome = {
          ok: false,
          text: `Stopped when the dialog was closed, after ${result.rows.toLocaleString()} rows: the file was not saved.`,
        };
        return;
      }
      await sink.close();
      this.finished = result.stopped !== 'cancelled';
      const rows = result.rows.toLocaleString();
      this.outcome = {
        ok: true,
        text:
          result.stopped === 'cancelled'
            ? `Cancelled: ${rows} complete rows written.`
            : result.stopped === 'cap'
              ? `Exported ${rows} rows (the row cap); more match.`
              : `Exported ${rows} rows.`,
      };
    } catch (e) {
      // An export that stopped (core's ExportError, with its progress and cause): the complete
      // rows so far are saved (still worth having), and the message says how many, and why.
      const stopped = e as Error & { progress?: ExportProgress; cause?: unknown };
      const rows = stopped.progress?.rows ?? 0;
      const saved =
        rows > 0 &&
        (await sink.close(true).then(
          () => true,
          () => false,
        ));
      if (!saved) await sink.abort().catch(() => undefined);
      const why = stopped.cause instanceof Error ? stopped.cause.message : stopped.message;
      this.outcome = {
        ok: false,
        text: stopped.progress
          ? `The export stopped after ${rows.toLocaleString()} rows: ${why}. ` +
            (saved
              ? `The file holds those ${rows.toLocaleString()} complete rows.`
              : 'No file was saved.')
          : stopped.message,
      };
    } finally {
      this.running = false;
    }
  }

  override render() {
    const p = this.progress;
    // Unless the viewer knows how many events match (`total`), that is not known until the last
    // page: while it runs the bar moves without a measure (the text counts rows and pages);
    // done, it is full; stopped, it shows how far it got towards the cap.
    const pct = this.finished ? 100 : p && this.cap ? Math.min(100, (100 * p.rows) / this.cap) : 0;
    // Where the viewer knows how many events match, the rows to come are known too.
    const expected = this.total !== undefined ? Math.min(this.total, this.cap) : undefined;
    return html`<dialog part="dialog" aria-labelledby="title" @close=${this.onClose}>
      <h2 id="title">Export this view</h2>
      <p class="hint">
        Every page of the current filters, not just what is
        loaded.${this.safeToShare ? ' Masked, as "Safe to share" is on.' : ''}
      </p>
      <fieldset ?disabled=${this.running}>
        <legend>Format</legend>
        ${(['csv', 'ndjson'] as const).map(
          (f) =>
            html`<label
              ><input
                type="radio"
                name="format"
                .checked=${this.format === f}
                @change=${() => (this.format = f)}
              />${f === 'csv' ? 'CSV' : 'NDJSON'}</label
            >`,
        )}
      </fieldset>
      <fieldset ?disabled=${this.running}>
        <legend>Columns</legend>
        <label
          ><input
            type="radio"
            name="columns"
            .checked=${!this.allFields}
            @change=${() => (this.allFields = false)}
          />Visible columns</label
        >
        <label
          ><input
            type="radio"
            name="columns"
            .checked=${this.allFields}
            @change=${() => (this.allFields = true)}
          />All fields</label
        >
        ${
          this.format === 'ndjson'
            ? html`<p class="hint" id="ndjson-lines">
                ${
                  this.allFields
                    ? 'Each line is a whole event (times in epoch milliseconds).'
                    : 'Each line is an object of the visible columns.'
                }
              </p>`
            : nothing
        }
      </fieldset>
      <fieldset ?disabled=${this.running}>
        <legend>Row cap</legend>
        <label
          >At most
          <input
            type="number"
            min="1"
            max="1000000"
            step="1000"
            .value=${String(this.cap)}
            @change=${(e: Event) =>
              (this.cap = Math.max(
                1,
                Math.floor(Number((e.target as HTMLInputElement).value)) || 1,
              ))}
          />
          rows</label
        >
      </fieldset>
      ${
        p
          ? html`${
                this.running
                  ? expected
                    ? html`<progress
                        max=${expected}
                        value=${Math.min(p.rows, expected)}
                        aria-label="Export progress"
                      ></progress>`
                    : html`<progress aria-label="Export progress"></progress>`
                  : html`<progress max="100" value=${pct} aria-label="Export progress"></progress>`
              }
              <p class="status" role="status">
                ${p.rows.toLocaleString()}${
                  this.running && expected ? ` of ${expected.toLocaleString()}` : ''
                }
                rows, ${p.pages}
                ${p.pages === 1 ? 'page' : 'pages'}${
                  p.clientFiltered.length
                    ? html` — matched ${p.rows.toLocaleString()} of ${p.scanned.toLocaleString()}
                      scanned (filtered in the viewer)`
                    : nothing
                }
              </p>`
          : nothing
      }
      ${
        this.outcome
          ? html`<p class="status ${this.outcome.ok ? 'done' : 'failed'}" role="alert">
              ${this.outcome.text}
            </p>`
          : nothing
      }
      <div class="actions">
        ${
          this.running
            ? html`<button type="button" @click=${() => this.abort?.abort()}>Cancel</button>`
            : html`<button type="button" @click=${this.close}>Close</button>
                <button type="button" class="primary" @click=${() => void this.start()}>
                  Export
                </button>`
        }
      </div>
    </dialog>`;
  }
}
