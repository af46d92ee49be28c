import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { describe, it } from 'vitest';
import type { AlvEventMap } from '../../components/events.js';
import { userEvent } from 'vitest/browser';
import '../../components/json-tree/json-tree.js';
import type { AlvJsonTree } from '../../components/json-tree/json-tree.js';
import { REDACTION_MARKER } from '../../core/model.js';

const body = {
  result: {
    number: 'INC0019232',
    caller: { email: 'jordan.lee@acme.example', phone: '+1 415 555 0100' },
    items: [
      { sys_id: 'a1' },
      { sys_id: 'a2' },
      { sys_id: 'a3' },
      { sys_id: '6e697681873fc92ed0ddf805c9d6f193', note: 'mail jordan.lee@acme.example' },
    ],
    active: true,
    priority: 4,
    closed_at: null,
  },
  password: 'hunter2-hunter2',
};

const items = (el: AlvJsonTree) => [
  ...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="treeitem"]'),
];
const item = (el: AlvJsonTree, key: string) =>
  el.shadowRoot!.querySelector<HTMLElement>(`[role="treeitem"][data-key="${CSS.escape(key)}"]`);
const focusedKey = (el: AlvJsonTree) =>
  (el.shadowRoot!.activeElement as HTMLElement | null)?.dataset.key;
const row = (el: AlvJsonTree, key: string) =>
  item(el, key)!.querySelector<HTMLElement>(':scope > .row')!;

async function settle(el: AlvJsonTree): Promise<void> {
  await el.updateComplete;
  await new Promise((r) => requestAnimationFrame(r));
  await el.updateComplete;
}

/** ~5 MB: 50,000 records of ~100 bytes. */
function bigBody() {
  const records = Array.from({ length: 50_000 }, (_, i) => ({
    id: i,
    name: `Record number ${i}`,
    email: `user${i}@example.com`,
    tags: ['alpha', 'beta'],
    note: 'lorem ipsum dolor sit amet',
  }));
  return { meta: { total: records.length, page: 1 }, records };
}

describe('<alv-json-tree>', () => {
  it('renders an accessible tree expanded to expand-depth, with the root first', async () => {
    const el = await fixture<AlvJsonTree>(
      html`<alv-json-tree label="Response body" .value=${body}></alv-json-tree>`,
    );
    const tree = el.shadowRoot!.querySelector('[role="tree"]')!;
    expect(tree.getAttribute('aria-label')).to.equal('Response body');
    // Root expanded (depth 0 < 1), its two children collapsed.
    expect(items(el).map((i) => i.dataset.key)).to.deep.equal(['$', '$.result', '$.password']);
    const root = item(el, '$')!;
    expect(root.getAttribute('aria-expanded')).to.equal('true');
    expect(root.getAttribute('aria-level')).to.equal('1');
    expect(root.tabIndex).to.equal(0);
    expect(item(el, '$.result')!.getAttribute('aria-expanded')).to.equal('false');
    expect(item(el, '$.result')!.getAttribute('aria-level')).to.equal('2');
    expect(item(el, '$.result')!.tabIndex).to.equal(-1);
    expect(row(el, '$.result').textContent).to.contain('{6 keys}');
    await expect(el).to.be.accessible();

    el.expandDepth = 4;
    el.value = structuredClone(body);
    await settle(el);
    expect(item(el, '$.result.items[3].sys_id')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('renders a 5 MB value instantly and a 50,000-item array one chunk at a time', async () => {
    const value = bigBody();
    expect(JSON.stringify(value).length).to.be.greaterThan(5_000_000);
    const t0 = performance.now();
    const el = await fixture<AlvJsonTree>(
      html`<alv-json-tree label="Big body" .value=${value}></alv-json-tree>`,
    );
    const initialMs = performance.now() - t0;
    expect(items(el).length).to.equal(3);
    expect(el.shadowRoot!.querySelectorAll('*').length).to.be.lessThan(60);
    expect(initialMs).to.be.lessThan(500);

    const t1 = performance.now();
    row(el, '$.records').click();
    await settle(el);
    const expandMs = performance.now() - t1;
    const group = item(el, '$.records')!.querySelector(':scope > [role="group"]')!;
    const children = group.querySelectorAll(':scope > [role="treeitem"]');
    expect(children.length).to.equal(101); // 100 records and the "show more" row
    const more = group.querySelector<HTMLElement>(':scope > .more')!;
    expect(more.textContent.trim()).to.equal('Show 100 more of 49,900');
    expect(item(el, '$.records[99]')!.getAttribute('aria-setsize')).to.equal('50000');
    expect(item(el, '$.records[99]')!.getAttribute('aria-posinset')).to.equal('100');
    expect(expandMs).to.be.lessThan(500);

    more.click();
    await settle(el);
    expect(group.querySelectorAll(':scope > [role="treeitem"]:not(.more)').length).to.equal(200);
    expect(focusedKey(el)).to.equal('$.records[100]');
    expect(group.querySelector(':scope > .more')!.textContent.trim()).to.equal(
      'Show 100 more of 49,800',
    );

    // Revealing a record deep in the array renders its chunk only.
    expect(await el.reveal(['records', 42_345, 'email'])).to.equal(true);
    await settle(el);
    expect(focusedKey(el)).to.equal('$.records[42345].email');
    expect(group.querySelectorAll(':scope > [role="treeitem"]:not(.more)').length).to.equal(100);
    expect(group.querySelector(':scope > .more')!.textContent.trim()).to.equal(
      'Show 100 previous of 42,300',
    );
    await expect(el).to.be.accessible();

    // A large expand-depth stops opening nodes after a budget instead of rendering everything.
    const t2 = performance.now();
    const deep = await fixture<AlvJsonTree>(
      html`<alv-json-tree label="Deep" expand-depth="10" .value=${value}></alv-json-tree>`,
    );
    expect(performance.now() - t2).to.be.lessThan(1500);
    expect(items(deep).length).to.be.within(500, 1300);
  });

  it('navigates with the keyboard (ARIA tree pattern)', async () => {
    const el = await fixture<AlvJsonTree>(
      html`<alv-json-tree label="Body" .value=${body}></alv-json-tree>`,
    );
    item(el, '$')!.focus();
    await userEvent.keyboard('{ArrowDown}');
    expect(focusedKey(el)).to.equal('$.result');
    await userEvent.keyboard('{ArrowRight}'); // expands
    await settle(el);
    expect(item(el, '$.result')!.getAttribute('aria-expanded')).to.equal('true');
    expect(focusedKey(el)).to.equal('$.result');
    await userEvent.keyboard('{ArrowRight}'); // first child
    expect(focusedKey(el)).to.equal('$.result.number');
    expect(item(el, '$.result.number')!.tabIndex).to.equal(0);
    expect(item(el, '$.result')!.tabIndex).to.equal(-1);
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    expect(focusedKey(el)).to.equal('$.result.items');
    await userEvent.keyboard('{Enter}'); // toggles
    await settle(el);
    expect(item(el, '$.result.items')!.getAttribute('aria-expanded')).to.equal('true');
    await userEvent.keyboard('{Enter}');
    await settle(el);
    expect(item(el, '$.result.items')!.getAttribute('aria-expanded')).to.equal('false');
    await userEvent.keyboard('{ArrowLeft}'); // to the parent
    expect(focusedKey(el)).to.equal('$.result');
    await userEvent.keyboard('{End}');
    expect(focusedKey(el)).to.equal('$.password');
    await userEvent.keyboard('{Home}');
    expect(focusedKey(el)).to.equal('$');
    await userEvent.keyboard('{ArrowDown}{ArrowLeft}'); // from $.result (open): collapses
    await settle(el);
    expect(item(el, '$.result')!.getAttribute('aria-expanded')).to.equal('false');
    await userEvent.keyboard('{ArrowUp}');
    expect(focusedKey(el)).to.equal('$');

    // Tab from the active node reaches its actions.
    await userEvent.keyboard('{ArrowDown}');
    await userEvent.keyboard('{Tab}');
    const focused = el.shadowRoot!.activeElement as HTMLElement;
    expect(focused.tagName).to.equal('BUTTON');
    expect(focused.textContent.trim()).to.equal('Copy value');
    expect(focused.closest('[role="treeitem"]')).to.equal(item(el, '$.result'));
    await expect(el).to.be.accessible();
  });

  it('copies paths and always-masked values', async () => {
    const el = await fixture<AlvJsonTree>(
      html`<alv-json-tree label="Body" expand-depth="4" .value=${body}></alv-json-tree>`,
    );
    const button = (key: string, action: string) =>
      row(el, key).querySelector<HTMLButtonElement>(`button[data-action="${action}"]`)!;

    setTimeout(() => button('$.result.items[3].sys_id', 'path').click());
    let e = await oneEvent<AlvEventMap['alv-copy']>(el, 'alv-copy');
    expect(e.detail).to.deep.equal({ what: 'path', text: '$.result.items[3].sys_id' });

    // Not masked on screen, masked when copied.
    expect(row(el, '$.result.caller.email').textContent).to.contain('jordan.lee@acme.example');
    setTimeout(() => button('$.result.caller.email', 'value').click());
    e = await oneEvent<AlvEventMap['alv-copy']>(el, 'alv-copy');
    expect(e.detail).to.deep.equal({ what: 'value', text: '[email]' });

    setTimeout(() => button('$.result.caller', 'value').click());
    e = await oneEvent<AlvEventMap['alv-copy']>(el, 'alv-copy');
    expect(e.detail.what).to.equal('value');
    expect(JSON.parse(e.detail.text)).to.deep.equal({ email: '[email]', phone: '[phone]' });
    expect(e.detail.text).not.to.contain('jordan');

    setTimeout(() => button('$.password', 'value').click());
    e = await oneEvent<AlvEventMap['alv-copy']>(el, 'alv-copy');
    expect(e.detail.text).to.equal('[secret]');

    // Keyboard shortcuts on the focused node.
    item(el, '$.result.items[3].note')!.focus();
    let next = oneEvent<AlvEventMap['alv-copy']>(el, 'alv-copy');
    await userEvent.keyboard('c');
    e = await next;
    expect(e.detail).to.deep.equal({ what: 'value', text: 'mail [email]' });
    next = oneEvent<AlvEventMap['alv-copy']>(el, 'alv-copy');
    await userEvent.keyboard('p');
    e = await next;
    expect(e.detail).to.deep.equal({ what: 'path', text: '$.result.items[3].note' });
    await expect(el).to.be.accessible();
  });

  it('masks what it displays when masked', async () => {
    const el = await fixture<AlvJsonTree>(
      html`<alv-json-tree label="Body" expand-depth="4" masked .value=${body}></alv-json-tree>`,
    );
    const text = el.shadowRoot!.textContent;
    expect(text).not.to.contain('jordan.lee@acme.example');
    expect(text).not.to.contain('415 555');
    expect(text).not.to.contain('hunter2');
    expect(row(el, '$.result.caller.email').textContent).to.contain('[email]');
    expect(row(el, '$.result.caller.phone').textContent).to.contain('[phone]');
    expect(row(el, '$.password').textContent).to.contain('[secret]');
    // Search agrees with what is displayed.
    expect(el.search('jordan')).to.deep.equal([]);
    expect(el.search('[email]').length).to.equal(0); // matches only what the data holds
    expect(el.search('INC00').map((m) => m.path)).to.deep.equal([['result', 'number']]);

    el.masked = false;
    await settle(el);
    expect(row(el, '$.result.caller.email').textContent).to.contain('jordan.lee@acme.example');
    expect(el.search('jordan').length).to.equal(2);
    await expect(el).to.be.accessible();
  });

  it("masks a person's name by the key it sits under, one value at a time as the tree shows it", async () => {
    const ticket = {
      result: {
        assigned_to: { display_value: 'Priya Nair', value: 'a9' },
        category: { display_value: 'Hardware' },
        watchers: ['Mei Tanaka'],
        contact: 7,
        requested: { name: 'Owen Davies', email: 'owen@acme.example' },
      },
    };
    const el = await fixture<AlvJsonTree>(
      html`<alv-json-tree label="Body" expand-depth="4" masked .value=${ticket}></alv-json-tree>`,
    );
    expect(el.shadowRoot!.textContent).not.to.contain('Priya');
    expect(el.shadowRoot!.textContent).not.to.contain('Tanaka');
    expect(row(el, '$.result.assigned_to.display_value').textContent).to.contain('[name]');
    expect(row(el, '$.result.watchers[0]').textContent).to.contain('[name]');
    expect(row(el, '$.result.category.display_value').textContent).to.contain('Hardware');
    // Beside an email: a person's name on screen too, as in copies and exports.
    expect(el.shadowRoot!.textContent).not.to.contain('Owen');
    expect(row(el, '$.result.requested.name').textContent).to.contain('[name]');
    await expect(el).to.be.accessible();
  });

  it('shows the server redaction marker as a placeholder, never as empty', async () => {
    const el = await fixture<AlvJsonTree>(
      html`<alv-json-tree
        label="Body"
        .value=${{ headers: REDACTION_MARKER, body: REDACTION_MARKER }}
      ></alv-json-tree>`,
    );
    const chips = el.shadowRoot!.querySelectorAll('.redacted');
    expect(chips.length).to.equal(2);
    expect(chips[0]!.textContent).to.equal('Redacted — requires the PII viewer role');
    expect(el.shadowRoot!.textContent).not.to.contain(REDACTION_MARKER);
    expect(row(el, '$.body').textContent).to.contain('body');

    const root = await fixture<AlvJsonTree>(
      html`<alv-json-tree label="Body" .value=${REDACTION_MARKER}></alv-json-tree>`,
    );
    expect(root.shadowRoot!.querySelector('.redacted')!.textContent).to.contain('Redacted');
    await expect(el).to.be.accessible();
  });

  it('highlights matches as text, cuts long strings and reveals nested nodes', async () => {
    const long = `${'a'.repeat(3000)}needle${'b'.repeat(10)}`;
    const value = { deep: { deeper: { note: 'find the <b>Needle</b> here' } }, long };
    const el = await fixture<AlvJsonTree>(
      html`<alv-json-tree label="Body" highlight="needle" .value=${value}></alv-json-tree>`,
    );
    expect(item(el, '$.deep.deeper.note')).to.equal(null);
    const longRow = row(el, '$.long');
    expect(longRow.querySelector('.string')!.textContent.length).to.be.lessThan(2100);
    expect(longRow.querySelector('mark')).to.equal(null);
    expect(longRow.querySelector('button.inline-button')!.textContent.trim()).to.equal(
      'Show all 3,016 characters',
    );

    expect(await el.reveal(['deep', 'deeper', 'note'])).to.equal(true);
    await settle(el);
    expect(focusedKey(el)).to.equal('$.deep.deeper.note');
    const noteRow = row(el, '$.deep.deeper.note');
    expect(noteRow.classList.contains('current')).to.equal(true);
    expect(noteRow.querySelector('mark')!.textContent).to.equal('Needle');
    // Markup in values is text.
    expect(noteRow.querySelector('b')).to.equal(null);
    expect(noteRow.textContent).to.contain('<b>Needle</b>');

    // A match past the cut shows the whole string.
    expect(await el.reveal(['long'], { focus: false })).to.equal(true);
    await settle(el);
    expect(row(el, '$.long').querySelector('mark')!.textContent).to.equal('needle');
    expect(focusedKey(el)).to.equal('$.deep.deeper.note');
    expect(item(el, '$.long')!.tabIndex).to.equal(0);
    expect(await el.reveal(['nope'])).to.equal(false);
    await expect(el).to.be.accessible();
  });
});
