import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { afterEach, describe, it } from 'vitest';
import type { AlvEventMap } from '../../components/events.js';
import { userEvent } from 'vitest/browser';
import type { AlvJsonTree } from '../../components/json-tree/json-tree.js';
import '../../components/payload-viewer/payload-viewer.js';
import type { AlvPayloadViewer } from '../../components/payload-viewer/payload-viewer.js';
import type { AuditEvent } from '../../core/model.js';
import { withholdPii } from '../../server/redaction.js';

declare global {
  interface Window {
    __alvPwned?: number;
  }
}

const JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2FjbWUuc2VydmljZS1ub3cuY29tIiwic3ViIjoiMmIwYiJ9.W0qZMrkBg-sEiiFsW7w7SEqvsX4XHpzymjADA64IKULC';

/** ServiceNow "create incident", as the api-logs adapter maps it (seed 001). */
const apiCall: AuditEvent = {
  id: 'evt_1jh2mvbmsghkf3d3f8g1',
  timestamp: Date.UTC(2025, 0, 8, 9, 45, 6, 457),
  kind: 'api-call',
  actor: {
    id: 'usr_vjgkFeG9ojW6',
    email: 'jordan.lee@acme.example',
    name: 'Jordan Lee',
    type: 'user',
  },
  action: 'create ticket',
  status: 'success',
  message: 'Created incident INC0019232',
  environment: 'production',
  workspace: 'acme',
  ip: '203.0.113.41',
  target: { type: 'ServiceNow', name: 'acme.service-now.com' },
  plugin: 'create ticket',
  skill: 'Ticketing',
  http: {
    method: 'POST',
    url: 'https://acme.service-now.com/api/now/table/incident?sysparm_input_display_value=false&sysparm_exclude_reference_link=true',
    path: '/api/now/table/incident',
    statusCode: 201,
    durationMs: 892,
    attempt: 2,
  },
  traceId: '500c1c350b36df6d965dccd669c4c3b6',
  executionId: '02732a99-2d5d-49d1-9355-d5db09577d69',
  request: {
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': 'Moveworks-Connector/3.4',
      'x-request-id': '5afeebc2-f411-4d01-8a17-4022278ca7c0',
      authorization: `Bearer ${JWT}`,
    },
    query: { sysparm_input_display_value: 'false', sysparm_exclude_reference_link: 'true' },
    body: {
      short_description: 'Cannot install Docker Desktop',
      description:
        'Installer fails with "requires administrator privileges". Call me back at +1 415 555 0134.',
      caller_id: '6fd394dcfa51e1aab8a853c16c0af0b9',
      caller_email: 'jordan.lee@acme.example',
      caller_phone: '+1 415 555 0134',
      urgency: '2',
      impact: '3',
      category: 'software',
    },
  },
  response: {
    headers: {
      'content-type': 'application/json;charset=UTF-8',
      'x-transaction-id': 'e257219f0ad8',
    },
    body: {
      result: {
        sys_id: '6e697681873fc92ed0ddf805c9d6f193',
        number: 'INC0019232',
        state: '1',
        short_description: 'Cannot install Docker Desktop',
        caller_id: {
          link: 'https://acme.service-now.com/api/now/table/sys_user/6fd394dcfa51e1aab8a853c16c0af0b9',
          value: '6fd394dcfa51e1aab8a853c16c0af0b9',
        },
        assignment_group: {
          link: 'https://acme.service-now.com/api/now/table/sys_user_group/d625dccec0a8016700a222a0f7900d06',
          value: 'd625dccec0a8016700a222a0f7900d06',
        },
      },
    },
  },
};

/** A Kore change with a hostile `htmlText`. */
const change: AuditEvent = {
  id: '677dcb4133d9c2ccb59e97a8',
  timestamp: Date.UTC(2025, 0, 8, 0, 48, 1, 893),
  kind: 'change',
  actor: { id: 'u-0eb7a0d2', email: 'priya.nair@acme.example', name: 'Priya Nair', type: 'user' },
  action: 'update',
  status: 'success',
  message: 'Update enrollment of Anna Kowalski to active',
  messageHtml:
    'Update enrollment of <b>Anna Kowalski</b> to <i>active</i><img src=x onerror="window.__alvPwned=1"><script>window.__alvPwned=2</script>',
  workspace: 'ac-4aca4fc2',
  target: { type: 'userenrollment', id: '67772880bb2e843bd9e3ab2d' },
  delta: {
    from: { status: 'invited', role: 'member', tags: ['sso'], owner: 'anna@acme.example' },
    to: {
      status: 'active',
      tags: ['sso', 'mfa'],
      team: { name: 'Ops', size: 4 },
      owner: 'anna@acme.example',
    },
  },
  raw: { _id: '677dcb4133d9c2ccb59e97a8', entity: 'userenrollment', htmlText: '<b>x</b>' },
};

/** An org-audit request (seed 004) with query and path parameters, no body. */
const request: AuditEvent = {
  id: '677dd208481880fa26c8cbd9',
  timestamp: Date.UTC(2025, 0, 8, 1, 16, 56, 611),
  kind: 'request',
  actor: { id: '6786fa80ba9dcfb1587c6b53', email: 'priya.nair@acme.example', type: 'user' },
  action: 'GET DocumentsController',
  status: 'success',
  target: { type: 'DocumentsController' },
  http: {
    method: 'GET',
    path: '/api/v1/workspaces/677dc000d4f3702ce273472c/documents',
    statusCode: 200,
  },
  request: {
    headers: { 'user-agent': 'Mozilla/5.0', 'x-forwarded-for': '203.0.113.9' },
    query: { folder: 'playbooks', page: '1' },
    params: { workspaceId: '677dc000d4f3702ce273472c' },
  },
  workspace: '677dc000d4f3702ce273472c',
};

const sr = (el: Element) => el.shadowRoot!;
const $ = <T extends Element = HTMLElement>(el: Element, selector: string) =>
  sr(el).querySelector<T>(selector);
const tabNames = (el: AlvPayloadViewer) =>
  [...sr(el).querySelectorAll('[role="tab"]')].map((t) => t.textContent.trim());
const tree = (el: AlvPayloadViewer) => $<AlvJsonTree>(el, '.panel alv-json-tree');

/** Text and attribute values of `root`, through every shadow root. */
function deepContent(root: Node): string {
  let out = '';
  const walk = (n: Node) => {
    if (n.nodeType === Node.TEXT_NODE) out += `${n.nodeValue} `;
    if (n instanceof Element) {
      for (const a of n.attributes) out += `${a.value} `;
      if (n.shadowRoot) walk(n.shadowRoot);
    }
    for (const c of n.childNodes) walk(c);
  };
  walk(root);
  return out;
}

async function settle(el: AlvPayloadViewer): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await el.updateComplete;
    const t = tree(el);
    if (t) await t.updateComplete;
    await new Promise((r) => requestAnimationFrame(r));
  }
}

async function openTab(el: AlvPayloadViewer, name: string): Promise<void> {
  const tab = [...sr(el).querySelectorAll<HTMLElement>('[role="tab"]')].find(
    (t) => t.textContent.trim() === name,
  );
  expect(tab, `tab ${name}`).to.exist;
  tab!.click();
  await settle(el);
}

async function mount(event: AuditEvent | undefined, width = 640): Promise<AlvPayloadViewer> {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div style="width: ${width}px; height: 640px">
      <alv-payload-viewer time-zone="UTC" .event=${event}></alv-payload-viewer>
    </div>`,
  );
  const el = wrapper.querySelector('alv-payload-viewer')!;
  await settle(el);
  return el;
}

describe('<alv-payload-viewer>', () => {
  afterEach(() => {
    delete window.__alvPwned;
  });

  it('gives a value the width of the row at 360 px: copy buttons take room only when shown', async () => {
    const el = await mount(apiCall, 360);
    await openTab(el, 'Request');
    const body = tree(el)!;
    const row = [...sr(body).querySelectorAll<HTMLElement>('[part=row]')].find((r) =>
      r.textContent?.includes('Cannot install Docker Desktop'),
    )!;
    const value = row.querySelector<HTMLElement>('.value')!;
    // The value and its key share the row; hidden buttons beside them used to take ~45 %.
    const used = value.getBoundingClientRect().right - row.getBoundingClientRect().left;
    expect(used / row.getBoundingClientRect().width).to.be.above(0.8);
    expect(row.querySelector<HTMLElement>('.actions')!.checkVisibility()).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('gives the title its width beside the entry list: the buttons go under it first', async () => {
    // About what the entry pane gets at 1440 px beside the list.
    const el = await mount(apiCall, 600);
    const root = el.shadowRoot!;
    const box = el.getBoundingClientRect();
    const heading = root.querySelector('.heading')!.getBoundingClientRect();
    expect(heading.width).to.be.above(box.width * 0.8);
    // The time reads on one line ("…05:14:27.566 UTC" did wrap its zone).
    expect(root.querySelector('.subtitle .when')!.getClientRects()).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('shows an api call: overview, request, response and raw tabs', async () => {
    const el = await mount(apiCall);
    expect(tabNames(el)).to.deep.equal(['Overview', 'Request', 'Response', 'Raw']);
    expect($(el, '[role="tab"][aria-selected="true"]')!.textContent.trim()).to.equal('Overview');
    expect($(el, '.heading')!.textContent).to.equal('POST /api/now/table/incident');

    const overview = $(el, '.overview')!.textContent.replace(/\s+/g, ' ');
    for (const text of [
      'Jan 08, 2025',
      '09:45:06.457',
      'UTC',
      '2025-01-08T09:45:06.457Z',
      'API call',
      'Jordan Lee <jordan.lee@acme.example>',
      'create ticket',
      'Success',
      'Created incident INC0019232',
      'production',
      'acme',
      '203.0.113.41',
      'ServiceNow · acme.service-now.com',
      'Ticketing',
      'POST',
      'https://acme.service-now.com/api/now/table/incident?sysparm_input_display_value=false',
      '201 Created',
      '892 ms',
      '2 (retry)',
      '500c1c350b36df6d965dccd669c4c3b6',
      '02732a99-2d5d-49d1-9355-d5db09577d69',
    ]) {
      expect(overview, text).to.contain(text);
    }
    const statusCode = [...sr(el).querySelectorAll('.field')].find(
      (f) => f.querySelector('dt')!.textContent === 'Status code',
    )!;
    expect(statusCode.querySelector('.status.success')!.textContent).to.contain('201');
    await expect(el).to.be.accessible();

    setTimeout(() => $(el, '.overview button.link')!.click());
    const trace = await oneEvent<AlvEventMap['alv-trace-select']>(el, 'alv-trace-select');
    expect(trace.detail).to.deep.equal({ traceId: '500c1c350b36df6d965dccd669c4c3b6' });

    await openTab(el, 'Request');
    const headers = $(el, '#h-request-headers')!.closest('section')!;
    expect(headers.querySelector('table')!.textContent).to.contain('x-request-id');
    expect(headers.textContent).to.contain('Moveworks-Connector/3.4');
    const query = $(el, '#h-request-query')!.closest('section')!;
    expect(query.querySelectorAll('tbody tr').length).to.equal(2);
    expect(query.textContent).to.contain('sysparm_exclude_reference_link');
    const body = tree(el)!;
    expect(body.label).to.equal('Request body');
    expect(sr(body).textContent).to.contain('jordan.lee@acme.example');
    expect(sr(body).textContent).to.contain('Cannot install Docker Desktop');
    await expect(el).to.be.accessible();

    await openTab(el, 'Response');
    expect($(el, '#h-response-headers')!.closest('section')!.textContent).to.contain(
      'x-transaction-id',
    );
    expect(sr(tree(el)!).textContent).to.contain('INC0019232');
    await expect(el).to.be.accessible();

    await openTab(el, 'Raw');
    expect($(el, '#h-raw')!.textContent).to.equal('Event');
    expect(sr(tree(el)!).textContent).to.contain('evt_1jh2mvbmsghkf3d3f8g1');
    await expect(el).to.be.accessible();
  });

  it('moves between tabs with the arrow keys and keeps the chosen tab across entries', async () => {
    const el = await mount(apiCall);
    $(el, '[role="tab"][aria-selected="true"]')!.focus();
    await userEvent.keyboard('{ArrowRight}');
    await settle(el);
    const selected = $(el, '[role="tab"][aria-selected="true"]')!;
    expect(selected.textContent.trim()).to.equal('Request');
    expect(sr(el).activeElement).to.equal(selected);
    expect(selected.tabIndex).to.equal(0);
    expect($(el, '[role="tabpanel"]')!.getAttribute('aria-labelledby')).to.equal(selected.id);
    await userEvent.keyboard('{End}');
    await settle(el);
    expect(sr(el).activeElement!.textContent.trim()).to.equal('Raw');
    await userEvent.keyboard('{ArrowRight}'); // wraps
    await settle(el);
    expect(sr(el).activeElement!.textContent.trim()).to.equal('Overview');
    await userEvent.keyboard('{ArrowLeft}{Home}{ArrowRight}{ArrowRight}');
    await settle(el);
    expect(sr(el).activeElement!.textContent.trim()).to.equal('Response');

    // Another api call keeps "Response"; a change event has none and falls back to Overview.
    el.event = { ...apiCall, id: 'evt_2' };
    await settle(el);
    expect($(el, '[role="tab"][aria-selected="true"]')!.textContent.trim()).to.equal('Response');
    el.event = change;
    await settle(el);
    expect($(el, '[role="tab"][aria-selected="true"]')!.textContent.trim()).to.equal('Overview');
    await expect(el).to.be.accessible();
  });

  it('shows a change as a per-key diff and its HTML message sanitized', async () => {
    const el = await mount(change);
    expect(tabNames(el)).to.deep.equal(['Overview', 'Changes', 'Raw']);
    const message = $(el, '.message')!;
    expect(message.textContent).to.equal('Update enrollment of Anna Kowalski to active');
    expect(message.querySelector('b')!.textContent).to.equal('Anna Kowalski');
    expect(message.querySelector('i')!.textContent).to.equal('active');
    expect(sr(el).querySelector('img, script')).to.equal(null);
    await new Promise((r) => setTimeout(r, 100));
    expect(window.__alvPwned).to.equal(undefined);
    await expect(el).to.be.accessible();

    await openTab(el, 'Changes');
    const rows = [...sr(el).querySelectorAll<HTMLTableRowElement>('.diff tbody tr')];
    const cells = rows.map((r) =>
      [...r.cells].map((c) => c.textContent.replace(/\s+/g, ' ').trim()),
    );
    expect(cells).to.deep.equal([
      ['status', '"invited"', '"active"'],
      ['role removed', '"member"', '—'],
      ['tags', '["sso"]', '["sso","mfa"]'],
      ['team added', '—', '{"name":"Ops","size":4}'],
    ]);
    expect(rows.map((r) => r.dataset.change)).to.deep.equal([
      'changed',
      'removed',
      'changed',
      'added',
    ]);
    expect(rows[0]!.querySelector('del')!.textContent).to.equal('"invited"');
    expect(rows[0]!.querySelector('ins')!.textContent).to.equal('"active"');
    expect($(el, '.panel')!.textContent).to.contain('1 unchanged field not shown.');
    await expect(el).to.be.accessible();

    await openTab(el, 'Raw');
    expect($(el, '#h-raw')!.textContent).to.equal('Backend record');
    expect(sr(tree(el)!).textContent).to.contain('userenrollment');
  });

  it('shows a request event with query and path parameters', async () => {
    const el = await mount(request);
    expect(tabNames(el)).to.deep.equal(['Overview', 'Request', 'Raw']);
    expect($(el, '.overview')!.textContent).to.contain(
      '/api/v1/workspaces/677dc000d4f3702ce273472c/documents',
    );
    await openTab(el, 'Request');
    const text = (id: string) =>
      $(el, `#${id}`)!.closest('section')!.textContent.replace(/\s+/g, ' ');
    expect(text('h-request-query')).to.contain('folder playbooks');
    expect(text('h-request-query')).to.contain('page 1');
    expect(text('h-request-params')).to.contain('workspaceId 677dc000d4f3702ce273472c');
    expect(text('h-request-headers')).to.contain('x-forwarded-for 203.0.113.9');
    expect($(el, '#h-request-body')).to.equal(null);
    expect($(el, '.search')).to.equal(null); // nothing to search in
    await expect(el).to.be.accessible();
  });

  it('shows 50,000 request headers 200 at a time, with Show more', async () => {
    const headers: Record<string, string> = {};
    for (let i = 0; i < 50_000; i++) headers[`x-h-${i}`] = `value ${i}`;
    const el = await mount({ ...apiCall, request: { ...apiCall.request, headers } });
    await openTab(el, 'Request');
    const table = () => $(el, '#h-request-headers')!.closest('section')!;
    expect(table().querySelectorAll('tbody tr').length).to.equal(200);
    const last = table().querySelectorAll('tbody tr')[199]!;
    expect(last.textContent.replace(/\s+/g, ' ').trim()).to.equal('x-h-199 value 199');
    const more = table().querySelector<HTMLButtonElement>('button.more-rows')!;
    expect(more.textContent.replace(/\s+/g, ' ').trim()).to.equal(
      'Show 1,000 more (49,800 not shown)',
    );
    more.click();
    await settle(el);
    expect(table().querySelectorAll('tbody tr').length).to.equal(1200);
    expect(table().querySelector('button.more-rows')!.textContent).to.contain('48,800 not shown');
    await expect(el).to.be.accessible();
  });

  it('shows what the server withheld as placeholders, with no payload anywhere', async () => {
    const redacted = withholdPii(apiCall);
    expect(redacted.redacted).to.include.members(['request.body', 'http.url.query']);
    const el = await mount(redacted);
    expect(tabNames(el)).to.deep.equal(['Overview', 'Request', 'Response', 'Raw']);
    expect($(el, '.overview')!.textContent).to.contain(
      'Query string redacted — requires the PII viewer role',
    );
    const leaks = [
      'Docker',
      '415 555',
      'caller_email',
      'administrator',
      'sysparm_input_display_value',
      'x-request-id',
      'd625dccec0a8',
      'assignment_group',
      'e257219f0ad8',
      JWT.slice(0, 20),
    ];
    const check = () => {
      const content = deepContent(el);
      for (const leak of leaks) expect(content, leak).not.to.contain(leak);
    };
    check();
    await expect(el).to.be.accessible();

    await openTab(el, 'Request');
    const parts = [...sr(el).querySelectorAll<HTMLElement>('.redacted')];
    expect(parts.map((p) => p.dataset.part)).to.deep.equal([
      'request.headers',
      'request.query',
      'request.body',
    ]);
    for (const p of parts) {
      expect(p.textContent).to.contain('Redacted — requires the PII viewer role');
    }
    expect(parts[2]!.textContent).to.contain('Request body withheld by the server.');
    expect(tree(el)).to.equal(null);
    check();
    await expect(el).to.be.accessible();

    await openTab(el, 'Response');
    expect(
      [...sr(el).querySelectorAll<HTMLElement>('.redacted')].map((p) => p.dataset.part),
    ).to.deep.equal(['response.headers', 'response.body']);
    check();

    await openTab(el, 'Raw');
    expect(await tree(el)!.reveal(['request', 'body'])).to.equal(true);
    expect(
      sr(tree(el)!).querySelector('[data-key="$.request.body"] .redacted')!.textContent,
    ).to.equal('Redacted — requires the PII viewer role');
    check();
    await expect(el).to.be.accessible();
  });

  it('masks what it displays when safe to share, through a switch', async () => {
    const el = await mount(apiCall);
    await openTab(el, 'Request');
    expect(sr(tree(el)!).textContent).to.contain('jordan.lee@acme.example');

    const toggle = $(el, '[role="switch"]')!;
    expect(toggle.getAttribute('aria-checked')).to.equal('false');
    toggle.click();
    await settle(el);
    expect(el.safeToShare).to.equal(true);
    expect(el.hasAttribute('safe-to-share')).to.equal(true);
    expect(toggle.getAttribute('aria-checked')).to.equal('true');

    const body = sr(tree(el)!).textContent;
    expect(body).not.to.contain('jordan.lee@acme.example');
    expect(body).not.to.contain('415 555 0134');
    expect(body).to.contain('[email]');
    expect(body).to.contain('[phone]');
    expect(body).to.contain('Cannot install Docker Desktop');
    const headers = $(el, '#h-request-headers')!.closest('section')!.textContent;
    expect(headers).to.contain('[secret]');
    expect(headers).not.to.contain(JWT.slice(0, 20));
    const content = deepContent(el);
    expect(content).not.to.contain('jordan.lee@acme.example');
    expect(content).not.to.contain('415 555');
    await expect(el).to.be.accessible();

    await openTab(el, 'Overview');
    expect($(el, '.overview')!.textContent).not.to.contain('jordan.lee@acme.example');
    expect($(el, '.overview')!.textContent).to.contain('500c1c350b36df6d965dccd669c4c3b6');

    toggle.click();
    await settle(el);
    expect(el.hasAttribute('safe-to-share')).to.equal(false);
    expect($(el, '.overview')!.textContent).to.contain('jordan.lee@acme.example');
  });

  it('copies a masked cURL command and masked JSON', async () => {
    const el = await mount(apiCall);
    const button = (name: string) =>
      [...sr(el).querySelectorAll<HTMLButtonElement>('.header button')].find(
        (b) => b.textContent.trim() === name,
      )!;

    setTimeout(() => button('Copy as cURL').click());
    const curl = await oneEvent<AlvEventMap['alv-copy']>(el, 'alv-copy');
    expect(curl.detail.what).to.equal('curl');
    const text = curl.detail.text;
    expect(text).to.match(
      /^curl -X 'POST' 'https:\/\/acme\.service-now\.com\/api\/now\/table\/incident\?/,
    );
    expect(text).to.contain("-H 'content-type: application/json'");
    expect(text).to.match(/-H 'authorization: <redacted>'/i);
    expect(text).not.to.contain(JWT.slice(0, 20));
    expect(text).not.to.contain('Bearer');
    expect(text).not.to.contain('jordan.lee@acme.example');
    expect(text).not.to.contain('415 555 0134');
    expect(text).to.contain('[email]');

    setTimeout(() => button('Copy JSON').click());
    const json = await oneEvent<AlvEventMap['alv-copy']>(el, 'alv-copy');
    expect(json.detail.what).to.equal('json');
    const copied = JSON.parse(json.detail.text) as AuditEvent;
    expect(copied.id).to.equal(apiCall.id);
    expect(copied.traceId).to.equal(apiCall.traceId);
    expect(json.detail.text).not.to.contain('jordan.lee@acme.example');
    expect(json.detail.text).not.to.contain(JWT.slice(0, 20));
    await el.updateComplete;
    expect($(el, '[role="status"].visually-hidden')!.textContent).to.equal('Entry JSON copied');

    // Copying a tree value is masked too.
    await openTab(el, 'Request');
    const emailRow = sr(tree(el)!).querySelector<HTMLElement>(
      '[data-key="$.caller_email"] > .row button[data-action="value"]',
    )!;
    setTimeout(() => emailRow.click());
    const value = await oneEvent<AlvEventMap['alv-copy']>(el, 'alv-copy');
    expect(value.detail).to.deep.equal({ what: 'value', text: '[email]' });
    await expect(el).to.be.accessible();
  });

  it('closes on Escape, from anywhere inside, and with its close button', async () => {
    const el = await mount(apiCall);
    $(el, '[role="tab"][aria-selected="true"]')!.focus();
    let closed = oneEvent<AlvEventMap['alv-close']>(el, 'alv-close');
    await userEvent.keyboard('{Escape}');
    expect((await closed).detail).to.deep.equal({});

    await openTab(el, 'Request');
    sr(tree(el)!).querySelector<HTMLElement>('[role="treeitem"]')!.focus();
    closed = oneEvent<AlvEventMap['alv-close']>(el, 'alv-close');
    await userEvent.keyboard('{Escape}');
    await closed;

    setTimeout(() => $(el, 'button[aria-label="Close details"]')!.click());
    await oneEvent<AlvEventMap['alv-close']>(el, 'alv-close');
    await expect(el).to.be.accessible();
  });

  it('searches the current tab, counts matches and reveals them in turn', async () => {
    const el = await mount(apiCall);
    await openTab(el, 'Response');
    const t = tree(el)!;
    // Collapsed at first: expand-depth 2 shows result's keys, not caller_id's.
    expect(sr(t).querySelector('[data-key="$.result.assignment_group.value"]')).to.equal(null);

    const input = $<HTMLInputElement>(el, 'input[type="search"]')!;
    input.focus();
    await userEvent.keyboard('d625dcce');
    await new Promise((r) => setTimeout(r, 250));
    await settle(el);
    const counter = $(el, '.search .counter')!;
    expect(counter.textContent).to.equal('1 of 2');
    const item = (key: string) =>
      sr(t).querySelector<HTMLElement>(`[role="treeitem"][data-key="${key}"]`);
    expect(item('$.result.assignment_group.link')).to.exist;
    expect(item('$.result.assignment_group.link')!.querySelector('.row.current')).to.exist;
    expect(item('$.result.assignment_group.link')!.querySelector('mark')!.textContent).to.equal(
      'd625dcce',
    );
    // Focus stays in the search box while stepping through matches.
    await userEvent.keyboard('{Enter}');
    await settle(el);
    expect(counter.textContent).to.equal('2 of 2');
    expect(item('$.result.assignment_group.value')!.querySelector(':scope > .row.current')).to
      .exist;
    expect(sr(el).activeElement).to.equal(input);
    await userEvent.keyboard('{Shift>}{Enter}{/Shift}');
    await settle(el);
    expect(counter.textContent).to.equal('1 of 2');
    await userEvent.keyboard('{Enter}{Enter}'); // wraps around
    await settle(el);
    expect(counter.textContent).to.equal('1 of 2');
    await expect(el).to.be.accessible();

    // Escape clears the search first, and only then closes.
    let closedEvents = 0;
    el.addEventListener('alv-close', () => closedEvents++);
    await userEvent.keyboard('{Escape}');
    await settle(el);
    expect(input.value).to.equal('');
    expect(counter.textContent).to.equal('');
    expect(closedEvents).to.equal(0);

    // In safe-to-share mode, masked text is not found.
    el.safeToShare = true;
    await settle(el);
    await openTab(el, 'Request');
    const input2 = $<HTMLInputElement>(el, 'input[type="search"]')!;
    input2.focus();
    await userEvent.keyboard('jordan');
    await new Promise((r) => setTimeout(r, 250));
    await settle(el);
    expect($(el, '.search .counter')!.textContent).to.equal('No matches');
  });

  it('has loading, error and empty states', async () => {
    const el = await mount(undefined);
    expect($(el, '.empty')!.textContent).to.equal('Select an entry to see its details');
    expect($(el, '[role="tablist"]')).to.equal(null);
    await expect(el).to.be.accessible();

    el.loading = true;
    await settle(el);
    expect($(el, '.base')!.getAttribute('aria-busy')).to.equal('true');
    expect($(el, '.skeleton')).to.exist;
    expect(sr(el).textContent).to.contain('Loading entry…');
    await expect(el).to.be.accessible();

    el.loading = false;
    el.error = new Error('The audit service answered 503 Service Unavailable <b>retry</b>');
    await settle(el);
    const alert = $(el, '[role="alert"]')!;
    expect(alert.textContent).to.contain('Could not load this entry');
    expect(alert.textContent).to.contain('503 Service Unavailable <b>retry</b>');
    expect(alert.querySelector('b')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('fits a 360 px side panel', async () => {
    const el = await mount(apiCall, 360);
    expect(el.getBoundingClientRect().width).to.equal(360);
    const base = $(el, '[part="base"]')!;
    expect(base.scrollWidth).to.be.at.most(360);
    await expect(el).to.be.accessible();
    await openTab(el, 'Request');
    expect($(el, '[part="body"]')!.scrollWidth).to.be.at.most(360);
    await expect(el).to.be.accessible();
    await openTab(el, 'Response');
    await expect(el).to.be.accessible();
  });
});

describe('<alv-payload-viewer> with huge strings', () => {
  it('shows the first 2,000 characters of a 100,000-character URL and message; copies keep them whole', async () => {
    const path = `/${'a'.repeat(100_000)}`;
    const message = 'm'.repeat(100_000);
    const huge: AuditEvent = {
      ...apiCall,
      message,
      http: { ...apiCall.http!, url: `https://x.example${path}`, path },
    };
    const el = await mount(huge);
    const heading = $(el, 'h2.heading')!;
    const title = `${apiCall.http!.method} ${path}`;
    expect(
      heading.textContent.trim() === `${title.slice(0, 2000)}…`,
      'heading cut at 2,000',
    ).to.equal(true);
    expect(heading.title).to.equal(heading.textContent.trim());
    const url = $(el, '.url')!;
    expect(url.textContent === `https://x.example${path}`.slice(0, 2000) + '…', 'URL cut').to.equal(
      true,
    );
    const dd = [...sr(el).querySelectorAll('.field')].find(
      (f) => f.querySelector('dt')!.textContent === 'Message',
    )!;
    expect(
      dd.querySelector('dd')!.textContent.trim() === `${'m'.repeat(2000)}…`,
      'message cut',
    ).to.equal(true);
    // Nothing on screen holds the whole string.
    expect(deepContent(el)).not.to.contain('a'.repeat(2001));

    const button = [...sr(el).querySelectorAll<HTMLButtonElement>('button')].find(
      (b) => b.textContent.trim() === 'Copy JSON',
    )!;
    setTimeout(() => button.click());
    const copied = await oneEvent<AlvEventMap['alv-copy']>(el, 'alv-copy');
    const back = JSON.parse(copied.detail.text) as AuditEvent;
    expect(back.message).to.equal(message);
    expect(back.http!.path).to.equal(path);
    await expect(el).to.be.accessible();
  });
});
