import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ALL_COLUMNS, COLUMN_LABELS, isColumnId, type ColumnId } from '../../core/view-state.js';
import { AlvElement } from '../internal/alv-element.js';
import { quietButtons } from '../styles/buttons.js';
import { tokens } from '../styles/tokens.js';
import { columnsMenuStyles } from './columns-menu.styles.js';

type MenuAction = 'toggle' | 'left' | 'right';

/**
 * The Columns menu of the events table: a button that opens a menu of every column, to show,
 * hide and move them. An ARIA menu button: Enter, Space or ArrowDown open it on the first item,
 * ArrowUp on the last; arrows, Home and End move; Escape closes it and gives the focus back to
 * the button (without closing anything else); Tab or a click elsewhere closes it. The last
 * visible column cannot be hidden.
 *
 * @tag alv-columns-menu
 * @summary Show, hide and reorder the table's columns.
 *
 * @fires alv-columns-change - A column was shown, hidden or moved: `{ columns }`.
 *
 * @csspart button - The button that opens the menu.
 * @csspart menu - The menu.
 *
 * @cssprop --alv-color-bg - Menu background.
 * @cssprop --alv-color-fg - Text colour.
 * @cssprop --alv-color-muted - The button's glyph and disabled items.
 * @cssprop --alv-color-border - Menu border.
 * @cssprop --alv-color-accent - Check marks and hovered items.
 * @cssprop --alv-color-focus - Focus ring.
 * @cssprop --alv-radius - Corner radius of the menu and its items.
 */
export class AlvColumnsMenu extends AlvElement {
  static override styles = [tokens, quietButtons, columnsMenuStyles];

  /** The visible columns, in order. */
  @property({ attribute: false }) columns: readonly ColumnId[] = ALL_COLUMNS;

  /**
   * Which of the visible columns the table has no room for at its width (it drops them as it
   * narrows): asked when the menu opens, so a ticked column missing from the table says why.
   */
  @property({ attribute: false }) noRoom: () => readonly ColumnId[] = () => [];

  /** Density of the table it belongs to (the tokens' row height). */
  @property({ reflect: true }) density: 'comfortable' | 'compact' = 'comfortable';

  @state() private open = false;

  /** The item to focus after the next render (the menu re-renders as columns change). */
  private focusNext?: { col: ColumnId; action: MenuAction };

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.onDocumentPointerDown, true);
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('open')) {
      if (this.open) document.addEventListener('pointerdown', this.onDocumentPointerDown, true);
      else document.removeEventListener('pointerdown', this.onDocumentPointerDown, true);
    }
    if (this.open && this.focusNext) {
      const { col, action } = this.focusNext;
      this.focusNext = undefined;
      this.renderRoot
        .querySelector<HTMLElement>(`.menu [data-col="${col}"][data-action="${action}"]`)
        ?.focus();
    }
  }

  private get shown(): ColumnId[] {
    const cols = this.columns.filter(isColumnId);
    return cols.length > 0 ? cols : [...ALL_COLUMNS];
  }

  override render(): TemplateResult {
    const cols = this.shown;
    const hidden = ALL_COLUMNS.filter((c) => !cols.includes(c));
    const noRoom = this.open ? this.noRoom() : [];
    const move = (col: ColumnId, action: MenuAction, label: string, disabled: boolean) =>
      html`<button
        type="button"
        role="menuitem"
        tabindex="-1"
        data-col=${col}
        data-action=${action}
        aria-label=${`Move ${COLUMN_LABELS[col]} ${action}`}
        aria-disabled=${disabled ? 'true' : 'false'}
      >
        <span aria-hidden="true">${label}</span>
      </button>`;
    const check = (col: ColumnId, checked: boolean) =>
      html`<button
        type="button"
        role="menuitemcheckbox"
        tabindex="-1"
        data-col=${col}
        data-action="toggle"
        aria-checked=${checked ? 'true' : 'false'}
        aria-disabled=${checked && cols.length === 1 ? 'true' : 'false'}
      >
        <span class="check" aria-hidden="true">${checked ? '✓' : ''}</span>${COLUMN_LABELS[col]}
        ${
          checked && noRoom.includes(col)
            ? html`<span class="no-room">(no room at this width)</span>`
            : nothing
        }
      </button>`;
    return html`<button
        type="button"
        part="button"
        class="button"
        title="Columns"
        aria-haspopup="menu"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls="menu"
        @click=${this.onButtonClick}
        @keydown=${this.onButtonKeydown}
      >
        <span aria-hidden="true">⋮</span><span class="visually-hidden">Columns</span>
      </button>
      ${
        this.open
          ? html`<div
              id="menu"
              part="menu"
              class="menu"
              role="menu"
              aria-label="Columns"
              @click=${this.onMenuClick}
              @keydown=${this.onMenuKeydown}
              @focusout=${this.onFocusout}
            >
              ${cols.map(
                (c, i) =>
                  html`<div class="line" role="none">
                    ${check(c, true)} ${move(c, 'left', '←', i === 0)}
                    ${move(c, 'right', '→', i === cols.length - 1)}
                  </div>`,
              )}
              ${hidden.map((c) => html`<div class="line" role="none">${check(c, false)}</div>`)}
            </div>`
          : nothing
      }`;
  }

  private items(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('.menu button')];
  }

  private openMenu(focus: 'first' | 'last'): void {
    this.open = true;
    const cols = this.shown;
    const hidden = ALL_COLUMNS.filter((c) => !cols.includes(c));
    this.focusNext =
      focus === 'first'
        ? { col: cols[0]!, action: 'toggle' }
        : hidden.length > 0
          ? { col: hidden.at(-1)!, action: 'toggle' }
          : { col: cols.at(-1)!, action: 'right' };
  }

  private closeMenu(restoreFocus: boolean): void {
    this.open = false;
    if (restoreFocus) this.renderRoot.querySelector<HTMLElement>('.button')?.focus();
  }

  private onButtonClick(): void {
    if (this.open) this.closeMenu(false);
    else this.openMenu('first');
  }

  private onButtonKeydown(ev: KeyboardEvent): void {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      this.openMenu(ev.key === 'ArrowDown' ? 'first' : 'last');
    } else if (ev.key === 'Escape' && this.open) {
      ev.stopPropagation();
      this.closeMenu(false);
    }
  }

  private onMenuKeydown(ev: KeyboardEvent): void {
    const items = this.items();
    const current = items.indexOf(ev.composedPath()[0] as HTMLElement);
    let next: number;
    switch (ev.key) {
      case 'ArrowDown':
        next = (current + 1) % items.length;
        break;
      case 'ArrowUp':
        next = (current - 1 + items.length) % items.length;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = items.length - 1;
        break;
      case 'Escape':
        // Handled here: the viewer must not also close the open entry.
        ev.preventDefault();
        ev.stopPropagation();
        this.closeMenu(true);
        return;
      case 'Tab':
        this.closeMenu(false);
        return;
      default:
        return;
    }
    ev.preventDefault();
    items[next]?.focus();
  }

  private onMenuClick(ev: MouseEvent): void {
    const button = ev
      .composedPath()
      .find((n): n is HTMLButtonElement => n instanceof HTMLButtonElement && !!n.dataset.action);
    if (!button || button.getAttribute('aria-disabled') === 'true') return;
    const col = button.dataset.col as ColumnId;
    const action = button.dataset.action as MenuAction;
    const cols = this.shown;
    let next: ColumnId[];
    if (action === 'toggle') {
      next = cols.includes(col) ? cols.filter((c) => c !== col) : [...cols, col];
    } else {
      const from = cols.indexOf(col);
      const to = from + (action === 'left' ? -1 : 1);
      next = [...cols];
      [next[from], next[to]] = [next[to]!, next[from]!];
    }
    this.columns = next;
    this.focusNext = { col, action };
    this.emit('alv-columns-change', { columns: [...next] });
  }

  private onFocusout(ev: FocusEvent): void {
    const to = ev.relatedTarget as Node | null;
    if (to && !this.renderRoot.contains(to)) this.closeMenu(false);
  }

  private readonly onDocumentPointerDown = (ev: PointerEvent): void => {
    if (!ev.composedPath().includes(this)) this.closeMenu(false);
  };
}
