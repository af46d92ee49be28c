/**
 * Item 5 of the debugging-workflow issue: `status:4xx OR status:5xx` and `status:4xx,5xx`,
 * end to end (query text, matching, each adapter's plan), the quoted form offered for
 * `plugin:create ticket`, and a query that says which part was not applied.
 */
import { describe, expect, it } from 'vitest';
import { matchesFilters } from '../../core/filter.js';
import type { AuditEvent, Filters, ViewState } from '../../core/model.js';
import { formatQuery, parseQuery } from '../../core/query-language.js';
import { createGenericSource } from '../../core/sources/generic.js';
import { createKoreSource } from '../../core/sources/kore.js';
import { createMappedSource } from '../../core/sources/mapped.js';
import orgAuditMapping from '../../core/sources/mappings/org-audit.json' with { type: 'json' };
import { createNectedSource } from '../../core/sources/nected.js';
import { createOrgAuditSource } from '../../core/sources/org-audit.js';
import { matchesStatusList, parseStatusList } from '../../core/status.js';

const view = (filters: Filters): ViewState => ({ v: 1, filters, sort: 'desc' });
const config = { endpoint: 'http://audit.invalid' };

describe('status alternatives', () => {
  it('parses a comma list, negated as a whole', () => {
    expect(parseStatusList('4xx,5xx')).toStrictEqual({
      ok: true,
      value: {
        negate: false,
        tests: [
          { type: 'class', digit: 4 },
          { type: 'class', digit: 5 },
        ],
      },
    });
    expect(parseStatusList('!201, 429')).toStrictEqual({
      ok: true,
      value: {
        negate: true,
        tests: [
          { type: 'code', code: 201 },
          { type: 'code', code: 429 },
        ],
      },
    });
    expect(parseStatusList('4xx,!5xx').ok).toBe(false);
    expect(parseStatusList('4xx,abc').ok).toBe(false);
    expect(parseStatusList('4xx,').ok).toBe(false);
  });

  it('matches any of the list; none of it when negated', () => {
    const list = (s: string) => {
      const p = parseStatusList(s);
      if (!p.ok) throw new Error(p.error);
      return p.value;
    };
    expect(matchesStatusList(list('4xx,5xx'), 404, 'error')).toBe(true);
    expect(matchesStatusList(list('4xx,5xx'), 503, 'error')).toBe(true);
    expect(matchesStatusList(list('4xx,5xx'), 201, 'success')).toBe(false);
    expect(matchesStatusList(list('!4xx,5xx'), 201, 'success')).toBe(true);
    expect(matchesStatusList(list('!4xx,5xx'), 500, 'error')).toBe(false);
    expect(matchesStatusList(list('201,error'), undefined, 'error')).toBe(true);
  });

  it('filters events in the viewer with a list', () => {
    const at = (code: number): AuditEvent => ({
      id: `e${code}`,
      timestamp: 0,
      kind: 'api-call',
      actor: { type: 'user' },
      action: 'call',
      status: code >= 400 ? 'error' : 'success',
      http: { method: 'GET', url: '/x', statusCode: code },
    });
    const events = [201, 404, 429, 500, 503].map(at);
    const kept = (status: string) =>
      events.filter((e) => matchesFilters(e, { status }, 0)).map((e) => e.http!.statusCode);
    expect(kept('4xx,5xx')).toStrictEqual([404, 429, 500, 503]);
    expect(kept('201,429')).toStrictEqual([201, 429]);
    expect(kept('!4xx,5xx')).toStrictEqual([201]);
  });
});

describe('query text', () => {
  it('joins status: values with OR, and reads the comma form', () => {
    expect(parseQuery('status:4xx OR status:5xx')).toStrictEqual({
      filters: { status: '4xx,5xx' },
      errors: [],
    });
    expect(parseQuery('status:4xx OR status:5xx OR status:429 timeout').filters).toStrictEqual({
      status: '4xx,5xx,429',
      q: 'timeout',
    });
    expect(parseQuery('status:4xx,5xx').filters).toStrictEqual({ status: '4xx,5xx' });
    expect(parseQuery('-status:4xx,5xx').filters).toStrictEqual({ status: '!4xx,5xx' });
    expect(formatQuery({ status: '4xx,5xx' })).toBe('status:4xx,5xx');
    expect(formatQuery({ status: '!4xx,5xx' })).toBe('-status:4xx,5xx');
  });

  it('drops AND, and says an OR it cannot apply was not applied', () => {
    expect(parseQuery('plugin:jira AND status:201')).toStrictEqual({
      filters: { plugin: 'jira', status: '201' },
      errors: [],
    });
    const other = parseQuery('plugin:jira OR plugin:zendesk');
    expect(other.errors).toStrictEqual(
      [
        {
          start: 12,
          end: 14,
          message:
            'OR was not applied: it joins status: values only (status:4xx OR status:5xx). To search for the word, write "OR".',
        },
        { start: 0, end: 11, message: 'plugin: given twice; the last one wins' },
      ].sort((a, b) => a.start - b.start),
    );
    expect(other.filters).toStrictEqual({ plugin: 'zendesk' });
    const mixed = parseQuery('status:5xx OR timeout');
    expect(mixed.filters).toStrictEqual({ status: '5xx', q: 'timeout' });
    expect(mixed.errors.map((e) => [e.start, e.end])).toStrictEqual([[11, 13]]);
    // A quoted OR is a word to search for.
    expect(parseQuery('"OR" status:5xx').filters).toStrictEqual({ q: 'OR', status: '5xx' });
  });

  it('offers the quoted form of a value that ran into free text', () => {
    expect(parseQuery('plugin:create ticket')).toStrictEqual({
      filters: { plugin: 'create', q: 'ticket' },
      errors: [],
      hints: [
        {
          start: 0,
          end: 20,
          replacement: 'plugin:"create ticket"',
          message: 'plugin:create takes one word; for "create ticket" write plugin:"create ticket"',
        },
      ],
    });
    expect(parseQuery('user:a@acme.example plugin:add work note status:201').hints).toStrictEqual([
      {
        start: 20,
        end: 40,
        replacement: 'plugin:"add work note"',
        message: 'plugin:add takes one word; for "add work note" write plugin:"add work note"',
      },
    ]);
    // An address is one word: the text after it is free text, nothing to offer.
    expect(parseQuery('user:a@acme.example timeout').hints).toBeUndefined();
    expect(parseQuery('plugin:"create ticket" timeout').hints).toBeUndefined();
  });

  it('names the part of a query that was not applied', () => {
    const { filters, errors } = parseQuery('user:vikram.pawar@acme.example status:abc');
    expect(filters).toStrictEqual({ actor: 'vikram.pawar@acme.example' });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.start).toBe(31);
    expect(errors[0]!.end).toBe(41);
  });
});

describe("adapters' plans for a status list", () => {
  it('generic sends it to the service, which takes lists', () => {
    expect(createGenericSource(config).planFilters(view({ status: '4xx,5xx' }))).toStrictEqual({
      server: ['status'],
      client: [],
    });
  });

  it('org-audit takes one code: a list is filtered in the viewer', () => {
    const s = createOrgAuditSource(config);
    expect(s.planFilters(view({ status: '201' })).server).toContain('status');
    expect(s.planFilters(view({ status: '400,500' })).client).toStrictEqual(['status']);
  });

  it('a mapped API parameter takes one status: a list is filtered in the viewer', () => {
    const mapping = {
      ...orgAuditMapping,
      filters: { ...orgAuditMapping.filters, status: 'statusCode' },
    };
    const s = createMappedSource({ ...config, mapping });
    expect(s.planFilters(view({ status: '500' })).client).toStrictEqual([]);
    expect(s.planFilters(view({ status: '4xx,5xx' })).client).toStrictEqual(['status']);
  });

  it('nected and kore (no HTTP codes) filter outcome lists in the viewer', () => {
    const nected = createNectedSource(config);
    expect(nected.planFilters(view({ status: 'success,4xx' })).client).toStrictEqual(['status']);
    const kore = createKoreSource(config);
    expect(kore.planFilters(view({ status: 'success,4xx' })).client).toStrictEqual(['status']);
  });
});
