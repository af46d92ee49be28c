/**
 * A part loaded on first use (`LazyPart`): a visible note while its module is on the way, a
 * clear error with Try again when it could not be loaded (never a blank), and nothing once it
 * is there; an element already defined is ready at once.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { LitElement } from 'lit';
import { describe, it } from 'vitest';
import { LazyPart } from '../../components/internal/lazy-part.js';

let loads = 0;
let outcome: { resolve: () => void; reject: (e: Error) => void } | undefined;
/** A module load the test settles by hand. */
const load = () =>
  new Promise<void>((resolve, reject) => {
    loads++;
    outcome = { resolve, reject };
  });

class LazyHost extends LitElement {
  lazy = new LazyPart(this, 'the test chart', load, 'alv-lazy-test-part');
  override render() {
    this.lazy.ensure();
    return this.lazy.renderState();
  }
}
customElements.define('alv-lazy-host', LazyHost);

const text = (el: Element) => el.shadowRoot!.textContent.replace(/\s+/g, ' ').trim();

describe('LazyPart', () => {
  it('says it is loading, then why it failed with Try again, then nothing once loaded', async () => {
    loads = 0;
    const el = await fixture<LazyHost>(html`<alv-lazy-host></alv-lazy-host>`);
    expect(el.shadowRoot!.querySelector('[role=status]')).to.exist;
    expect(text(el)).to.equal('Loading the test chart…');

    outcome!.reject(new TypeError('Failed to fetch dynamically imported module: chart.js'));
    await waitUntil(() => el.shadowRoot!.querySelector('[role=alert]'), 'no error shown');
    expect(text(el)).to.equal(
      'The test chart could not be loaded (its code could not be downloaded: the network or the site may be down). Try again',
    );
    await expect(el).to.be.accessible();

    el.shadowRoot!.querySelector('button')!.click();
    await el.updateComplete;
    expect(loads).to.equal(2);
    expect(text(el)).to.equal('Loading the test chart…');
    outcome!.resolve();
    await waitUntil(() => text(el) === '', 'the note stayed');
    expect(el.lazy.status).to.equal('ready');
  });

  it('is ready at once when the element is already defined', async () => {
    loads = 0;
    customElements.define('alv-lazy-test-part', class extends HTMLElement {});
    const el = await fixture<LazyHost>(html`<alv-lazy-host></alv-lazy-host>`);
    expect(text(el)).to.equal('');
    expect(loads).to.equal(0);
  });

  it('with a test of its own, loads until that test holds, whatever elements are defined', async () => {
    let there = false;
    let loaded = 0;
    class PredicateHost extends LitElement {
      // The element is defined already (above); the module's other exports are not there.
      lazy = new LazyPart(
        this,
        'the test parts',
        () => load().then(() => ((there = true), loaded++)),
        () => there,
      );
      override render() {
        this.lazy.ensure();
        return this.lazy.renderState();
      }
    }
    customElements.define('alv-lazy-predicate-host', PredicateHost);
    const el = await fixture<PredicateHost>(
      html`<alv-lazy-predicate-host></alv-lazy-predicate-host>`,
    );
    expect(text(el)).to.equal('Loading the test parts…');
    outcome!.resolve();
    await waitUntil(() => el.lazy.status === 'ready', 'not loaded');
    expect(loaded).to.equal(1);
    // A second host finds it there: no load, no note.
    const again = await fixture<PredicateHost>(
      html`<alv-lazy-predicate-host></alv-lazy-predicate-host>`,
    );
    expect(text(again)).to.equal('');
    expect(loaded).to.equal(1);
  });
});
