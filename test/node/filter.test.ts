/**
 * What each filter means (core/filter.ts), with expectations written by hand: the adapters
 * apply these client-side, so a mistake here would otherwise go unnoticed by their tests.
 */
import { describe, expect, it } from 'vitest';
import {
  compareEvents,
  isPartialName,
  matchesFilter,
  matchesFilters,
  searchTerms,
  searchText,
  timeBounds,
} from '../../core/filter.js';
import { REDACTION_MARKER, type AuditEvent, type Filters } from '../../core/model.js';

const NOW = Date.UTC(2024, 11, 10, 12, 0, 0);
const HOUR = 3_600_000;

/** An outbound API call with bodies (seed 001's shape). */
const call: AuditEvent = {
  id: 'call-1',
  timestamp: NOW - 2 * HOUR,
  kind: 'api-call',
  actor: { email: 'Jane.Doe@Example.com', name: 'Jane Doe', type: 'user' },
  action: 'add work note',
  status: 'error',
  message: 'Upstream timeout',
  plugin: 'ServiceNow',
  skill: 'Ticketing',
  http: {
    method: 'POST',
    url: 'https://acme.service-now.com/api/now/table/incident',
    statusCode: 504,
  },
  traceId: 'Root=1-6746b398-53e5e9017fd84ff46c030f27',
  request: { body: { short_description: 'Printer on fire', priority: 2 } },
  response: { body: { error: { message: 'gateway timeout' } } },
};

/** A Nected change (seed 002): a name but no email. */
const change: AuditEvent = {
  id: 'cIQ1bJMBXygxw2IbFdqi',
  timestamp: NOW - 30 * 60_000,
  kind: 'change',
  actor: { name: 'Kwame Mensah', type: 'user' },
  action: 'Call Via API',
  status: 'success',
  environment: 'staging',
  workspace: '60',
  target: { type: 'Decisiontable', id: 'dt-7', name: 'Amazon DP' },
};

/** An org-audit request (seed 004) made with an API key. */
const request: AuditEvent = {
  id: 'req-1',
  timestamp: NOW - 3 * 24 * HOUR,
  kind: 'request',
  actor: { id: 'key-9', name: 'CI deploy key', type: 'api-key' },
  action: 'GET pathways',
  status: 'success',
  workspace: '68987795c090f4ae5e94abc2',
  target: { type: 'pathways' },
  http: { method: 'GET', path: '/api/v1/pathways', statusCode: 200 },
};

const match = (e: AuditEvent, f: Filters): boolean => matchesFilters(e, f, NOW);

describe('searchText', () => {
  it('holds every field a person sees, lower-cased, and the body leaves', () => {
    expect(searchText(call).split('\n')).toStrictEqual([
      'add work note',
      'jane.doe@example.com',
      'jane doe',
      'servicenow',
      'ticketing',
      'post',
      'https://acme.service-now.com/api/now/table/incident',
      'root=1-6746b398-53e5e9017fd84ff46c030f27',
      'upstream timeout',
      'printer on fire',
      '2',
      'gateway timeout',
    ]);
    expect(searchText(change).split('\n')).toStrictEqual([
      'call via api',
      'kwame mensah',
      'decisiontable',
      'amazon dp',
      'dt-7',
    ]);
    expect(searchText(request)).toContain('/api/v1/pathways');
  });

  it('leaves out bodies the server withheld', () => {
    const redacted: AuditEvent = {
      ...call,
      request: { body: REDACTION_MARKER },
      response: { body: { secret: 'visible?' } },
      redacted: ['request.body', 'response.body'],
    };
    const text = searchText(redacted);
    expect(text).not.toContain('printer');
    expect(text).not.toContain('visible?');
    expect(text).not.toContain('redacted');
  });
});

describe('q (free text)', () => {
  it('finds a record by its name, its actor, its action (issue 11 item 1)', () => {
    expect(match(change, { q: 'Amazon' })).toBe(true);
    expect(match(change, { q: 'amazon dp' })).toBe(true);
    expect(match(change, { q: 'kwame' })).toBe(true);
    expect(match(change, { q: 'via' })).toBe(true);
    expect(match(change, { q: 'shipping' })).toBe(false);
  });

  it('needs every term, each anywhere', () => {
    expect(match(call, { q: 'printer timeout' })).toBe(true);
    expect(match(call, { q: 'printer  TICKETING ' })).toBe(true);
    expect(match(call, { q: 'printer water' })).toBe(false);
    expect(match(call, { q: '   ' })).toBe(true);
  });

  it('splits terms on whitespace', () => {
    expect(searchTerms(' A  b\tC ')).toStrictEqual(['a', 'b', 'c']);
    expect(searchTerms(undefined)).toStrictEqual([]);
  });
});

describe('matchesFilter, one key at a time', () => {
  const cases: [string, AuditEvent, Filters, boolean][] = [
    ['actor: email, any case', call, { actor: 'jane.doe@example.com' }, true],
    ['actor: display name where there is no email', change, { actor: 'Kwame Mensah' }, true],
    ['actor: display name, any case', change, { actor: 'kwame mensah' }, true],
    ['actor: a part of the name is not the name', change, { actor: 'Kwame' }, false],
    ['actor: the name also matches where there is an email', call, { actor: 'Jane Doe' }, true],
    ['plugin', call, { plugin: 'servicenow' }, true],
    ['plugin: target type when there is no plugin', change, { plugin: 'DecisionTable' }, true],
    ['plugin: another', change, { plugin: 'Api' }, false],
    ['skill', call, { skill: 'TICKETING' }, true],
    ['skill: absent', change, { skill: 'Ticketing' }, false],
    ['kind', request, { kind: 'request' }, true],
    ['kind: another', request, { kind: 'change' }, false],
    ['method', call, { method: 'post' }, true],
    ['method: absent', change, { method: 'GET' }, false],
    ['status code class', call, { status: '5xx' }, true],
    ['status exact', call, { status: '504' }, true],
    ['status range', call, { status: '<500' }, false],
    ['status outcome', change, { status: 'success' }, true],
    ['status negated', call, { status: '!5xx' }, false],
    ['status code on an event without a code', change, { status: '2xx' }, false],
    ['traceId exact', call, { traceId: 'Root=1-6746b398-53e5e9017fd84ff46c030f27' }, true],
    ['traceId: a prefix is not enough', call, { traceId: 'Root=1-6746b398' }, false],
    ['action, any case', change, { action: 'call via api' }, true],
    ['action: another', change, { action: 'Update' }, false],
    ['environment, any case', change, { environment: 'Staging' }, true],
    ['environment: absent', call, { environment: 'staging' }, false],
    ['entityId exact', change, { entityId: 'dt-7' }, true],
    ['entityId: case matters', change, { entityId: 'DT-7' }, false],
    ['userId', request, { userId: 'key-9' }, true],
    ['userId: absent', change, { userId: 'key-9' }, false],
    ['workspace', request, { workspace: '68987795c090f4ae5e94abc2' }, true],
    ['workspace: another', change, { workspace: '61' }, false],
    ['authType api-key', request, { authType: 'api-key' }, true],
    ['authType jwt on a key', request, { authType: 'jwt' }, false],
    ['authType jwt on a user', call, { authType: 'jwt' }, true],
    ['time relative', change, { time: { type: 'relative', last: '1h' } }, true],
    ['time relative, too old', call, { time: { type: 'relative', last: '1h' } }, false],
    [
      'time absolute, inclusive bounds',
      call,
      { time: { type: 'absolute', from: NOW - 2 * HOUR, to: NOW - 2 * HOUR } },
      true,
    ],
    [
      'time absolute, after the end',
      call,
      { time: { type: 'absolute', to: NOW - 3 * HOUR } },
      false,
    ],
    ['an empty value always holds', change, { skill: '' }, true],
  ];
  for (const [name, event, filters, expected] of cases)
    it(name, () => {
      const [key] = Object.keys(filters) as (keyof Filters)[];
      expect(matchesFilter(event, key!, filters[key!], NOW)).toBe(expected);
    });

  it('all filters together must hold; only the keys asked for are checked', () => {
    expect(match(change, { actor: 'Kwame Mensah', environment: 'staging', q: 'amazon' })).toBe(
      true,
    );
    expect(match(change, { actor: 'Kwame Mensah', environment: 'production' })).toBe(false);
    expect(matchesFilters(change, { environment: 'production', q: 'amazon' }, NOW, ['q'])).toBe(
      true,
    );
  });
});

describe('isPartialName', () => {
  it('is one word without @: a user filter matching only someone called exactly that', () => {
    expect(['Ava', 'ava', 'Dana'].filter(isPartialName)).toEqual(['Ava', 'ava', 'Dana']);
    for (const whole of ['Ava Patel', 'ava@acme.example', '!Ava', '', undefined])
      expect(isPartialName(whole)).toBe(false);
  });
});

describe('timeBounds and compareEvents', () => {
  it('resolves relative ranges against now', () => {
    expect(timeBounds({ type: 'relative', last: '24h' }, NOW)).toStrictEqual({
      from: NOW - 24 * HOUR,
    });
    expect(timeBounds({ type: 'absolute', from: 5 }, NOW)).toStrictEqual({
      from: 5,
      to: undefined,
    });
    expect(timeBounds(undefined, NOW)).toStrictEqual({});
  });

  it('orders newest first, ties by id', () => {
    const a = { ...change, id: 'a' };
    const b = { ...change, id: 'b' };
    expect([a, call, b].sort((x, y) => compareEvents(x, y)).map((e) => e.id)).toStrictEqual([
      'b',
      'a',
      'call-1',
    ]);
    expect([a, call, b].sort((x, y) => compareEvents(x, y, 'asc')).map((e) => e.id)).toStrictEqual([
      'call-1',
      'a',
      'b',
    ]);
  });
});
