import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ViewState } from '../../core/model.js';
import { SavedViews, savedViewsFile, viewOf, type SavedView } from '../../core/saved-views.js';
import { AlvElement } from '../internal/alv-element.js';
import { writeClipboard } from '../internal/clipboard.js';
import { download } from '../internal/download.js';
import { PopoverController, popoverStyles } from '../internal/popover.js';
import { tokens } from '../styles/tokens.js';
import { styles } from './saved-views.styles.js';

/**
 * Saved views: name the current view, then open, rename, delete or copy a link to it later;
 * export and import them as a JSON file. Kept in this browser per source and principal, as
 * link fragments: never a credential or a payload value.
 *
 * @tag alv-saved-views
 * @summary The saved-views menu.
 *
 * @fires alv-view-select - A saved view was opened: `{ view }`.
 * @fires alv-copy - A saved view's link was copied (`what: 'link'`).
 *
 * @csspart trigger - The "Views" button.
 * @csspart panel - The popover.
 *
 * @cssprop --alv-color-accent - Links and the trigger.
 * @cssprop --alv-color-danger - An import that was refused.
 */
export class AlvSavedViews extends AlvElement {
  static override styles = [tokens, popoverStyles, styles];

  /** The view "Save" saves. */
  @property({ attribute: false }) view?: ViewState;
  /** Whose views these are (source and principal); without it nothing is saved. */
  @property() partition?: string;
  /** The page shared links open (default: this page without its fragment). */
  @property() base?: string;

  private readonly menu = new PopoverController(this, (open) => {
    this.message = undefined;
    this.replacing = undefined;
    if (open) this.refresh();
  });
  @state() private views: SavedView[] = [];
  @state() private message?: { text: string; error?: boolean };
  @state() private renaming?: string;
  /** A name typed to save under that another view has: replace it? */
  @state() private replacing?: string;

  private get store(): SavedViews | undefined {
    return this.partition ? new SavedViews(localStorage, this.partition) : undefined;
  }

  private refresh(): void {
    this.views = this.store?.list() ?? [];
  }

  private get nameInput(): HTMLInputElement | null {
    return this.renderRoot.querySelector<HTMLInputElement>('input[name="name"]');
  }

  private save(e: SubmitEvent): void {
    e.preventDefault();
    const name = this.nameInput?.value.trim() ?? '';
    if (!name || !this.view || !this.store) return;
    // A name already taken replaces that view only once the user says so.
    if (this.store.named(name) && this.replacing !== name) {
      this.replacing = name;
      this.message = undefined;
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLElement>('.confirm .replace')?.focus(),
      );
      return;
    }
    this.store.save(name, this.view);
    this.message = { text: `${this.replacing === name ? 'Replaced' : 'Saved'} “${name}”.` };
    this.replacing = undefined;
    if (this.nameInput) this.nameInput.value = '';
    this.refresh();
  }

  /** "Replace" or "Cancel" after a save under a name already taken; back to the name field. */
  private answerReplace(replace: boolean): void {
    const input = this.nameInput;
    if (replace) input?.form?.requestSubmit();
    else this.replacing = undefined;
    input?.focus();
    if (!replace) input?.select();
  }

  private choose(saved: SavedView): void {
    this.emit('alv-view-select', { view: viewOf(saved) });
    this.menu.close();
  }

  private async copyLink(saved: SavedView): Promise<void> {
    const text = (this.base ?? location.href.replace(/#.*$/, '')) + saved.fragment;
    this.emit('alv-copy', { what: 'link', text });
    const ok = await writeClipboard(text);
    this.message = ok
      ? { text: `Link to “${saved.name}” copied.` }
      : { text: `Copy this link: ${text}` };
  }

  /** Focuses `selector` within the list item of view `id` once rendered. */
  private async focusIn(id: string | undefined, selector: string): Promise<void> {
    await this.updateComplete;
    const item = id && this.renderRoot.querySelector(`li[data-id="${CSS.escape(id)}"]`);
    const target = item
      ? item.querySelector<HTMLElement>(selector)
      : this.renderRoot.querySelector<HTMLElement>('form input');
    target?.focus();
    if (target instanceof HTMLInputElement) target.select();
  }

  private startRename(saved: SavedView): void {
    this.renaming = saved.id;
    void this.focusIn(saved.id, 'input');
  }

  private rename(e: SubmitEvent, saved: SavedView): void {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).elements.namedItem('rename') as HTMLInputElement;
    const name = input.value.trim();
    if (name && name !== saved.name) {
      if (this.store && !this.store.rename(saved.id, name)) {
        // Taken by another view: the field stays, to pick another name.
        this.message = { text: `Another view is named “${name}”: pick another name.`, error: true };
        input.select();
        return;
      }
      this.message = { text: `Renamed “${saved.name}” to “${name}”.` };
    } else this.message = undefined;
    this.renaming = undefined;
    this.refresh();
    void this.focusIn(saved.id, '.open');
  }

  /** Escape in the rename field leaves the name as it was (the panel stays open). */
  private onRenameKeydown(e: KeyboardEvent, saved: SavedView): void {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    this.renaming = undefined;
    void this.focusIn(saved.id, '.rename');
  }

  private deleteView(saved: SavedView): void {
    const at = this.views.findIndex((v) => v.id === saved.id);
    this.store?.remove(saved.id);
    this.refresh();
    this.message = { text: `Deleted “${saved.name}”.` };
    // The focus goes to the view that took its place, else to the name field.
    const next = this.views[Math.min(at, this.views.length - 1)];
    void this.focusIn(next?.id, '.open');
  }

  private exportFile(): void {
    download('audit-log-saved-views.json', [savedViewsFile(this.views)], 'application/json');
  }

  private async importFile(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file || !this.store) return;
    const result = this.store.import(await file.text());
    this.refresh();
    this.message = result.ok
      ? {
          text:
            `Imported ${result.added} ${result.added === 1 ? 'view' : 'views'}` +
            (result.alreadySaved ? ` (${result.alreadySaved} already saved).` : '.'),
        }
      : { text: `Not imported: ${result.error} Nothing already saved was changed.`, error: true };
  }

  override render() {
    return html`<span @keydown=${this.menu.onKeydown}>
      <button
        part="trigger"
        class="trigger"
        type="button"
        aria-expanded=${this.menu.open ? 'true' : 'false'}
        ?disabled=${!this.partition}
        title=${this.partition ? 'Saved views' : 'Saved views need a source'}
        @click=${() => this.menu.toggle()}
      >
        Views
      </button>
      ${
        this.menu.open
          ? html`<div part="panel" class="panel" role="group" aria-label="Saved views">
              <form @submit=${this.save}>
                <input
                  name="name"
                  aria-label="Name for this view"
                  placeholder="Name this view"
                  @input=${() => (this.replacing = undefined)}
                />
                <button type="submit">Save</button>
              </form>
              ${
                this.replacing
                  ? html`<p class="confirm" role="alert">
                      <span
                        >A view named “${this.replacing}” exists. Replace it with this one?</span
                      >
                      <button
                        type="button"
                        class="replace"
                        @click=${() => this.answerReplace(true)}
                      >
                        Replace
                      </button>
                      <button type="button" @click=${() => this.answerReplace(false)}>
                        Cancel
                      </button>
                    </p>`
                  : nothing
              }
              ${
                this.views.length
                  ? html`<ul aria-label="Saved views">
                      ${this.views.map((v) =>
                        this.renaming === v.id
                          ? html`<li data-id=${v.id}>
                              <form @submit=${(e: SubmitEvent) => this.rename(e, v)}>
                                <input
                                  name="rename"
                                  aria-label="New name"
                                  .value=${v.name}
                                  @keydown=${(e: KeyboardEvent) => this.onRenameKeydown(e, v)}
                                />
                                <button type="submit">OK</button>
                              </form>
                            </li>`
                          : html`<li data-id=${v.id}>
                              <button
                                class="open"
                                type="button"
                                title=${`${v.name}: ${v.fragment}`}
                                @click=${() => this.choose(v)}
                              >
                                ${v.name}
                              </button>
                              <button
                                type="button"
                                aria-label=${`Copy link to ${v.name}`}
                                @click=${() => void this.copyLink(v)}
                              >
                                Link
                              </button>
                              <button
                                type="button"
                                class="rename"
                                aria-label=${`Rename ${v.name}`}
                                @click=${() => this.startRename(v)}
                              >
                                Rename
                              </button>
                              <button
                                type="button"
                                aria-label=${`Delete ${v.name}`}
                                @click=${() => this.deleteView(v)}
                              >
                                Delete
                              </button>
                            </li>`,
                      )}
                    </ul>`
                  : html`<p class="empty">No saved views yet.</p>`
              }
              <div class="row">
                <button type="button" ?disabled=${!this.views.length} @click=${this.exportFile}>
                  Export file
                </button>
                <button
                  type="button"
                  @click=${() =>
                    this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.click()}
                >
                  Import file…
                </button>
                <input
                  type="file"
                  hidden
                  aria-label="Import a saved-views file"
                  accept="application/json,.json"
                  @change=${this.importFile}
                />
              </div>
              ${
                this.message
                  ? html`<p class="message ${this.message.error ? 'error' : ''}" role="status">
                      ${this.message.text}
                    </p>`
                  : nothing
              }
            </div>`
          : nothing
      }
    </span>`;
  }
}
