/**
 * core/view-state.ts: the canonical view, its equality and the share-link format. Properties run
 * over random views (fast-check); examples pin the format a person reads.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGenericSource } from '../../core/sources/generic.js';
import { createKoreSource } from '../../core/sources/kore.js';
import { createNectedSource } from '../../core/sources/nected.js';
import { createOrgAuditSource } from '../../core/sources/org-audit.js';
import type { AuditEvent, Filters, ViewState } from '../../core/model.js';
import {
  ALL_COLUMNS,
  canonicalView,
  defaultColumns,
  entryFragment,
  sameView,
  viewToFragment,
} from '../../core/view-state.js';
import { viewFromFragment } from '../../core/view-link.js';

const CHARS = [
  ...'aZz09éü日😀',
  ' ',
  '"',
  '\\',
  ':',
  ';',
  '=',
  '%',
  '#',
  '&',
  '?',
  '/',
  '-',
  '+',
  ',',
  '@',
  '.',
  '(',
  "'",
];
const text = fc.string({ unit: fc.constantFrom(...CHARS), minLength: 1, maxLength: 12 });
const word = fc.string({ unit: fc.constantFrom(...'abcXYZ019é@.-_'), minLength: 1, maxLength: 8 });

const filtersArb: fc.Arbitrary<Filters> = fc.record(
  {
    q: fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join(' ')),
    actor: text,
    plugin: text,
    skill: text,
    kind: fc.constantFrom('api-call', 'change', 'request'),
    method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
    status: fc.constantFrom('201', '4xx', '>=400', '!2xx', 'success', 'error', '<300'),
    traceId: text,
    time: fc.oneof(
      fc.record({
        type: fc.constant('relative' as const),
        last: fc.constantFrom('15m', '1h', '24h', '7d'),
      }),
      fc.record(
        {
          type: fc.constant('absolute' as const),
          from: fc.integer({ min: 0, max: 4_102_444_800_000 }),
          to: fc.integer({ min: 0, max: 4_102_444_800_000 }),
        },
        { requiredKeys: ['type', 'from'] },
      ),
    ),
  },
  { requiredKeys: [] },
);

const viewArb: fc.Arbitrary<ViewState> = fc.record(
  {
    v: fc.constant(1 as const),
    filters: filtersArb,
    sort: fc.constantFrom<['asc', 'desc']>('asc', 'desc'),
    columns: fc.subarray([...ALL_COLUMNS], { minLength: 1 }),
    selected: fc.stringMatching(/^[A-Za-z0-9_:.-]{1,24}$/),
    source: fc.constantFrom('generic', 'nected', 'kore', 'org-audit'),
  },
  { requiredKeys: ['v', 'filters', 'sort'] },
);

/** An equivalent spelling of a view: blanks around values, lower-case method, keys reversed, empty values. */
function respell(view: ViewState, salt: number): ViewState {
  const pad = (s: string) => (salt % 2 ? ` ${s}\t` : s);
  const f: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(view.filters).reverse())
    f[k] = typeof v === 'string' ? pad(k === 'method' ? v.toLowerCase() : v) : v;
  if (salt % 3 === 0) f.actor ??= '   ';
  if (salt % 5 === 0) f.q = typeof f.q === 'string' ? `  ${f.q.split(' ').join('   ')} ` : f.q;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries({ ...view, filters: f }).reverse()) out[k] = v;
  if (salt % 7 === 0 && !view.selected) out.selected = '';
  return out as ViewState;
}

describe('canonical view and equality', () => {
  it('is an equivalence: reflexive, symmetric, transitive over equivalent spellings', () => {
    fc.assert(
      fc.property(viewArb, fc.nat(), fc.nat(), (view, s1, s2) => {
        const a = view;
        const b = respell(view, s1);
        const c = respell(b, s2);
        expect(sameView(a, a)).toBe(true);
        expect(sameView(a, b)).toBe(sameView(b, a));
        expect(sameView(a, b)).toBe(true);
        expect(sameView(b, c)).toBe(true);
        expect(sameView(a, c)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('tells different views apart', () => {
    fc.assert(
      fc.property(viewArb, viewArb, (a, b) => {
        const same = JSON.stringify(canonicalView(a)) === JSON.stringify(canonicalView(b));
        expect(sameView(a, b)).toBe(same);
      }),
    );
    const base: ViewState = { v: 1, filters: { actor: 'a@b.com' }, sort: 'desc' };
    expect(sameView(base, { ...base, filters: { actor: 'a@b.co' } })).toBe(false);
    expect(sameView(base, { ...base, sort: 'asc' })).toBe(false);
    expect(sameView(base, { ...base, selected: 'evt_1' })).toBe(false);
    expect(sameView(base, { ...base, columns: ['time'] })).toBe(false);
  });

  it('ignores key order and empty values', () => {
    expect(
      sameView(
        { v: 1, sort: 'desc', filters: { method: 'post', q: ' a   b ', plugin: '' } },
        { filters: { q: 'a b', method: 'POST' }, sort: 'desc', v: 1, selected: '' },
      ),
    ).toBe(true);
  });
});

describe('share links', () => {
  it('round-trips every valid view exactly', () => {
    fc.assert(
      fc.property(viewArb, (view) => {
        const fragment = viewToFragment(view, { keepRelative: true });
        const parsed = viewFromFragment(fragment);
        expect(parsed.notices).toEqual([]);
        expect(parsed.isLink).toBe(true);
        expect(parsed.view).toEqual(canonicalView(view));
      }),
      { numRuns: 500 },
    );
  });

  it('reads like the query box', () => {
    const view: ViewState = {
      v: 1,
      filters: { actor: 'a@b.com', status: '201', plugin: 'create ticket' },
      sort: 'desc',
      selected: 'evt_42',
    };
    expect(viewToFragment(view)).toBe(
      '#v1;q=user:a@b.com%20plugin:%22create%20ticket%22%20status:201;sel=evt_42',
    );
    expect(viewToFragment({ v: 1, filters: {}, sort: 'asc', columns: ['time', 'status'] })).toBe(
      '#v1;sort=asc;cols=time,status',
    );
  });

  it('pins a relative time range to absolute times unless asked to keep it', () => {
    const view: ViewState = {
      v: 1,
      filters: { time: { type: 'relative', last: '1h' } },
      sort: 'desc',
    };
    const now = Date.UTC(2026, 10, 30, 12, 0, 0);
    expect(viewToFragment(view, { now })).toBe(
      '#v1;q=after:2026-11-30T11:00Z%20before:2026-11-30T12:00Z',
    );
    expect(viewFromFragment(viewToFragment(view, { now })).view.filters.time).toEqual({
      type: 'absolute',
      from: Date.UTC(2026, 10, 30, 11, 0, 0),
      to: Date.UTC(2026, 10, 30, 12, 0, 0),
    });
    expect(viewToFragment(view, { now, keepRelative: true })).toBe('#v1;q=last:1h');
  });

  it('names what it ignored and keeps the rest; never throws', () => {
    const parsed = viewFromFragment(
      '#v1;q=user:a@b.com%20status:abc;sort=sideways;cols=time,bogus;zzz=1;sel=e1',
    );
    expect(parsed.view).toEqual({
      v: 1,
      filters: { actor: 'a@b.com' },
      sort: 'desc',
      columns: ['time'],
      selected: 'e1',
    });
    expect(parsed.notices).toHaveLength(4);
    expect(parsed.notices[0]).toMatch(/status:abc/);
    expect(parsed.notices[1]).toMatch(/sort "sideways"/);
    expect(parsed.notices[2]).toMatch(/unknown column: bogus/);
    expect(parsed.notices[3]).toMatch(/unknown part "zzz"/);

    expect(viewFromFragment('#v9;q=x')).toMatchObject({
      isLink: true,
      view: { filters: {}, sort: 'desc' },
      notices: [expect.stringMatching(/another version of the viewer \(v9\)/)],
    });
    expect(viewFromFragment('#v1;q=%E0%A4%A')).toMatchObject({
      notices: [expect.stringMatching(/"q" part: it is not valid percent-encoding/)],
    });
    expect(viewFromFragment('#section-2')).toMatchObject({ isLink: false, notices: [] });
    expect(viewFromFragment('')).toMatchObject({ isLink: false });
    fc.assert(
      fc.property(fc.string(), (s) => {
        const parsed = viewFromFragment(`#v1;${s}`);
        expect(parsed.view.v).toBe(1);
      }),
    );
  });

  it('an entry link selects the entry and narrows the time to a window around it', () => {
    const at = Date.UTC(2026, 10, 30, 9, 30, 0);
    const fragment = entryFragment(
      { v: 1, filters: { actor: 'a@b.com', time: { type: 'relative', last: '7d' } }, sort: 'desc' },
      { id: 'evt_7', timestamp: at },
    );
    expect(fragment).toBe(
      '#v1;q=user:a@b.com%20after:2026-11-30T09:15Z%20before:2026-11-30T09:45Z;sel=evt_7',
    );
  });

  it('an entry link may name the section it opens on; a view link never does', () => {
    const at = Date.UTC(2026, 10, 30, 9, 30, 0);
    const view: ViewState = { v: 1, filters: {}, sort: 'desc' };
    const entry = { id: 'evt_7', timestamp: at };
    const fragment = entryFragment(view, entry, 'response');
    expect(fragment).toBe(
      '#v1;q=after:2026-11-30T09:15Z%20before:2026-11-30T09:45Z;sel=evt_7;tab=response',
    );
    expect(viewFromFragment(fragment)).toMatchObject({
      tab: 'response',
      notices: [],
      view: { selected: 'evt_7' },
    });
    // The overview is where an entry opens anyway: not written.
    expect(entryFragment(view, entry, 'overview')).toBe(entryFragment(view, entry));
    // No entry, no tab; an unknown one is named and ignored.
    expect(viewFromFragment('#v1;tab=raw').tab).toBeUndefined();
    const odd = viewFromFragment('#v1;sel=evt_7;tab=payload');
    expect(odd.tab).toBeUndefined();
    expect(odd.notices).toEqual([
      'Ignored the link\'s tab "payload": expected one of overview, request, response, changes, raw.',
    ]);
  });

  it('says, to whoever opens it, that Safe to share left filters out of the link', () => {
    const view: ViewState = { v: 1, filters: { status: '5xx' }, sort: 'desc' };
    const fragment = viewToFragment(view, { keepRelative: true, leftOut: ['actor', 'userId'] });
    expect(fragment).toBe('#v1;q=status:5xx;out=actor,userId');
    const opened = viewFromFragment(fragment);
    expect(opened.view.filters).toEqual({ status: '5xx' });
    expect(opened.notices).toEqual([
      'Whoever shared this link had Safe to share on, which left out the user, the user ID: this view may show more events than they saw.',
    ]);
    // An entry's link too; and nothing is said where nothing was left out.
    const entry = entryFragment(
      view,
      { id: 'evt_7', timestamp: Date.UTC(2026, 10, 30, 9, 30) },
      undefined,
      ['q'],
    );
    expect(entry.endsWith(';out=q')).toBe(true);
    expect(viewFromFragment(entry).notices[0]).toContain('left out the free text');
    expect(viewToFragment(view, { leftOut: [] })).toBe('#v1;q=status:5xx');
    // Said once; a name the link makes up is not read from the object's prototype.
    expect(viewFromFragment('#v1;out=constructor;out=actor,__proto__').notices).toEqual([
      'Whoever shared this link had Safe to share on, which left out a filter, the user: this view may show more events than they saw.',
    ]);
  });

  it('never carries a credential or a payload value of the events it points at', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9]{20,32}$/).map((s) => `sk_live_${s}`);
    fc.assert(
      fc.property(viewArb, secret, secret, secret, (view, a, b, c) => {
        const event: AuditEvent = {
          id: 'evt_1',
          timestamp: 1_764_000_000_000,
          kind: 'api-call',
          actor: { type: 'user', email: 'x@acme.example' },
          action: 'create ticket',
          status: 'success',
          http: { method: 'POST', url: `https://api.example.com/t?token=${a}` },
          request: { headers: { authorization: `Bearer ${b}` }, body: { password: c } },
          response: { body: { apiKey: a } },
        };
        for (const link of [
          viewToFragment({ ...view, selected: event.id }),
          entryFragment(view, event),
        ]) {
          const decoded = decodeURIComponent(link);
          for (const s of [a, b, c]) {
            expect(link).not.toContain(s);
            expect(decoded).not.toContain(s);
          }
        }
      }),
    );
  });
});

describe('defaultColumns', () => {
  const config = { endpoint: 'http://127.0.0.1:1' };
  it("leaves out the columns a backend's records never fill, by its filters and absent fields", () => {
    expect(defaultColumns(createKoreSource(config).capabilities)).toEqual([
      'time',
      'actor',
      'plugin',
      'action',
      'url',
      'status',
    ]);
    expect(defaultColumns(createNectedSource(config).capabilities)).not.toContain('method');
    expect(defaultColumns(createNectedSource(config).capabilities)).toContain('trace');
    expect(defaultColumns(createOrgAuditSource(config).capabilities)).not.toContain('trace');
    // None of the three has durations: only the reference service's records carry them.
    for (const create of [createKoreSource, createNectedSource, createOrgAuditSource])
      expect(defaultColumns(create(config).capabilities)).not.toContain('duration');
    expect(defaultColumns({ absentFields: ['duration'] })).toEqual(
      ALL_COLUMNS.filter((c) => c !== 'duration'),
    );
    // The reference service has every field; a host's Source without a list shows all.
    expect(defaultColumns(createGenericSource(config).capabilities)).toEqual([...ALL_COLUMNS]);
    expect(defaultColumns(undefined)).toEqual([...ALL_COLUMNS]);
  });
});
