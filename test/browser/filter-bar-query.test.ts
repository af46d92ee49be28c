/**
 * `<alv-filter-bar>` and the query language's guidance: the quoted form offered for a value
 * that ran into free text, the part of a query that was not applied, status alternatives, and
 * a User field that applies a half-typed value only when it is committed.
 */
import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import { afterEach, describe, it } from 'vitest';
import '../../components/filter-bar/filter-bar.js';
import type { AlvFilterBar } from '../../components/filter-bar/filter-bar.js';
import type { Filters } from '../../core/model.js';

afterEach(() => fixtureCleanup());

const part = <T extends Element = HTMLInputElement>(el: AlvFilterBar, selector: string): T => {
  const found = el.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
};

function record(el: AlvFilterBar): Filters[] {
  const seen: Filters[] = [];
  el.addEventListener('alv-filter-change', (e) => seen.push(e.detail.filters));
  return seen;
}

function setValue(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

function press(input: HTMLInputElement, key: string): void {
  input.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
}

const mount = (debounce = 0) =>
  fixture<AlvFilterBar>(html`<alv-filter-bar debounce=${debounce}></alv-filter-bar>`);

const text = (el: Element) => el.textContent?.replace(/\s+/g, ' ').trim();

describe('<alv-filter-bar> query guidance', () => {
  it('offers plugin:"create ticket" for plugin:create ticket, and applies it on a click', async () => {
    const el = await mount();
    const seen = record(el);
    setValue(part(el, '#query'), 'plugin:create ticket');
    await el.updateComplete;
    const fix = part<HTMLButtonElement>(el, '.query-hint button');
    expect(text(fix)).to.equal('plugin:"create ticket"');
    expect(text(part(el, '.query-hint'))).to.equal(
      'plugin:create takes one word; for "create ticket" write plugin:"create ticket"',
    );
    await expect(el).to.be.accessible();
    fix.click();
    await waitUntil(() => seen.at(-1)?.plugin === 'create ticket', 'the quoted form not applied');
    expect(seen.at(-1)).to.deep.equal({ plugin: 'create ticket' });
    expect(part(el, '#query').value).to.equal('plugin:"create ticket"');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.query-hint')).to.equal(null);
  });

  it('says which part of the query was not applied', async () => {
    const el = await mount();
    const seen = record(el);
    const query = part(el, '#query');
    setValue(query, 'user:vikram.pawar@acme.example status:abc');
    press(query, 'Enter');
    await waitUntil(() => seen.length > 0);
    expect(seen.at(-1)).to.deep.equal({ actor: 'vikram.pawar@acme.example' });
    await el.updateComplete;
    const item = part<HTMLElement>(el, '.query-status .errors li');
    expect(text(item)).to.match(/^Not applied: status:abc — status: "abc": expected a status code/);
    await expect(el).to.be.accessible();
  });

  it('applies status:4xx OR status:5xx and status:4xx,5xx as one status list', async () => {
    const el = await mount();
    const seen = record(el);
    const query = part(el, '#query');
    setValue(query, 'status:4xx OR status:5xx');
    await waitUntil(() => seen.length === 1);
    expect(seen[0]).to.deep.equal({ status: '4xx,5xx' });
    setValue(part(el, '#status'), '');
    setValue(part(el, '#status'), '201,429');
    await waitUntil(() => seen.at(-1)?.status === '201,429');
    expect(query.value).to.equal('status:201,429');
  });
});

describe('<alv-filter-bar> User field', () => {
  it('keeps a half-typed user out of the filters until Enter', async () => {
    const el = await mount();
    const seen = record(el);
    setValue(part(el, '#actor'), 'vikram');
    await el.updateComplete;
    expect(text(part(el, '#pending-actor'))).to.equal(
      'Not applied yet: press Enter or pick a suggestion',
    );
    expect(part(el, '#actor').getAttribute('aria-describedby')).to.equal('pending-actor');
    await expect(el).to.be.accessible();
    // Another filter applies; the half-typed user does not come with it.
    setValue(part(el, '#text'), 'timeout');
    await waitUntil(() => seen.length === 1);
    expect(seen[0]).to.deep.equal({ q: 'timeout' });
    press(part(el, '#actor'), 'Enter');
    await waitUntil(() => seen.length === 2);
    expect(seen[1]).to.deep.equal({ actor: 'vikram', q: 'timeout' });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('#pending-actor')).to.equal(null);
  });

  it('applies a complete address by itself', async () => {
    const el = await mount();
    const seen = record(el);
    setValue(part(el, '#actor'), 'vikram.pawar@acme.example');
    await waitUntil(() => seen.length === 1);
    expect(seen[0]).to.deep.equal({ actor: 'vikram.pawar@acme.example' });
    expect(el.shadowRoot!.querySelector('#pending-actor')).to.equal(null);
  });
});
