/**
 * What leaves the viewer for other people: exports in safe-to-share mode, "copy for ticket"
 * and saved-view files. Property: for random events carrying secrets, none of it appears.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCurl } from '../../core/curl.js';
import { exportView } from '../../core/export.js';
import { defaultViewState, type AuditEvent, type ViewState } from '../../core/model.js';
import { maskEvent, maskText, maskValue } from '../../core/redaction.js';
import {
  SavedViews,
  parseSavedViews,
  savedViewsFile,
  type KeyValue,
  type SavedView,
} from '../../core/saved-views.js';
import type { Source } from '../../core/sources/types.js';
import { ticketMarkdown, ticketView } from '../../core/ticket.js';
import { entryFragment, safeView, viewToFragment } from '../../core/view-state.js';
import { viewFromFragment } from '../../core/view-link.js';

/** A card number that passes Luhn. */
function luhnCard(digits: number[]): string {
  const body = [4, ...digits.slice(0, 14)];
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body[body.length - 1 - i]!;
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return [...body, (10 - (sum % 10)) % 10].join('');
}

const secretsArb = fc.record({
  user: fc.stringMatching(/^[a-z]{4,10}$/),
  domain: fc.stringMatching(/^[a-z]{4,8}$/),
  token: fc.stringMatching(/^[A-Za-z0-9]{24,32}$/),
  password: fc.stringMatching(/^[A-Za-z0-9!#%]{12,20}$/),
  card: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 14, maxLength: 14 }).map(luhnCard),
  jwtBody: fc.stringMatching(/^[A-Za-z0-9_-]{20,40}$/),
});

type Secrets = typeof secretsArb extends fc.Arbitrary<infer T> ? T : never;

function eventWith(s: Secrets, i: number): { event: AuditEvent; secrets: string[] } {
  const email = `${s.user}.${i}@${s.domain}.example`;
  const apiKey = `sk_live_${s.token}`;
  const jwt = `eyJhbGciOiJIUzI1NiJ9.${s.jwtBody}.c2lnbmF0dXJlc2lnbmF0dXJl`;
  const event: AuditEvent = {
    id: `evt_${i}`,
    timestamp: 1_764_000_000_000 + i,
    kind: 'api-call',
    actor: { type: 'user', email, name: `${s.user} ${s.domain}` },
    action: 'update password',
    status: 'success',
    message: `Reset for ${email} with key ${apiKey}`,
    http: {
      method: 'POST',
      url: `https://api.example.com/users?token=${s.token}`,
      statusCode: 200,
    },
    request: {
      headers: { authorization: `Bearer ${jwt}`, 'x-api-key': apiKey },
      body: { email, password: s.password, card: s.card },
    },
    response: { body: { ok: true, owner: email } },
    traceId: 'abc123',
  };
  return { event, secrets: [email, apiKey, jwt, s.password, s.card, s.token] };
}

const fixed = (events: AuditEvent[]): Source =>
  ({
    search: () =>
      Promise.resolve({
        events,
        nextCursor: null,
        clientFiltered: [],
        scanned: events.length,
        requests: 1,
      }),
  }) as unknown as Source;

describe('nothing shared carries a secret', () => {
  it('safe-to-share exports, copy for ticket and saved-view files', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(secretsArb, { minLength: 1, maxLength: 4 }), async (all) => {
        const made = all.map(eventWith);
        const events = made.map((m) => m.event);
        const secrets = made.flatMap((m) => m.secrets);
        const outputs: string[] = [];
        for (const format of ['csv', 'ndjson'] as const) {
          let text = '';
          await exportView(
            fixed(events),
            { v: 1, filters: {}, sort: 'desc' },
            {
              format,
              columns: 'all',
              cap: 100,
              mask: maskEvent,
              write: (c) => void (text += c),
            },
          );
          outputs.push(text);
        }
        outputs.push(ticketMarkdown(events, { link: 'https://admin.example/audit#v1;sel=evt_0' }));
        const store = new Map<string, string>();
        const kv: KeyValue = {
          getItem: (k) => store.get(k) ?? null,
          setItem: (k, v) => void store.set(k, v),
        };
        const views = new SavedViews(kv, 'p');
        views.save('Resets', {
          v: 1,
          filters: { plugin: 'okta' },
          sort: 'desc',
          selected: events[0]!.id,
        });
        outputs.push(savedViewsFile(views.list()));
        for (const out of outputs)
          for (const secret of secrets)
            expect(out.includes(secret), `${secret} in ${out.slice(0, 200)}`).toBe(false);
      }),
      { numRuns: 60 },
    );
  });
});

/** A secret inside random JSON: as a value, inside a sentence, in an array, under any key. */
const SEPARATORS = [' ', ', ', ': ', '\n', '"', '(', ') ', '; ', '='];
const embeddedArb = (secret: string) =>
  fc
    .tuple(
      fc.constantFrom(...SEPARATORS),
      fc.constantFrom(...SEPARATORS),
      fc.stringMatching(/^[A-Za-z ]{0,12}$/),
      fc.stringMatching(/^[a-z_]{1,10}$/),
      fc.jsonValue({ maxDepth: 2 }),
      fc.nat(3),
    )
    .map(([pre, post, words, key, noise, shape]) => {
      const text = `${words}${pre}${secret}${post}${words}`;
      if (shape === 0) return { [key]: text, noise };
      if (shape === 1) return [noise, text];
      if (shape === 2) return { nested: { [key]: [text] }, noise };
      return text;
    });

describe('random payloads carrying secrets', () => {
  it('never leave unmasked in safe-to-share mode: JSON, values, cURL, ticket, links', () => {
    fc.assert(
      fc.property(
        secretsArb.chain((s) => {
          const { event, secrets } = eventWith(s, 0);
          // Recognisable by their shape anywhere: email, API key, JWT, card. A password or a
          // bare token is recognisable only by its key or URL parameter: placed there below.
          const shaped = secrets.filter((x) => x !== s.password && x !== s.token);
          return fc.tuple(...shaped.map(embeddedArb), fc.nat(shaped.length - 1)).map((parts) => ({
            s,
            event,
            secrets,
            bodies: parts.slice(0, -1),
            pick: parts.at(-1) as number,
          }));
        }),
        ({ s, event, secrets, bodies, pick }) => {
          const e: AuditEvent = {
            ...event,
            message: JSON.stringify(bodies[pick]),
            request: {
              headers: { 'x-note': String(JSON.stringify(bodies[0])) },
              query: { q: JSON.stringify(bodies[1]) },
              body: { bodies, login: { password: s.password }, next: `/cb?token=${s.token}` },
            },
            response: { body: { echo: bodies } },
            delta: { from: bodies[2], to: bodies[3] },
            raw: { original: bodies },
          };
          const masked = maskEvent(e);
          const outputs = [
            JSON.stringify(masked),
            JSON.stringify(maskValue(e.request?.body)),
            toCurl(masked),
            ticketMarkdown([e], { link: 'https://admin.example/audit' }),
            viewToFragment({ v: 1, filters: { plugin: 'okta' }, sort: 'desc', selected: e.id }),
            entryFragment({ v: 1, filters: { status: '5xx' }, sort: 'desc' }, e),
          ];
          for (const out of outputs)
            for (const secret of secrets)
              expect(out.includes(secret), `${secret} in ${out.slice(0, 300)}`).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('copy for ticket', () => {
  it('is a short Markdown table with the permalink', () => {
    const md = ticketMarkdown(
      [
        {
          id: 'e1',
          timestamp: Date.UTC(2026, 10, 30, 9, 0, 0),
          kind: 'api-call',
          actor: { type: 'system' },
          action: 'add comment',
          status: 'error',
          http: {
            method: 'POST',
            url: 'https://acme.atlassian.net/rest/api/3/issue/ITSD-1/comment?expand=x',
            statusCode: 500,
            durationMs: 812.4,
          },
          traceId: '7ff1eae2',
        },
      ],
      { link: 'https://admin.example/audit#v1;sel=e1' },
    );
    expect(md).toBe(
      [
        '**Audit log: 1 entry** — [open in the audit log](https://admin.example/audit#v1;sel=e1)',
        '',
        '| Time (UTC) | Actor | Action | Request | Status | Duration | Trace |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        '| 2026-11-30T09:00:00.000Z | system | add comment | POST /rest/api/3/issue/ITSD-1/comment | 500 | 812 ms | 7ff1eae2 |',
        '',
      ].join('\n'),
    );
  });
});

describe('the people of the list the entries come from', () => {
  const mention: AuditEvent = {
    id: 'e2',
    timestamp: Date.UTC(2026, 10, 30, 9, 0, 0),
    kind: 'api-call',
    actor: { type: 'system' },
    action: 'escalate to Samuel Green',
    status: 'success',
    http: {
      method: 'POST',
      url: 'https://acme.atlassian.net/rest/api/3/issue/ITSD-1/comment',
      statusCode: 201,
    },
    request: { body: { text: 'Samuel Green will call back' } },
  };
  const list: AuditEvent[] = [
    mention,
    { ...mention, id: 'e3', actor: { type: 'user', name: 'Samuel Green' } },
  ];

  it('are masked in a ticket of entries picked from it', () => {
    expect(ticketMarkdown([mention], { among: list })).toContain('| escalate to [name] |');
    // On their own, the entries do not say that Samuel Green is a person.
    expect(ticketMarkdown([mention])).toContain('| escalate to Samuel Green |');
  });

  it('are masked in a cURL command copied from an entry of it', () => {
    expect(toCurl(mention, { people: ['Samuel Green'] })).toContain('[name] will call back');
    expect(toCurl(mention)).toContain('Samuel Green will call back');
  });
});

describe('saved views', () => {
  const kv = (): KeyValue => {
    const m = new Map<string, string>();
    return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v) };
  };

  it('save, rename, delete; kept per partition; never the open entry', () => {
    const store = kv();
    const mine = new SavedViews(store, 'generic@a#1');
    const theirs = new SavedViews(store, 'generic@a#2');
    const s = mine.save('Create ticket 201s', {
      v: 1,
      filters: { plugin: 'create ticket', status: '201', time: { type: 'relative', last: '24h' } },
      sort: 'desc',
      selected: 'evt_9',
    });
    expect(s.fragment).toBe('#v1;q=plugin:%22create%20ticket%22%20status:201%20last:24h');
    expect(theirs.list()).toEqual([]);
    mine.rename(s.id, '  Ticket 201s ');
    expect(mine.list().map((v) => v.name)).toEqual(['Ticket 201s']);
    mine.remove(s.id);
    expect(mine.list()).toEqual([]);
  });

  it('imports a file; a foreign or broken one is refused by name and nothing is lost', () => {
    const views = new SavedViews(kv(), 'p');
    views.save('Mine', { v: 1, filters: { actor: 'a@b.example' }, sort: 'desc' });
    const file = savedViewsFile([
      { id: 'x', name: 'Mine', fragment: '#v1;q=status:5xx', savedAt: 1 },
      { id: 'y', name: 'Errors', fragment: '#v1;q=status:error', savedAt: 2 },
    ]);
    expect(views.import(file)).toEqual({ ok: true, added: 2, alreadySaved: 0 });
    expect(views.list().map((v) => v.name)).toEqual(['Mine', 'Mine (2)', 'Errors']);
    for (const [text, error] of [
      ['not json', 'This file is not JSON.'],
      ['{"format":"other"}', 'This is not a saved-views file'],
      ['{"format":"audit-log-viewer/saved-views","version":9,"views":[]}', 'version 9'],
      [
        '{"format":"audit-log-viewer/saved-views","version":1,"views":[{"name":"x","fragment":"#v1;q=status:abc"}]}',
        'views[0] ("x")',
      ],
      [
        '{"format":"audit-log-viewer/saved-views","version":1,"views":[{"name":"","fragment":"#v1"}]}',
        'views[0].name',
      ],
    ] as const) {
      const r = views.import(text);
      expect(r.ok).toBe(false);
      expect((r as { error: string }).error).toContain(error);
    }
    expect(views.list()).toHaveLength(3);
    expect(parseSavedViews('')).toEqual({ ok: true, views: [] });
  });

  it('an imported view is a view of its own: deleting or renaming it leaves the one it was exported from', () => {
    const views = new SavedViews(kv(), 'p');
    const mine = views.save('Failures', { v: 1, filters: { status: '5xx' }, sort: 'desc' });
    const logins = views.save('Logins', { v: 1, filters: { plugin: 'okta' }, sort: 'desc' });
    // Exported and imported again as it is: nothing is copied.
    expect(views.import(savedViewsFile(views.list()))).toEqual({
      ok: true,
      added: 0,
      alreadySaved: 2,
    });
    // A file of views with these very ids and names, other filters (edited elsewhere):
    // imported as copies of their own.
    const edited = savedViewsFile(
      views.list().map((v) => ({ ...v, fragment: '#v1;q=method:DELETE' })),
    );
    expect(views.import(edited)).toEqual({ ok: true, added: 2, alreadySaved: 0 });
    // Again: those copies are there already.
    expect(views.import(edited)).toEqual({ ok: true, added: 0, alreadySaved: 2 });
    views.import(savedViewsFile([{ name: 'Failures', fragment: '#v1;q=status:4xx' } as SavedView]));
    const all = views.list();
    expect(all.map((v) => v.name)).toEqual([
      'Failures',
      'Logins',
      'Failures (2)',
      'Logins (2)',
      'Failures (3)',
    ]);
    expect(new Set(all.map((v) => v.id)).size).toBe(all.length);
    views.remove(all.find((v) => v.name === 'Failures (2)')!.id);
    expect(views.rename(all.find((v) => v.name === 'Logins (2)')!.id, 'Old logins')).toBe(true);
    expect(views.list().map((v) => [v.name, v.id === mine.id || v.id === logins.id])).toEqual([
      ['Failures', true],
      ['Logins', true],
      ['Old logins', false],
      ['Failures (3)', false],
    ]);
    // A name another view has is refused.
    expect(views.rename(mine.id, 'Logins')).toBe(false);
    expect(views.named('Failures')?.id).toBe(mine.id);
  });

  it('gives each view of a store damaged by an older import its own id, and keeps it', () => {
    const store = kv();
    const file = savedViewsFile([
      { id: 'sv_same', name: 'A', fragment: '#v1;q=status:5xx', savedAt: 1 },
      { id: 'sv_same', name: 'B', fragment: '#v1;q=status:4xx', savedAt: 2 },
    ]);
    store.setItem('alv:saved-views:p', file);
    const views = new SavedViews(store, 'p');
    const [a, b] = views.list();
    expect(a!.id).toBe('sv_same');
    expect(b!.id).not.toBe('sv_same');
    expect(views.list().map((v) => v.id)).toEqual([a!.id, b!.id]);
    views.remove(b!.id);
    expect(views.list().map((v) => v.name)).toEqual(['A']);
  });
});

describe('links made to be shared masked (safe to share, tickets)', () => {
  const view = {
    ...defaultViewState(),
    filters: {
      actor: 'priya.nair@acme.example',
      plugin: 'create ticket',
      status: '4xx',
      q: 'timeout',
      userId: 'u-6fd26567',
      time: { type: 'relative', last: '7d' },
    },
    selected: 'evt_1',
  } as ViewState;

  it('leave out the filters that name someone and any the mask would change', () => {
    const { view: safe, dropped } = safeView(
      { ...view, filters: { ...view.filters, q: 'call jane@x.io' } },
      (t) => maskText(t),
    );
    expect(safe.filters).toEqual({
      plugin: 'create ticket',
      status: '4xx',
      time: { type: 'relative', last: '7d' },
    });
    expect(dropped.sort()).toEqual(['actor', 'q', 'userId']);
    expect(safe.selected).toBe('evt_1');
  });

  it('keep free text the mask leaves alone', () => {
    const { view: safe, dropped } = safeView(view, (t) => maskText(t));
    expect(safe.filters.q).toBe('timeout');
    expect(dropped.sort()).toEqual(['actor', 'userId']);
  });

  it("a ticket's link never holds the user's address, nor a name of the list's people", () => {
    const { view: safe, leftOut } = ticketView(view);
    const link = viewToFragment(safe, { keepRelative: true, leftOut });
    expect(decodeURIComponent(link)).not.toContain('priya');
    expect(decodeURIComponent(link)).toContain('plugin:"create ticket"');
    expect(viewFromFragment(link).view.selected).toBe('evt_1');
    // It says what it left out, for whoever opens it.
    expect(leftOut.sort()).toEqual(['actor', 'userId']);
    expect(viewFromFragment(link).notices[0]).toContain('left out the user, the user ID');

    // Free text naming one of the list's people (not an address: the mask alone keeps it).
    const named: ViewState = { ...view, filters: { q: 'samuel green', plugin: 'create ticket' } };
    const samuel: AuditEvent = {
      id: 'e9',
      timestamp: 0,
      kind: 'change',
      actor: { type: 'user', name: 'Samuel Green' },
      action: 'update',
      status: 'success',
    };
    expect(ticketView(named).view.filters.q).toBe('samuel green');
    const fromList = ticketView(named, [samuel]);
    expect(fromList.view.filters).toEqual({ plugin: 'create ticket' });
    expect(fromList.leftOut).toEqual(['q']);
  });
});
