/**
 * Proves the browser test setup: Lit's legacy decorators compile and are reactive,
 * `@open-wc/testing` mounts elements, and its axe-based accessibility assertion both
 * passes and fails when it should.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { LitElement, css } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { describe, it } from 'vitest';

@customElement('smoke-button')
class SmokeButton extends LitElement {
  static override styles = css`
    button[data-tone='danger'] {
      color: #fff;
      background: #a00;
    }
  `;

  @property() label = 'Press';
  @property({ reflect: true }) tone: 'neutral' | 'danger' = 'neutral';
  @state() private presses = 0;

  private onClick(): void {
    this.presses += 1;
    this.dispatchEvent(
      new CustomEvent<{ presses: number }>('smoke-press', {
        detail: { presses: this.presses },
        bubbles: true,
        composed: true,
      }),
    );
  }

  override render() {
    return html`<button type="button" data-tone=${this.tone} @click=${this.onClick}>
        ${this.label}
      </button>
      <output aria-live="polite">${this.presses}</output>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'smoke-button': SmokeButton;
  }
  interface HTMLElementEventMap {
    'smoke-press': CustomEvent<{ presses: number }>;
  }
}

describe('browser setup', () => {
  it('renders a Lit element with decorators, emits events and is accessible', async () => {
    const el = await fixture<SmokeButton>(html`<smoke-button label="Save"></smoke-button>`);

    // Decorated fields must be accessors on the prototype, not own class fields
    // (own fields would shadow them: `useDefineForClassFields: false` is honoured).
    expect(Object.hasOwn(el, 'label')).to.equal(false);
    expect(customElements.get('smoke-button')).to.equal(SmokeButton);

    const button = el.shadowRoot!.querySelector('button')!;
    expect(button.textContent?.trim()).to.equal('Save');
    expect(el.getAttribute('tone')).to.equal('neutral');

    // @property is reactive and reflects.
    el.label = 'Delete';
    el.tone = 'danger';
    await el.updateComplete;
    expect(button.textContent?.trim()).to.equal('Delete');
    expect(el.getAttribute('tone')).to.equal('danger');
    expect(button.dataset.tone).to.equal('danger');

    // Click -> custom event, and @state re-renders.
    setTimeout(() => button.click());
    const event = await oneEvent<HTMLElementEventMap['smoke-press']>(el, 'smoke-press');
    expect(event.detail.presses).to.equal(1);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('output')!.textContent).to.equal('1');

    await expect(el).to.be.accessible();
  });

  it('fails the accessibility assertion for inaccessible markup', async () => {
    const pixel = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
    // eslint-disable-next-line lit-a11y/alt-text -- deliberately inaccessible
    const el = await fixture(html`<div><img src=${pixel} /></div>`);
    await expect(el).not.to.be.accessible();
  });
});
