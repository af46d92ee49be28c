/**
 * Excluding a value of user, plugin, skill, method or environment (`!value`, written
 * `-plugin:value`) end to end: the query language, canonical form and share links, what a
 * filter means, every adapter's plan (the viewer applies it; no backend is sent it), and the
 * generic source against the real service.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isExclusion, matchesFilters } from '../../core/filter.js';
import type { AuditEvent, Filters } from '../../core/model.js';
import { filterTokens, formatQuery, parseQuery } from '../../core/query-language.js';
import { createGenericSource, translateGeneric } from '../../core/sources/generic.js';
import { translateKore } from '../../core/sources/kore.js';
import { translateMapped, type Mapping } from '../../core/sources/mapped.js';
import orgAuditMapping from '../../core/sources/mappings/org-audit.json';
import { translateNected } from '../../core/sources/nected.js';
import { translateOrgAudit } from '../../core/sources/org-audit.js';
import { canonicalFilters, sameFilters, viewToFragment } from '../../core/view-state.js';
import { viewFromFragment } from '../../core/view-link.js';
import { KEYS, NOW, startHarness, type Harness } from './server/harness.js';
import { pageThrough } from './sources/paging.js';

const EXCLUDING: Record<'actor' | 'plugin' | 'skill' | 'method' | 'environment', string> = {
  actor: '!a@acme.example',
  plugin: '!create ticket',
  skill: '!Ticketing',
  method: '!POST',
  environment: '!staging',
};

describe('the query language', () => {
  it('reads -user:, -plugin:, -skill:, -method:, -env: as exclusions and writes them back', () => {
    const text =
      '-user:a@acme.example -plugin:"create ticket" -skill:Ticketing -method:post -env:staging';
    const { filters, errors } = parseQuery(text);
    expect(errors).toEqual([]);
    expect(filters).toEqual(EXCLUDING);
    expect(formatQuery(filters)).toBe(text.replace('post', 'POST'));
    expect(parseQuery(formatQuery(EXCLUDING)).filters).toEqual(EXCLUDING);
    expect(filterTokens({ plugin: '!create ticket' })).toEqual([
      { key: 'plugin', text: '-plugin:"create ticket"' },
    ]);
    // A hint keeps the "-".
    expect(parseQuery('-plugin:create ticket').hints?.[0]?.replacement).toBe(
      '-plugin:"create ticket"',
    );
  });

  it('keeps exclusions through the canonical form and a share link', () => {
    expect(canonicalFilters({ method: '!post' })).toEqual({ method: '!POST' });
    expect(sameFilters({ plugin: '!x' }, { plugin: 'x' })).toBe(false);
    const view = { v: 1 as const, filters: EXCLUDING, sort: 'desc' as const };
    const link = viewToFragment(view);
    expect(link).toContain('-plugin:%22create%20ticket%22');
    expect(viewFromFragment(link)).toEqual({ view, notices: [], isLink: true });
  });
});

describe('what an exclusion means', () => {
  const ev = (id: string, extra: Partial<AuditEvent>): AuditEvent => ({
    id,
    timestamp: 1,
    kind: 'api-call',
    actor: { email: `${id}@acme.example`, type: 'user' },
    action: 'x',
    status: 'success',
    ...extra,
  });
  const events = [
    ev('a', { plugin: 'create ticket', http: { method: 'POST' }, environment: 'staging' }),
    ev('b', { plugin: 'Search', http: { method: 'GET' }, skill: 'Ticketing' }),
    ev('c', { target: { type: 'rule' } }),
  ];
  const keep = (f: Filters) => events.filter((e) => matchesFilters(e, f, 0)).map((e) => e.id);

  it('keeps the events the value would not (case-insensitive), events without the field included', () => {
    expect(keep({ plugin: '!CREATE TICKET' })).toEqual(['b', 'c']);
    expect(keep({ plugin: '!rule' })).toEqual(['a', 'b']);
    expect(keep({ method: '!POST' })).toEqual(['b', 'c']);
    expect(keep({ skill: '!ticketing' })).toEqual(['a', 'c']);
    expect(keep({ environment: '!staging' })).toEqual(['b', 'c']);
    expect(keep({ actor: '!b@acme.example' })).toEqual(['a', 'c']);
    expect(keep({ plugin: '!search', method: '!post' })).toEqual(['c']);
    expect(keep({ plugin: '!' })).toEqual(['a', 'b', 'c']);
  });

  it('is only an exclusion on those fields', () => {
    expect(isExclusion('plugin', '!x')).toBe(true);
    expect(isExclusion('plugin', 'x')).toBe(false);
    expect(isExclusion('traceId', '!x')).toBe(false);
    // Status has its own lists (`!4xx,5xx`), read by parseStatusList.
    expect(isExclusion('status', '!2xx')).toBe(false);
  });
});

describe('the reference service takes an exclusion of an email, a plugin, a skill or a method', () => {
  it('generic', () => {
    for (const [key, value] of Object.entries(EXCLUDING)) {
      const t = translateGeneric({ [key]: value }, NOW);
      const server = key !== 'environment';
      expect(t.server, key).toEqual(server ? [key] : []);
      expect(t.client, key).toEqual(server ? [] : [key]);
      expect(t.empty).toBe(false);
      if (server) expect(t.query[key], key).toBe(value);
    }
  });
});

describe('every other adapter leaves an exclusion to the viewer and sends nothing for it', () => {
  const plans = {
    nected: (f: Filters) => translateNected(f, NOW),
    kore: (f: Filters) => translateKore(f, NOW),
    'org-audit': (f: Filters) => translateOrgAudit(f, NOW),
    mapped: (f: Filters) => translateMapped(orgAuditMapping as Mapping, f, NOW),
  };
  for (const [name, plan] of Object.entries(plans))
    it(name, () => {
      for (const [key, value] of Object.entries(EXCLUDING)) {
        const t = plan({ [key]: value });
        expect(t.client, `${name} ${key}`).toEqual([key]);
        expect(t.server).toEqual([]);
        // Never "no record can match": the events without the field pass.
        expect(t.empty).toBe(false);
        const sent = Object.values(t.query).filter((v) => v !== undefined);
        expect(sent.some((v) => JSON.stringify(v).includes(value.slice(1)))).toBe(false);
      }
    });
});

describe('generic source against the service', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ events: 1500 });
  });
  afterAll(() => h?.service.close());

  it('excludes a plugin, a method and an email in the service itself, counts and all', async () => {
    const source = createGenericSource({
      endpoint: h.url,
      credentials: () => KEYS.pii,
      now: () => NOW,
    });
    const email = h.truth.find((e) => e.actor.email)!.actor.email!;
    const view = {
      v: 1 as const,
      filters: { plugin: '!create ticket', method: '!GET', actor: `!${email.toUpperCase()}` },
      sort: 'desc' as const,
    };
    expect(source.planFilters(view)).toEqual({ server: ['actor', 'plugin', 'method'], client: [] });
    const { events } = await pageThrough(source, view, 500);
    // Events without the field are kept (no method on a change event): the viewer's meaning.
    const want = h.truth.filter(
      (e) =>
        (e.plugin ?? e.target?.type)?.toLowerCase() !== 'create ticket' &&
        e.http?.method?.toUpperCase() !== 'GET' &&
        e.actor.email?.toLowerCase() !== email.toLowerCase(),
    );
    expect(want.length).toBeLessThan(h.truth.length);
    expect(want.some((e) => e.http?.method === undefined)).toBe(true);
    expect(events.map((e) => e.id).sort()).toEqual(want.map((e) => e.id).sort());
    const first = await source.search(view, null, new AbortController().signal, { pageSize: 50 });
    expect(first.clientFiltered).toEqual([]);
    // The chart counts the same events (it was "filtered in the viewer", and left out).
    const chart = await source.histogram(view, 60, new AbortController().signal);
    expect(chart.buckets.reduce((n, b) => n + b.total, 0)).toBe(want.length);
  });

  it('leaves an excluded display name to the viewer: the service matches emails only', () => {
    const source = createGenericSource({ endpoint: h.url, credentials: () => KEYS.pii });
    const view = { v: 1 as const, filters: { actor: '!Ava Patel' }, sort: 'desc' as const };
    expect(source.planFilters(view)).toEqual({ server: [], client: ['actor'] });
  });
});
