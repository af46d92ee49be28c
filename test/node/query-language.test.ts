import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AUTH_TYPES,
  EVENT_KINDS,
  FILTER_KEYS,
  Filters,
  RELATIVE_RANGES,
  type TimeRange,
} from '../../core/model.js';
import * as S from '../../core/schema.js';
import {
  QUALIFIERS,
  filterTokens,
  formatQuery,
  parseQuery,
  tokenAt,
  type QueryError,
} from '../../core/query-language.js';
import { QUALIFIER_OF } from '../../core/query-format.js';
import { parseStatusFilter } from '../../core/status.js';

const utc = (iso: string): number => Date.parse(iso);

/** The text each error underlines. */
const underlined = (text: string, errors: QueryError[]): string[] =>
  errors.map((e) => text.slice(e.start, e.end));

describe('parseQuery', () => {
  it('parses the full example', () => {
    const text =
      'user:a@b.com plugin:"create ticket" skill:Ticketing status:>=400 method:post trace:abc ' +
      'kind:api-call some free text';
    expect(parseQuery(text)).toEqual({
      filters: {
        actor: 'a@b.com',
        plugin: 'create ticket',
        skill: 'Ticketing',
        status: '>=400',
        method: 'POST',
        traceId: 'abc',
        kind: 'api-call',
        q: 'some free text',
      },
      errors: [],
    });
  });

  it('reads every qualifier and alias, names case-insensitively', () => {
    expect(parseQuery('actor:x@y.io').filters).toEqual({ actor: 'x@y.io' });
    expect(parseQuery('USER:x@y.io').filters).toEqual({ actor: 'x@y.io' });
    expect(parseQuery('traceId:t1').filters).toEqual({ traceId: 't1' });
    expect(parseQuery('traceid:t1').filters).toEqual({ traceId: 't1' });
    expect(parseQuery('Trace:t1').filters).toEqual({ traceId: 't1' });
    expect(parseQuery('kind:CHANGE').filters).toEqual({ kind: 'change' });
    expect(parseQuery('kind:request').filters).toEqual({ kind: 'request' });
    expect(parseQuery('method:Delete').filters).toEqual({ method: 'DELETE' });
    for (const last of RELATIVE_RANGES) {
      expect(parseQuery(`last:${last}`).filters).toEqual({ time: { type: 'relative', last } });
    }
    expect(parseQuery('last:24H').filters).toEqual({ time: { type: 'relative', last: '24h' } });
  });

  it('reads the backend-specific qualifiers (issue 11 item 6)', () => {
    expect(
      parseQuery(
        'action:update event:"Call Via API" env:Production environment:staging entityId:66a3 ' +
          'userId:u-6fd2 workspace:6898 ws:60 auth:API-KEY authType:jwt',
      ),
    ).toEqual({
      filters: {
        action: 'Call Via API',
        environment: 'staging',
        entityId: '66a3',
        userId: 'u-6fd2',
        workspace: '60',
        authType: 'jwt',
      },
      errors: [
        { start: 0, end: 13, message: 'action: given twice; the last one wins' },
        { start: 35, end: 49, message: 'env: given twice; the last one wins' },
        { start: 98, end: 112, message: 'workspace: given twice; the last one wins' },
        { start: 119, end: 131, message: 'auth: given twice; the last one wins' },
      ],
    });
    expect(parseQuery('auth:oauth')).toEqual({
      filters: {},
      errors: [{ start: 0, end: 10, message: 'auth: expected api-key or jwt, not "oauth"' }],
    });
    expect(
      formatQuery({
        q: 'x',
        authType: 'api-key',
        workspace: 'w 1',
        userId: 'u',
        entityId: 'e',
        environment: 'production',
        action: 'Call Via API',
        actor: 'Kwame Mensah',
      }),
    ).toBe(
      'user:"Kwame Mensah" action:"Call Via API" env:production entityId:e userId:u ' +
        'workspace:"w 1" auth:api-key x',
    );
  });

  it.each([
    ['status:201', '201'],
    ['status:4xx', '4xx'],
    ['status:>=400', '>=400'],
    ['status:<300', '<300'],
    ['status:success', 'success'],
    ['status:error', 'error'],
    ['status:!2xx', '!2xx'],
    ['-status:2xx', '!2xx'],
    ['-status:error', '!error'],
    ['-status:">= 500"', '!>= 500'],
    ['status:5XX', '5XX'],
  ])('%s -> status %s', (text, status) => {
    expect(parseQuery(text)).toEqual({ filters: { status }, errors: [] });
    expect(parseStatusFilter(status).ok).toBe(true);
  });

  it('reads quoted values with escapes', () => {
    expect(parseQuery('plugin:"say \\"hi\\""').filters).toEqual({ plugin: 'say "hi"' });
    expect(parseQuery('plugin:"back\\\\slash"').filters).toEqual({ plugin: 'back\\slash' });
    expect(parseQuery('plugin:"a\\nb"').filters).toEqual({ plugin: 'a\\nb' }); // other escapes are literal
    expect(parseQuery('trace:"a:b"').filters).toEqual({ traceId: 'a:b' });
    expect(parseQuery('skill:"  padded  "').filters).toEqual({ skill: '  padded  ' });
    expect(parseQuery('plugin:"create ticket"extra').filters).toEqual({
      plugin: 'create ticket',
      q: 'extra',
    });
  });

  it('joins bare words and quoted phrases into free text, with single spaces', () => {
    expect(parseQuery('  timeout   "connection   reset"  user:a@b.c  retry ').filters).toEqual({
      actor: 'a@b.c',
      q: 'timeout connection reset retry',
    });
    expect(parseQuery('"http://x.example/a" 10:30 x-ray "-1"').filters).toEqual({
      q: 'http://x.example/a 10:30 x-ray -1',
    });
    expect(parseQuery('it"s').filters).toEqual({ q: 'it"s' }); // a quote inside a word is literal
    expect(parseQuery('-').filters).toEqual({ q: '-' });
    expect(parseQuery('').filters).toEqual({});
    expect(parseQuery('   ').filters).toEqual({});
  });

  describe('dates', () => {
    it.each<[string, TimeRange]>([
      ['after:2024-12-01', { type: 'absolute', from: utc('2024-12-01T00:00:00Z') }],
      ['before:2024-12-05', { type: 'absolute', to: utc('2024-12-05T23:59:59.999Z') }],
      ['before:2024-12-05T10:00Z', { type: 'absolute', to: utc('2024-12-05T10:00:00Z') }],
      ['after:2024-12-05T10:00', { type: 'absolute', from: utc('2024-12-05T10:00:00Z') }],
      ['after:2024-12-05t10:00:30z', { type: 'absolute', from: utc('2024-12-05T10:00:30Z') }],
      ['after:2024-12-05T10:00:30.5Z', { type: 'absolute', from: utc('2024-12-05T10:00:30.500Z') }],
      [
        'after:2024-12-05T10:00:30.123456789Z',
        { type: 'absolute', from: utc('2024-12-05T10:00:30.123Z') },
      ],
      ['after:2024-12-05T10:00+02:00', { type: 'absolute', from: utc('2024-12-05T08:00:00Z') }],
      ['after:2024-12-05T10:00-0530', { type: 'absolute', from: utc('2024-12-05T15:30:00Z') }],
      ['after:2024-02-29', { type: 'absolute', from: utc('2024-02-29T00:00:00Z') }],
      ['after:1970-01-01', { type: 'absolute', from: 0 }],
      [
        'after:2024-12-01 before:2024-12-05T10:00Z',
        { type: 'absolute', from: utc('2024-12-01T00:00:00Z'), to: utc('2024-12-05T10:00:00Z') },
      ],
      [
        'before:2024-12-05 after:2024-12-01',
        {
          type: 'absolute',
          from: utc('2024-12-01T00:00:00Z'),
          to: utc('2024-12-05T23:59:59.999Z'),
        },
      ],
      ['after:+010000-01-01', { type: 'absolute', from: utc('+010000-01-01T00:00:00Z') }],
    ])('%s', (text, time) => {
      expect(parseQuery(text)).toEqual({ filters: { time }, errors: [] });
    });

    it.each([
      'after:2024-02-30',
      'after:2023-02-29',
      'after:2024-13-01',
      'after:2024-00-10',
      'after:2024-12-00',
      'after:2024-12-01T24:00Z',
      'after:2024-12-01T10:60Z',
      'after:2024-12-01T10:00:61Z',
      'after:2024-12-01T10:00+25:00',
      'after:2024-12-01T10Z',
      'after:2024-12-1',
      'after:24-12-01',
      'after:yesterday',
      'after:1733011200000',
      'after:2024-12-01Z',
      'before:1969-12-31',
      'before:1969-12-31T23:59Z',
      'after:+275761-01-01',
    ])('%s is an error on that token, and no time is set', (bad) => {
      const text = `timeout ${bad} plugin:x`;
      const { filters, errors } = parseQuery(text);
      expect(filters).toEqual({ plugin: 'x', q: 'timeout' });
      expect(underlined(text, errors)).toEqual([bad]);
      expect(errors[0]?.message).toMatch(/^(after|before):/);
    });
  });

  it('errors on an unknown qualifier, listing the known ones, and keeps going', () => {
    const text = 'status:500 foo:bar timeout';
    const { filters, errors } = parseQuery(text);
    expect(filters).toEqual({ status: '500', q: 'timeout' });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ start: 11, end: 18 });
    for (const q of QUALIFIERS) expect(errors[0]?.message).toContain(`${q.name}:`);
    expect(errors[0]?.message).toContain('traceId:');
    expect(errors[0]?.message).toContain('"foo:"');
    expect(errors[0]?.message).toMatch(/quotes/);
    // A URL must be quoted to be searched for.
    expect(underlined('https://x.example', parseQuery('https://x.example').errors)).toEqual([
      'https://x.example',
    ]);
  });

  it('allows "-" only on user, plugin, skill, method, status and env', () => {
    const text =
      'x -plugin:foo -user:"a b" -status:5xx -trace:abc -timeout -"quoted phrase" -foo:bar';
    const { filters, errors } = parseQuery(text);
    expect(filters).toEqual({ actor: '!a b', plugin: '!foo', status: '!5xx', q: 'x' });
    expect(underlined(text, errors)).toEqual([
      '-trace:abc',
      '-timeout',
      '-"quoted phrase"',
      '-foo:bar',
    ]);
    expect(errors[0]?.message).toMatch(
      /only user:, plugin:, skill:, method:, status:, env: can be excluded/,
    );
    expect(errors[1]?.message).toMatch(/put it in double quotes/);
    expect(errors[3]?.message).toMatch(/Unknown qualifier/);
  });

  it('lets the last of a repeated qualifier win, with an error on the earlier ones', () => {
    const text = 'status:500 user:a@x.io status:4xx actor:b@x.io -status:2xx';
    const { filters, errors } = parseQuery(text);
    expect(filters).toEqual({ status: '!2xx', actor: 'b@x.io' });
    expect(underlined(text, errors)).toEqual(['status:500', 'user:a@x.io', 'status:4xx']);
    // Including and excluding statuses at once is not one filter: said so, with what works.
    expect(errors[0]?.message).toBe(
      'status: cannot be combined with -status:; the last one wins. Give one list: ' +
        'status:4xx,5xx (any of them) or -status:429,503 (none of them)',
    );
    expect(errors[1]?.message).toBe('user: given twice; the last one wins');
    expect(parseQuery('status:4xx -status:429 status:5xx').errors.map((e) => e.message)).toEqual([
      'status: given twice; the last one wins',
      '-status: cannot be combined with status:; the last one wins. Give one list: ' +
        'status:4xx,5xx (any of them) or -status:429,503 (none of them)',
    ]);
    expect(parseQuery('plugin:a -plugin:b').errors[0]?.message).toBe(
      'plugin: cannot be combined with -plugin:; the last one wins',
    );
  });

  it('offers to swap after: and before: when the range ends before it starts', () => {
    const text = 'before:2026-11-01 timeout after:2026-11-30';
    const r = parseQuery(text);
    // Valid as written (nothing is discarded or underlined), but it can match nothing.
    expect(r.errors).toEqual([]);
    expect(r.filters.time).toEqual({
      type: 'absolute',
      from: utc('2026-11-30'),
      to: utc('2026-11-02') - 1,
    });
    expect(r.hints).toEqual([
      {
        start: 0,
        end: text.length,
        replacement: 'before:2026-11-30 timeout after:2026-11-01',
        message:
          'after:2026-11-30 is later than before:2026-11-01: no event can match; swap the two',
      },
    ]);
    const swapped = parseQuery(r.hints![0]!.replacement);
    expect(swapped.hints).toBeUndefined();
    expect(swapped.filters.time).toEqual({
      type: 'absolute',
      from: utc('2026-11-01'),
      to: utc('2026-12-01') - 1,
    });
    // A single day, and a range given the right way round, are fine.
    expect(parseQuery('after:2026-11-30 before:2026-11-30').hints).toBeUndefined();
    expect(parseQuery('after:2026-11-01T10:00Z before:2026-11-01T09:00Z').hints).toHaveLength(1);
  });

  it('lets the later of last: and after:/before: win', () => {
    let text = 'after:2024-12-01 before:2024-12-02 last:1h';
    let r = parseQuery(text);
    expect(r.filters).toEqual({ time: { type: 'relative', last: '1h' } });
    expect(underlined(text, r.errors)).toEqual(['after:2024-12-01', 'before:2024-12-02']);
    expect(r.errors[0]?.message).toMatch(/cannot be combined with last:/);

    text = 'last:1h after:2024-12-01';
    r = parseQuery(text);
    expect(r.filters).toEqual({ time: { type: 'absolute', from: utc('2024-12-01') } });
    expect(underlined(text, r.errors)).toEqual(['last:1h']);
    expect(r.errors[0]?.message).toMatch(/cannot be combined with after:\/before:/);
  });

  it('reports an unterminated quote up to the end of the text', () => {
    let text = 'status:500 plugin:"create tick';
    let r = parseQuery(text);
    expect(r.filters).toEqual({ status: '500' });
    expect(r.errors).toEqual([
      {
        start: 11,
        end: text.length,
        message: expect.stringMatching(/Unterminated quote/) as string,
      },
    ]);

    text = 'timeout "connection reset';
    r = parseQuery(text);
    expect(r.filters).toEqual({ q: 'timeout' });
    expect(underlined(text, r.errors)).toEqual(['"connection reset']);

    text = 'plugin:"ends with backslash\\"';
    r = parseQuery(text);
    expect(r.errors[0]?.end).toBe(text.length);
  });

  it.each([
    ['status:abc', /status: "abc": expected a status code/],
    ['status:600', /expected a status code/],
    ['status:!!2xx', /expected a status code/],
    ['-status:!2xx', /expected a status code/],
    ['kind:apicall', /kind: expected api-call, change, request/],
    ['method:GET1', /method: expected an HTTP method/],
    ['method:"GET POST"', /method: expected an HTTP method/],
    ['last:2h', /last: expected 15m, 1h, 24h, 7d/],
    ['status:', /status: needs a value, as in status:>=400/],
    ['user:""', /user: needs a value/],
    ['-status:', /status: needs a value/],
  ])('%s is an error on exactly that token and leaves the filter unset', (bad, message) => {
    const text = `timeout  ${bad}  skill:s`;
    const r = parseQuery(text);
    expect(r.filters).toEqual({ q: 'timeout', skill: 's' });
    expect(underlined(text, r.errors)).toEqual([bad]);
    expect(r.errors[0]?.message).toMatch(message);
  });

  it('never throws, and its errors are sorted ranges inside the text (property)', () => {
    const piece = fc.oneof(
      fc.string(),
      fc.constantFrom(
        'status:',
        '-status:',
        '-',
        '"',
        '\\"',
        '\\',
        ' ',
        ':',
        'user:',
        'after:',
        'before:',
        'last:',
        'foo:',
        'kind:',
        '2024-12-01',
        'T10:00Z',
        '4xx',
        '!',
      ),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 12 }).map((a) => a.join('')),
        (text) => {
          const { filters, errors } = parseQuery(text);
          expect(S.Filters.safeParse(filters).success).toBe(true);
          let previous = 0;
          for (const e of errors) {
            expect(e.start).toBeGreaterThanOrEqual(previous);
            expect(e.end).toBeGreaterThan(e.start);
            expect(e.end).toBeLessThanOrEqual(text.length);
            expect(e.message.length).toBeGreaterThan(0);
            previous = e.start;
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('formatQuery', () => {
  it('prints the canonical text', () => {
    expect(
      formatQuery({
        q: 'some free text',
        actor: 'a@b.com',
        plugin: 'create ticket',
        skill: 'Ticketing',
        kind: 'api-call',
        method: 'POST',
        status: '>=400',
        traceId: 'abc',
        time: {
          type: 'absolute',
          from: utc('2024-12-01T00:00:00Z'),
          to: utc('2024-12-05T10:00:00Z'),
        },
      }),
    ).toBe(
      'user:a@b.com plugin:"create ticket" skill:Ticketing kind:api-call method:POST status:>=400 ' +
        'trace:abc after:2024-12-01 before:2024-12-05T10:00Z some free text',
    );
    expect(formatQuery({})).toBe('');
  });

  it('prints negated status as -status:', () => {
    expect(formatQuery({ status: '!2xx' })).toBe('-status:2xx');
    expect(formatQuery({ status: '!>= 500' })).toBe('-status:">= 500"');
  });

  it('quotes values with spaces, quotes, colons or backslashes-in-quotes', () => {
    expect(formatQuery({ plugin: 'a b' })).toBe('plugin:"a b"');
    expect(formatQuery({ plugin: 'say "hi"' })).toBe('plugin:"say \\"hi\\""');
    expect(formatQuery({ traceId: 'a:b' })).toBe('trace:"a:b"');
    expect(formatQuery({ plugin: 'c:\\dir' })).toBe('plugin:"c:\\\\dir"');
    expect(formatQuery({ plugin: 'back\\slash' })).toBe('plugin:back\\slash');
    expect(formatQuery({ plugin: 'tab\there' })).toBe('plugin:"tab\there"');
    expect(formatQuery({ q: 'http://x -1 it"s plain' })).toBe('"http://x" "-1" "it\\"s" plain');
  });

  it('prints times', () => {
    expect(formatQuery({ time: { type: 'relative', last: '7d' } })).toBe('last:7d');
    const abs = (from?: string, to?: string): string =>
      formatQuery({
        time: {
          type: 'absolute',
          ...(from ? { from: utc(from) } : {}),
          ...(to ? { to: utc(to) } : {}),
        },
      });
    expect(abs('2024-12-01T00:00:00.000Z')).toBe('after:2024-12-01');
    expect(abs('2024-12-01T23:59:59.999Z')).toBe('after:2024-12-01T23:59:59.999Z');
    expect(abs(undefined, '2024-12-05T23:59:59.999Z')).toBe('before:2024-12-05');
    expect(abs(undefined, '2024-12-05T00:00:00.000Z')).toBe('before:2024-12-05T00:00Z');
    expect(abs('2024-12-01T10:00:05Z')).toBe('after:2024-12-01T10:00:05Z');
    expect(abs('2024-12-01T10:00:05.120Z')).toBe('after:2024-12-01T10:00:05.120Z');
    expect(abs()).toBe('');
    expect(formatQuery({ time: { type: 'absolute', from: 9e15 } })).toBe(''); // no Date holds it
  });

  it('leaves out empty values', () => {
    expect(formatQuery({ q: '', actor: '', plugin: '  ' })).toBe('plugin:"  "');
  });
});

// ---------------------------------------------------------------------------------------------
// Round trip

const nonEmpty = fc.string({ minLength: 1, maxLength: 20, unit: 'binary' });
const email = fc.oneof(
  fc.emailAddress(),
  fc
    .tuple(
      fc.stringMatching(/^[a-z][a-z0-9.+-]{0,10}$/),
      fc.stringMatching(/^[a-z]{1,8}\.(com|io)$/),
    )
    .map(([l, d]) => `${l}@${d}`),
);
const name = fc.oneof(
  fc.constantFrom(
    'create ticket',
    'Ticketing',
    'Live Agent',
    'Group Operations',
    'say "hi"',
    'a:b',
  ),
  fc
    .array(fc.stringMatching(/^[A-Za-z]{1,8}$/), { minLength: 1, maxLength: 4 })
    .map((w) => w.join(' ')),
  nonEmpty,
);
const statusExpr = fc
  .tuple(
    fc.boolean(),
    fc.oneof(
      fc.integer({ min: 100, max: 599 }).map(String),
      fc.integer({ min: 1, max: 5 }).chain((d) => fc.constantFrom(`${d}xx`, `${d}XX`)),
      fc
        .tuple(
          fc.constantFrom('>=', '>', '<=', '<'),
          fc.constantFrom('', ' '),
          fc.integer({ min: 0, max: 999 }),
        )
        .map(([op, sp, c]) => `${op}${sp}${String(c).padStart(3, '0')}`),
      fc.constantFrom('success', 'error', 'Success', 'ERROR'),
    ),
    fc.constantFrom('', ' '),
  )
  .map(([neg, s, pad]) => (neg ? `!${pad}${s}` : `${pad}${s}`));
const MAX_TIME = 8.64e15;
const DAY = 86_400_000;
const instant = fc.oneof(
  fc.integer({ min: 0, max: MAX_TIME }),
  fc.integer({ min: 0, max: 3_000_000 }).map((d) => d * DAY), // midnights
  fc.integer({ min: 1, max: 3_000_000 }).map((d) => d * DAY - 1), // ends of day
  fc.integer({ min: 0, max: 2_000_000_000 }).map((m) => m * 60_000), // whole minutes
  fc.integer({ min: 0, max: 2_000_000_000 }).map((s) => s * 1000), // whole seconds
);
const time: fc.Arbitrary<TimeRange> = fc.oneof(
  fc.constantFrom(...RELATIVE_RANGES).map((last) => ({ type: 'relative' as const, last })),
  fc
    .record({ from: instant, to: instant }, { requiredKeys: [], noNullPrototype: true })
    .filter((r) => r.from !== undefined || r.to !== undefined)
    .map((r) => ({ type: 'absolute' as const, ...r })),
);
/** Free-text words: anything without whitespace (colons, quotes and dashes get quoted). */
const word = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9._@/-]{1,12}$/),
  fc.string({ minLength: 1, maxLength: 8, unit: 'binary' }).filter((w) => !/\s/.test(w)),
  fc.constantFrom('-x', '"', 'a:b', '\\', 'it"s', 'status:5xx', '-status:2xx', '""'),
);
const filtersArb: fc.Arbitrary<Filters> = fc.record(
  {
    q: fc.array(word, { minLength: 1, maxLength: 5 }).map((ws) => ws.join(' ')),
    actor: email,
    plugin: name,
    skill: name,
    kind: fc.constantFrom(...EVENT_KINDS),
    method: fc.oneof(
      fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
      fc.stringMatching(/^[A-Z]{1,10}$/),
    ),
    status: statusExpr,
    traceId: fc.oneof(fc.stringMatching(/^[0-9a-f]{32}$/), nonEmpty),
    time,
    action: name,
    environment: name,
    entityId: nonEmpty,
    userId: nonEmpty,
    workspace: nonEmpty,
    authType: fc.constantFrom(...AUTH_TYPES),
  },
  { requiredKeys: [], noNullPrototype: true },
);

describe('round trip', () => {
  it('generated filters are valid Filters', () => {
    fc.assert(
      fc.property(filtersArb, (f) => {
        expect(S.Filters.safeParse(f).success).toBe(true);
      }),
    );
  });

  it('parseQuery(formatQuery(f)) is f, with no errors (property)', () => {
    fc.assert(
      fc.property(filtersArb, (f) => {
        const text = formatQuery(f);
        const r = parseQuery(text);
        expect(r.filters).toEqual(f);
        expect(r.errors).toEqual([]);
        // No hint, but the offer to swap a range that ends before it starts.
        const t = f.time;
        const inverted = t?.type === 'absolute' && (t.from ?? -1) > (t.to ?? Infinity);
        expect((r.hints ?? []).map((h) => h.message.endsWith('swap the two'))).toEqual(
          inverted ? [true] : [],
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('quotes a phrase value right before free text, so the query box reads it whole', () => {
    // Found by the round-trip property: `env:Ticketing 0` offered env:"Ticketing 0".
    expect(formatQuery({ q: '0', environment: 'Ticketing' })).toBe('env:"Ticketing" 0');
    expect(parseQuery('env:"Ticketing" 0')).toEqual({
      filters: { q: '0', environment: 'Ticketing' },
      errors: [],
    });
    expect(formatQuery({ q: 'timeout', plugin: 'x', status: '500' })).toBe(
      'plugin:x status:500 timeout',
    );
    expect(formatQuery({ q: 'timeout', actor: 'a@b.co' })).toBe('user:a@b.co timeout');
    expect(formatQuery({ q: 'timeout', actor: 'Kwame' })).toBe('user:"Kwame" timeout');
    expect(formatQuery({ environment: 'production' })).toBe('env:production');
  });

  it('formatQuery(parseQuery(t).filters) is idempotent (property)', () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom(' ', '"', '-', ':', '\\'),
      filtersArb.map(formatQuery),
      fc.constantFrom(...QUALIFIERS.flatMap((q) => [`${q.name}:`, `-${q.name}:`, q.example])),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 8 }).map((a) => a.join('')),
        (t) => {
          const once = formatQuery(parseQuery(t).filters);
          const again = parseQuery(once);
          expect(again.errors).toEqual([]);
          expect(formatQuery(again.filters)).toBe(once);
          expect(again.filters).toEqual(parseQuery(t).filters);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('QUALIFIERS', () => {
  it('describes each qualifier once, with an example that parses', () => {
    const names = QUALIFIERS.flatMap((q) => [q.name, ...q.aliases].map((n) => n.toLowerCase()));
    expect(new Set(names).size).toBe(names.length);
    for (const q of QUALIFIERS) {
      expect(q.description.length).toBeGreaterThan(10);
      expect(q.description).not.toContain('\n');
      const r = parseQuery(q.example);
      expect(r.errors).toEqual([]);
      expect(Object.keys(r.filters)).toEqual([q.filter]);
      for (const v of q.values ?? []) expect(parseQuery(`${q.name}:${v}`).errors).toEqual([]);
    }
  });

  it('names each filter as QUALIFIER_OF does (the printing half keeps its own table)', () => {
    const named = QUALIFIERS.filter((q) => q.filter !== 'time');
    expect(Object.fromEntries(named.map((q) => [q.filter, q.name]))).toEqual(QUALIFIER_OF);
  });
});

describe('tokenAt', () => {
  const text = 'user:jane@x.io -status:5 plugin:"create tic  timeout';
  //            0123456789012345678901234567890123456789012345678901

  it('finds the qualifier token under the caret', () => {
    expect(tokenAt(text, 0)).toEqual({
      qualifier: 'user',
      negated: false,
      value: 'jane@x.io',
      start: 0,
      end: 14,
      valueStart: 5,
    });
    expect(tokenAt(text, 14)).toMatchObject({ qualifier: 'user', end: 14 }); // caret right after
    expect(tokenAt(text, 20)).toEqual({
      qualifier: 'status',
      negated: true,
      value: '5',
      start: 15,
      end: 24,
      valueStart: 23,
    });
  });

  it('reads an unterminated quote to the end', () => {
    expect(tokenAt(text, 40)).toEqual({
      qualifier: 'plugin',
      negated: false,
      value: 'create tic  timeout',
      start: 25,
      end: text.length,
      valueStart: 32,
    });
  });

  it('maps aliases to the canonical name, keeps unknown names, and reads free text', () => {
    expect(tokenAt('actor:j', 7)).toMatchObject({ qualifier: 'user', value: 'j' });
    expect(tokenAt('traceId:', 8)).toMatchObject({ qualifier: 'trace', value: '', valueStart: 8 });
    expect(tokenAt('foo:bar', 2)).toMatchObject({ qualifier: 'foo', value: 'bar' });
    expect(tokenAt('a stat', 6)).toEqual({
      negated: false,
      value: 'stat',
      start: 2,
      end: 6,
      valueStart: 2,
    });
  });

  it('gives an empty token between tokens and clamps the caret', () => {
    expect(tokenAt('a  b', 2)).toEqual({
      negated: false,
      value: '',
      start: 2,
      end: 2,
      valueStart: 2,
    });
    expect(tokenAt('', 0)).toEqual({ negated: false, value: '', start: 0, end: 0, valueStart: 0 });
    expect(tokenAt('ab', 99)).toMatchObject({ value: 'ab', start: 0, end: 2 });
    expect(tokenAt('ab', -5)).toMatchObject({ value: 'ab', start: 0, end: 2 });
  });
});

describe('filterTokens', () => {
  it('gives every filter but free text its own query text, in the query box order', () => {
    expect(
      filterTokens({
        q: 'timeout',
        time: { type: 'relative', last: '24h' },
        status: '!5xx',
        plugin: 'create ticket',
        actor: 'a@b.co',
      }),
    ).toEqual([
      { key: 'actor', text: 'user:a@b.co' },
      { key: 'plugin', text: 'plugin:"create ticket"' },
      { key: 'status', text: '-status:5xx' },
      { key: 'time', text: 'last:24h' },
    ]);
    expect(filterTokens({ q: 'only words' })).toEqual([]);
  });

  it('has a chip for every filter key, so a new key cannot be left without one', () => {
    for (const key of FILTER_KEYS) {
      if (key === 'q') continue;
      const value =
        key === 'time'
          ? { type: 'relative', last: '1h' }
          : key === 'kind'
            ? EVENT_KINDS[0]
            : key === 'authType'
              ? AUTH_TYPES[0]
              : key === 'method'
                ? 'POST'
                : key === 'status'
                  ? '201'
                  : 'x';
      const tokens = filterTokens({ [key]: value });
      expect(
        tokens.map((t) => t.key),
        key,
      ).toEqual([key]);
      // The chip's text means the same filter when typed into the query box.
      expect(parseQuery(tokens[0]!.text).filters, key).toEqual({ [key]: value });
    }
  });
});
