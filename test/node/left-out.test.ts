/** Filters the viewer applies that a backend's counts leave out (core/left-out.ts), and the alv-error detail's type. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AlvEventMap } from '../../components/events.js';
import {
  ForbiddenError,
  SchemaError,
  type LoadError,
  type SourceError,
  type SourceErrorKind,
} from '../../core/errors.js';
import { filtersLeftOut, filtersNeverMatching, leftOutNote } from '../../core/left-out.js';
import type { FilterKey, Filters, ViewState } from '../../core/model.js';
import { createGenericSource } from '../../core/sources/generic.js';
import { createKoreSource } from '../../core/sources/kore.js';
import { createNectedSource } from '../../core/sources/nected.js';
import { createOrgAuditSource } from '../../core/sources/org-audit.js';

const view = (filters: Filters): ViewState => ({ v: 1, filters, sort: 'desc' });

describe('filtersLeftOut', () => {
  it("names the generic source's viewer-side filters as the query box does", () => {
    const source = createGenericSource({ endpoint: 'http://127.0.0.1:1' });
    // An email goes to the backend; a display name is matched in the viewer.
    expect(filtersLeftOut(source, view({ actor: 'a@acme.example', q: 'timeout' }))).toEqual([]);
    expect(filtersLeftOut(source, view({ actor: 'Priya Nair', q: 'timeout' }))).toEqual(['user']);
    expect(filtersLeftOut(source, view({ environment: 'production' }))).toEqual(['env']);
  });

  it('keeps the plan order, once each, and says nothing when there is no plan', () => {
    const plan = (client: FilterKey[]) => ({ planFilters: () => ({ server: [], client }) });
    expect(filtersLeftOut(plan(['actor', 'environment', 'time']), view({}))).toEqual([
      'user',
      'env',
      'time',
    ]);
    const broken = {
      planFilters: (): never => {
        throw new Error('no plan');
      },
    };
    expect(filtersLeftOut(broken, view({}))).toEqual([]);
  });
});

describe('filtersNeverMatching', () => {
  const config = { endpoint: 'http://127.0.0.1:1' };
  it("names, as the query box writes them, the filters a backend's records can never pass", () => {
    const nected = createNectedSource(config);
    // Nected records have no method, no skill and no HTTP status code.
    expect(
      filtersNeverMatching(nected, view({ method: 'POST', skill: 'Ticketing', status: '>=400' })),
    ).toEqual([
      { key: 'skill', text: 'skill:Ticketing' },
      { key: 'method', text: 'method:POST' },
      { key: 'status', text: 'status:>=400' },
    ]);
    // Filtered in the viewer is not "never": those records may pass.
    const plan = nected.planFilters(view({ plugin: 'no such plugin', status: 'success,4xx' }));
    expect(plan.client).toEqual(['plugin', 'status']);
    expect(plan.never).toBeUndefined();
    expect(filtersNeverMatching(nected, view({ plugin: 'no such plugin' }))).toEqual([]);
  });

  it('holds for every adapter that knows a field its records lack, and none for generic', () => {
    const v = view({ environment: 'production', skill: 'Ticketing' });
    expect(filtersNeverMatching(createOrgAuditSource(config), v).map((n) => n.key)).toEqual([
      'skill',
      'environment',
    ]);
    expect(
      filtersNeverMatching(createKoreSource(config), view({ kind: 'request' })).map((n) => n.key),
    ).toEqual(['kind']);
    expect(filtersNeverMatching(createGenericSource(config), v)).toEqual([]);
    const broken = {
      planFilters: (): never => {
        throw new Error('no plan');
      },
    };
    expect(filtersNeverMatching(broken, v)).toEqual([]);
  });
});

describe('leftOutNote', () => {
  it('says which filters the counts leave out, or nothing', () => {
    expect(leftOutNote(['user'])).toBe('counts leave out user: applied to the list only');
    expect(leftOutNote(['user', 'env'])).toBe(
      'counts leave out user, env: applied to the list only',
    );
    expect(leftOutNote([])).toBe('');
  });
});

describe("alv-error's detail", () => {
  it('has the kind README documents, and takes what the viewer emits', () => {
    type Detail = AlvEventMap['alv-error']['detail'];
    // README: `error` (`error.kind`). A host's own Source may throw an Error without one.
    const kindOf = (e: AlvEventMap['alv-error']) => e.detail.error.kind;
    expectTypeOf(kindOf).returns.toEqualTypeOf<SourceErrorKind | undefined>();
    expectTypeOf<SourceError>().toExtend<Detail['error']>();
    expectTypeOf<Error>().toExtend<Detail['error']>();
    expectTypeOf<Detail['error']>().toEqualTypeOf<LoadError>();
    const listen = (el: HTMLElement) =>
      el.addEventListener('alv-error', (e) => {
        expectTypeOf(e.detail.error.kind).toEqualTypeOf<SourceErrorKind | undefined>();
      });
    expectTypeOf(listen).toBeFunction();

    const detail: Detail = {
      error: new ForbiddenError('no', 'GET /events', 403),
      retryable: false,
    };
    expect(detail.error.kind).toBe('forbidden');
    const schema: LoadError = new SchemaError('GET /events', 'data[0].id', 'a string');
    expect(schema.kind).toBe('schema');
    const plain: LoadError = new Error('a host source failed');
    expect(plain.kind).toBeUndefined();
  });
});
