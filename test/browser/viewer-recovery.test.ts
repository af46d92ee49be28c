/**
 * Recovering from errors (issue 13 item 7): while the list fails and tries again by itself,
 * the open entry stays open and readable, and it is still open when the list is back.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { describe, it } from 'vitest';
import '../../components/audit-log-viewer/audit-log-viewer.js';
import type { AuditLogViewer } from '../../components/audit-log-viewer/audit-log-viewer.component.js';
import { NetworkError } from '../../core/errors.js';
import type { Source } from '../../core/sources/types.js';
import { deepAll, deepText, event, fakeSource, page, rows } from './support/viewer.js';

describe('<audit-log-viewer> recovering from errors', () => {
  it('keeps the open entry while the list errors and retries, and after it is back', async () => {
    let down = false;
    let failures = 0;
    const base = fakeSource(() => {
      if (down) {
        failures++;
        return Promise.reject(new NetworkError('GET /x failed: unreachable', 'GET /x'));
      }
      return Promise.resolve(page([event('e1'), event('e2')]));
    });
    const gets: ('ok' | 'failed')[] = [];
    const source: Source = {
      ...base,
      get: (id) => {
        gets.push(down ? 'failed' : 'ok');
        return down
          ? Promise.reject(new NetworkError('GET /x/e2 failed: unreachable', 'GET /x'))
          : base.get(id, new AbortController().signal);
      },
    };
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer style="--alv-height: 600px" .dataSource=${source}></audit-log-viewer>`,
    );
    await waitUntil(() => rows(el).length === 2, 'rows did not render');
    el.view = { ...el.view, selected: 'e2' };
    const heading = () =>
      deepAll(el, 'alv-payload-viewer')[0]?.shadowRoot?.querySelector('h2')?.textContent ?? '';
    await waitUntil(() => heading().includes('/api/now/table/incident/e2'), 'entry not open');

    down = true;
    el.refresh();
    await waitUntil(() => /Retrying in \d+ s…/.test(deepText(el.shadowRoot!)), 'no countdown');
    expect(rows(el)).to.have.length(0);
    expect(heading()).to.contain('/api/now/table/incident/e2');
    expect(el.view.selected).to.equal('e2');
    await expect(el).to.be.accessible();

    down = false;
    await waitUntil(() => rows(el).length === 2, 'not retried by itself', { timeout: 10_000 });
    expect(failures).to.equal(1);
    // The entry that failed with the list is loaded again once the service answers.
    await waitUntil(() => gets.at(-1) === 'ok' && gets.includes('failed'), 'entry not reloaded');
    // (The entry's own retry and the list's may both ask while the service is away.)
    expect(gets[0]).to.equal('ok');
    expect(gets.filter((g) => g === 'ok')).to.have.length(2);
    expect(heading()).to.contain('/api/now/table/incident/e2');
    expect(el.view.selected).to.equal('e2');
  });

  it('an entry opened while the service is away loads by itself once it answers (the list never failed)', async () => {
    let down = false;
    const base = fakeSource(() => Promise.resolve(page([event('e1'), event('e2')])));
    let asked = 0;
    const source: Source = {
      ...base,
      get: (id) => {
        asked++;
        return down
          ? Promise.reject(new NetworkError('GET /x/e2 failed: unreachable', 'GET /x'))
          : Promise.resolve({ ...event(id), message: 'the whole entry' });
      },
    };
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer style="--alv-height: 600px" .dataSource=${source}></audit-log-viewer>`,
    );
    await waitUntil(() => rows(el).length === 2, 'rows did not render');
    down = true;
    el.view = { ...el.view, selected: 'e2' };
    const viewer = () => deepAll(el, 'alv-payload-viewer')[0]?.shadowRoot;
    await waitUntil(
      () => viewer()?.textContent?.includes('Only what the list had is shown'),
      'no partial note',
      { timeout: 5000 },
    );
    down = false;
    await waitUntil(
      () => !viewer()?.textContent?.includes('Only what the list had is shown'),
      'the entry was not loaded again by itself',
      { timeout: 10_000 },
    );
    expect(deepText(viewer()!)).to.include('the whole entry');
    expect(asked).to.be.at.least(2);
    await expect(el).to.be.accessible();
  });
});
