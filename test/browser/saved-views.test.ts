/**
 * Saved views and "copy for a ticket" in the viewer, against the reference service: a saved
 * view survives a reload and is not visible to another principal; a broken import file is
 * refused by name; a ticket summary is masked Markdown with the permalink.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { afterEach, describe, it, inject, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../components/audit-log-viewer/audit-log-viewer.js';
import type { AuditLogViewer } from '../../components/audit-log-viewer/audit-log-viewer.component.js';
import type { AlvEventMap } from '../../components/events.js';
import { deepAll, deepText, rows } from './support/viewer.js';

const url = inject('serviceUrl');

const button = (el: Element, name: string) =>
  deepAll(el, 'button').find((b) => b.textContent?.trim() === name) as HTMLButtonElement;

/** The element that has focus, through shadow roots. */
function deepActive(): Element | null {
  let a: Element | null = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

const mount = (key: string) =>
  fixture<AuditLogViewer>(
    html`<audit-log-viewer
      cache="none"
      endpoint=${url}
      .credentials=${() => key}
      share-base="https://admin.example/audit"
    ></audit-log-viewer>`,
  );

afterEach(() => {
  vi.restoreAllMocks();
  localStorage.clear();
});

describe('saved views', () => {
  it('save, reopen after a reload, open; another principal does not see them', async () => {
    let el = await mount('demo-pii-viewer');
    await waitUntil(() => rows(el).length > 3, 'rows', { timeout: 10_000 });
    el.view = { ...el.view, filters: { plugin: 'create ticket', status: '201' } };
    await waitUntil(() => !button(el, 'Views').disabled, 'no partition');
    button(el, 'Views').click();
    await waitUntil(() => deepAll(el, 'input[name="name"]').length === 1);
    const name = deepAll(el, 'input[name="name"]')[0] as HTMLInputElement;
    // Opened, the panel has the focus on its first control: the name, ready to type.
    await waitUntil(
      () =>
        name.getRootNode() instanceof ShadowRoot &&
        (name.getRootNode() as ShadowRoot).activeElement === name,
      'the name field has no focus',
    );
    name.value = 'Created tickets';
    button(el, 'Save').click();
    await waitUntil(() => deepText(el.shadowRoot!).includes('Saved “Created tickets”.'));
    await expect(deepAll(el, 'alv-saved-views')[0]!).to.be.accessible();
    el.remove();

    // A reload: a new element, the same principal.
    el = await mount('demo-pii-viewer');
    await waitUntil(() => !button(el, 'Views').disabled, 'no partition');
    button(el, 'Views').click();
    await waitUntil(() => button(el, 'Created tickets'), 'not kept');
    const changed = oneEvent<AlvEventMap['alv-view-change']>(el, 'alv-view-change');
    button(el, 'Created tickets').click();
    expect((await changed).detail.view.filters).to.deep.equal({
      plugin: 'create ticket',
      status: '201',
    });
    el.remove();

    // Another principal.
    el = await mount('demo-restricted');
    await waitUntil(() => !button(el, 'Views').disabled, 'no partition');
    button(el, 'Views').click();
    await waitUntil(() => deepText(el.shadowRoot!).includes('No saved views yet.'));
  });

  it('renames and deletes from the keyboard, the focus following each step', async () => {
    const el = await mount('demo-pii-viewer');
    await waitUntil(() => !button(el, 'Views').disabled, 'no partition', { timeout: 10_000 });
    button(el, 'Views').click();
    await waitUntil(() => deepAll(el, 'input[name="name"]').length === 1);
    for (const name of ['Errors', 'Tickets', 'Logins']) {
      (deepAll(el, 'input[name="name"]')[0] as HTMLInputElement).value = name;
      button(el, 'Save').click();
      await waitUntil(() => button(el, name), `${name} not saved`);
    }
    const byLabel = (label: string) =>
      deepAll(el, 'button').find((b) => b.getAttribute('aria-label') === label) as HTMLElement;
    byLabel('Rename Errors').focus();
    await userEvent.keyboard('{Enter}');
    // The field to type the new name in has the focus, its text selected.
    await waitUntil(() => deepActive()?.getAttribute('name') === 'rename', 'rename not focused');
    const field = deepActive() as HTMLInputElement;
    expect([field.selectionStart, field.selectionEnd]).to.deep.equal([0, 'Errors'.length]);
    // Escape there keeps the name and the panel, and goes back to Rename.
    await userEvent.keyboard('{Escape}');
    await waitUntil(() => deepActive() === byLabel('Rename Errors'), 'not back on Rename');
    expect(button(el, 'Errors')).to.exist;
    await userEvent.keyboard('{Enter}');
    await waitUntil(() => deepActive()?.getAttribute('name') === 'rename');
    await userEvent.keyboard('Server errors{Enter}');
    await waitUntil(() => deepActive() === button(el, 'Server errors'), 'not on the renamed view');
    // The panel's status line says so (it said 'Saved “Logins”.' before).
    const status = () => deepAll(el, '.message[role=status]').map((m) => m.textContent?.trim());
    expect(status()).to.deep.equal(['Renamed “Errors” to “Server errors”.']);
    // Deleting puts the focus on the view that took its place in the list, else the one
    // before it (the last was deleted).
    const names = () => deepAll(el, 'li .open').map((b) => b.textContent?.trim());
    const middle = names()[1]!;
    const after = names()[2]!;
    byLabel(`Delete ${middle}`).focus();
    await userEvent.keyboard('{Enter}');
    await waitUntil(() => !button(el, middle));
    await waitUntil(() => deepActive()?.textContent?.trim() === after, 'not on the next view');
    byLabel(`Delete ${after}`).focus();
    await userEvent.keyboard('{Enter}');
    await waitUntil(() => !button(el, after));
    await waitUntil(
      () => deepActive()?.textContent?.trim() === names()[0],
      'not on the view before it',
    );
  });

  it('asks before a save replaces a view of the same name, and refuses a rename to one', async () => {
    const el = await mount('demo-pii-viewer');
    await waitUntil(() => !button(el, 'Views').disabled, 'no partition', { timeout: 10_000 });
    el.view = { ...el.view, filters: { status: '5xx' } };
    button(el, 'Views').click();
    await waitUntil(() => deepAll(el, 'input[name="name"]').length === 1);
    const name = deepAll(el, 'input[name="name"]')[0] as HTMLInputElement;
    const saveAs = async (text: string) => {
      name.focus();
      name.select();
      await userEvent.keyboard(`${text}{Enter}`);
    };
    await saveAs('Failures');
    await saveAs('Logins');
    await waitUntil(() => button(el, 'Logins'), 'Logins not saved');
    const confirms = () => [
      ...deepAll(el, 'alv-saved-views')[0]!.shadowRoot!.querySelectorAll('.confirm'),
    ];
    const linkOf = (view: string) =>
      deepAll(el, 'li .open')
        .find((b) => b.textContent?.trim() === view)!
        .getAttribute('title');
    expect(linkOf('Failures')).to.equal('Failures: #v1;q=status:5xx');

    // The same name again, for other filters: asked, and Cancel keeps the old view.
    el.view = { ...el.view, filters: { method: 'DELETE' } };
    await el.updateComplete;
    await saveAs('Failures');
    await waitUntil(() => deepActive()?.classList.contains('replace'), 'Replace not focused');
    const confirm = confirms()[0]!;
    expect(confirm.getAttribute('role')).to.equal('alert');
    expect(confirm.textContent).to.contain('A view named “Failures” exists.');
    await expect(deepAll(el, 'alv-saved-views')[0]!).to.be.accessible();
    await userEvent.keyboard('{Tab}{Enter}'); // Cancel
    await waitUntil(() => confirms().length === 0, 'still asking');
    await waitUntil(() => deepActive() === name, 'not back in the name field');
    await el.updateComplete;
    expect(confirms()).to.have.length(0);
    expect(linkOf('Failures')).to.equal('Failures: #v1;q=status:5xx');
    // Asked again, and Replace replaces it.
    await saveAs('Failures');
    await waitUntil(() => deepActive()?.classList.contains('replace'), 'Replace not focused');
    await userEvent.keyboard('{Enter}');
    await waitUntil(() => deepText(el.shadowRoot!).includes('Replaced “Failures”.'));
    await waitUntil(() => deepActive() === name, 'not back in the name field');
    expect(confirms()).to.have.length(0);
    expect(linkOf('Failures')).to.equal('Failures: #v1;q=method:DELETE');
    expect(deepAll(el, 'li .open').map((b) => b.textContent?.trim())).to.deep.equal([
      'Logins',
      'Failures',
    ]);

    // Renaming Logins to Failures is refused; the field stays for another name.
    const rename = deepAll(el, 'button').find(
      (b) => b.getAttribute('aria-label') === 'Rename Logins',
    ) as HTMLButtonElement;
    rename.click();
    await waitUntil(() => deepActive()?.getAttribute('name') === 'rename');
    await userEvent.keyboard('Failures{Enter}');
    await waitUntil(() => deepText(el.shadowRoot!).includes('Another view is named “Failures”'));
    expect(deepActive()?.getAttribute('name')).to.equal('rename');
    expect(linkOf('Failures')).to.equal('Failures: #v1;q=method:DELETE');
  });

  it('refuses a broken import file by name and keeps what was saved', async () => {
    const el = await mount('demo-pii-viewer');
    await waitUntil(() => !button(el, 'Views').disabled, 'no partition', { timeout: 10_000 });
    button(el, 'Views').click();
    await waitUntil(() => deepAll(el, 'input[type="file"]').length === 1);
    const input = deepAll(el, 'input[type="file"]')[0] as HTMLInputElement;
    // A labelled button opens the file chooser; the bare input is not on screen.
    expect(input.checkVisibility()).to.equal(false);
    let chooser = 0;
    input.addEventListener('click', (e) => {
      chooser++;
      e.preventDefault();
    });
    button(el, 'Import file…').click();
    expect(chooser).to.equal(1);
    const data = new DataTransfer();
    data.items.add(
      new File(['{"format":"something-else"}'], 'views.json', { type: 'application/json' }),
    );
    input.files = data.files;
    input.dispatchEvent(new Event('change'));
    await waitUntil(() =>
      deepText(el.shadowRoot!).includes('Not imported: This is not a saved-views file'),
    );
  });
});

describe('copy for a ticket', () => {
  it('copies masked Markdown for the open entry, with its permalink', async () => {
    vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue();
    const el = await mount('demo-pii-viewer');
    el.view = { ...el.view, filters: { plugin: 'create ticket' } };
    await waitUntil(() => rows(el).length > 3, 'rows', { timeout: 10_000 });
    (rows(el)[0] as HTMLElement).click();
    await waitUntil(() => el.view.selected !== undefined);
    button(el, 'Share').click();
    await waitUntil(() => button(el, 'Copy for a ticket (Markdown, masked)'));
    const copied = oneEvent<AlvEventMap['alv-copy']>(el, 'alv-copy');
    button(el, 'Copy for a ticket (Markdown, masked)').click();
    const { detail } = await copied;
    expect(detail.what).to.equal('ticket');
    expect(detail.text).to.match(
      /^\*\*Audit log: 1 entry\*\* — \[open in the audit log\]\(https:\/\/admin\.example\/audit#v1;q=plugin:%22create%20ticket%22%20after:/,
    );
    expect(detail.text).to.include(`;sel=${el.view.selected}`);
    // One row: time, the actor masked, action, method and path, status, duration, trace.
    expect(detail.text).to.match(
      /\n\| \d{4}-\d\d-\d\dT[\d:.]+Z \| \[email\] \| [^|]+ \| (GET|POST|PUT|PATCH|DELETE) \/[^|?]* \| \d{3} \| \d+ ms \| \w+ \|\n$/,
    );
    expect(detail.text).not.to.match(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/);
    await waitUntil(() => deepText(el.shadowRoot!).includes('Copied (masked)'));
  });
});
