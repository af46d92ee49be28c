import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PREVIEW_LENGTH,
  getAt,
  pathToString,
  searchJson,
  type JsonPathSegment,
} from '../../core/json-path.js';

describe('pathToString', () => {
  it.each<[JsonPathSegment[], string]>([
    [[], '$'],
    [['result', 'items', 3, 'odd key'], '$.result.items[3]["odd key"]'],
    [[0, 1], '$[0][1]'],
    [['_private', '$ref', 'camelCase9'], '$._private.$ref.camelCase9'],
    [['0'], '$["0"]'],
    [['9lives'], '$["9lives"]'],
    [['a.b'], '$["a.b"]'],
    [['with "quotes"'], '$["with \\"quotes\\""]'],
    [['back\\slash'], '$["back\\\\slash"]'],
    [['x-api-key'], '$["x-api-key"]'],
    [[''], '$[""]'],
    [['ünïcode'], '$["ünïcode"]'],
    [['line\nbreak'], '$["line\\nbreak"]'],
  ])('%j -> %s', (path, expected) => {
    expect(pathToString(path)).toBe(expected);
  });
});

describe('getAt', () => {
  const doc = {
    result: { items: [{ id: 1 }, { id: 2 }, null, { 'odd key': 'x' }] },
    '0': 'zero',
    flag: false,
  };

  it('follows keys and indices', () => {
    expect(getAt(doc, [])).toBe(doc);
    expect(getAt(doc, ['result', 'items', 1, 'id'])).toBe(2);
    expect(getAt(doc, ['result', 'items', 3, 'odd key'])).toBe('x');
    expect(getAt(doc, ['result', 'items', 2])).toBeNull();
    expect(getAt(doc, ['flag'])).toBe(false);
    expect(getAt(doc, ['0'])).toBe('zero');
    expect(getAt(doc, [0])).toBe('zero'); // a number on an object is its string key
    expect(getAt(doc, ['result', 'items', '1', 'id'])).toBe(2); // canonical index strings
  });

  it('is undefined for anything missing', () => {
    expect(getAt(doc, ['missing'])).toBeUndefined();
    expect(getAt(doc, ['result', 'items', 9])).toBeUndefined();
    expect(getAt(doc, ['result', 'items', -1])).toBeUndefined();
    expect(getAt(doc, ['result', 'items', 1.5])).toBeUndefined();
    expect(getAt(doc, ['result', 'items', '01'])).toBeUndefined();
    expect(getAt(doc, ['result', 'items', 'length'])).toBeUndefined();
    expect(getAt(doc, ['flag', 'x'])).toBeUndefined();
    expect(getAt(doc, ['result', 'items', 2, 'id'])).toBeUndefined();
    expect(getAt('text', ['length'])).toBeUndefined();
  });

  it('does not follow inherited properties', () => {
    expect(getAt(doc, ['constructor'])).toBeUndefined();
    expect(getAt(doc, ['__proto__'])).toBeUndefined();
    expect(getAt(doc, ['toString'])).toBeUndefined();
  });
});

describe('searchJson', () => {
  const doc = {
    user: { email: 'Jane.Doe@example.com', name: 'Jane' },
    tags: ['alpha', 'JANE', 42],
    janeCount: 2,
    nested: { deep: [{ note: 'nothing here' }, { note: 'ask jane' }] },
    ok: true,
    none: null,
  };

  it('matches keys and primitive values case-insensitively, in document order', () => {
    const hits = searchJson(doc, 'jane');
    expect(hits.map((h) => [h.path, h.match])).toEqual([
      [['user', 'email'], 'value'],
      [['user', 'name'], 'value'],
      [['tags', 1], 'value'],
      [['janeCount'], 'key'],
      [['nested', 'deep', 1, 'note'], 'value'],
    ]);
    expect(hits[0]).toEqual({
      path: ['user', 'email'],
      key: 'email',
      match: 'value',
      preview: 'Jane.Doe@example.com',
    });
    expect(hits[2]).toEqual({ path: ['tags', 1], match: 'value', preview: 'JANE' });
    expect(hits[3]?.preview).toBe('2');
  });

  it('matches numbers, booleans and null as text', () => {
    expect(searchJson(doc, '42').map((h) => h.path)).toEqual([['tags', 2]]);
    expect(searchJson(doc, 'TRUE').map((h) => h.path)).toEqual([['ok']]);
    expect(searchJson(doc, 'null').map((h) => h.path)).toEqual([['none']]);
  });

  it('reports a container matched by its key with a size preview, and a key+value match once', () => {
    expect(searchJson(doc, 'user')).toEqual([
      { path: ['user'], key: 'user', match: 'key', preview: '{2 keys}' },
    ]);
    expect(searchJson(doc, 'TAGS')).toEqual([
      { path: ['tags'], key: 'tags', match: 'key', preview: '[3 items]' },
    ]);
    expect(searchJson({ name: 'name' }, 'name')).toEqual([
      { path: ['name'], key: 'name', match: 'both', preview: 'name' },
    ]);
  });

  it('handles a primitive root and empty needles', () => {
    expect(searchJson('Hello', 'ell')).toEqual([{ path: [], match: 'value', preview: 'Hello' }]);
    expect(searchJson(doc, '')).toEqual([]);
    expect(searchJson(undefined, 'x')).toEqual([]);
  });

  it('stops at the limit', () => {
    const many = Array.from({ length: 1000 }, (_, i) => `item ${i}`);
    const hits = searchJson(many, 'item', 10);
    expect(hits).toHaveLength(10);
    expect(hits.map((h) => h.path[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(searchJson(many, 'item')).toHaveLength(500);
    expect(searchJson(many, 'item', 0)).toEqual([]);
  });

  it('keeps long previews short, around the match', () => {
    const long = `${'a'.repeat(1000)}NEEDLE${'b'.repeat(1000)}`;
    const [hit] = searchJson({ long }, 'needle');
    expect(hit?.preview.length).toBeLessThanOrEqual(PREVIEW_LENGTH);
    expect(hit?.preview).toContain('NEEDLE');
    expect(hit?.preview.startsWith('…')).toBe(true);
    expect(hit?.preview.endsWith('…')).toBe(true);
    const [start] = searchJson({ long: `NEEDLE${'b'.repeat(1000)}` }, 'needle');
    expect(start?.preview.startsWith('NEEDLE')).toBe(true);
    const [end] = searchJson({ long: `${'a'.repeat(1000)}NEEDLE` }, 'needle');
    expect(end?.preview.endsWith('NEEDLE')).toBe(true);
  });

  it('does not overflow the stack on very deep values', () => {
    let deep: unknown = 'bottom needle';
    for (let i = 0; i < 100_000; i++) deep = i % 2 ? { k: deep } : [deep];
    const hits = searchJson(deep, 'needle');
    expect(hits).toHaveLength(1);
    expect(hits[0]?.path).toHaveLength(100_000);
    expect(getAt(deep, hits[0]!.path)).toBe('bottom needle');
    expect(pathToString(hits[0]!.path).startsWith('$.k[0].k[0]')).toBe(true);
  });

  it('does not loop on cyclic values', () => {
    const a: Record<string, unknown> = { name: 'loop' };
    a.self = a;
    expect(searchJson(a, 'loop').map((h) => h.path)).toEqual([['name']]);
  });

  it('searches a ~5 MB value completely and correctly', () => {
    const records = Array.from({ length: 20_000 }, (_, i) => ({
      id: `rec-${i}`,
      email: `user${i}@example.com`,
      tags: ['a', 'b', i % 1000 === 0 ? 'RareMarker' : 'common'],
      payload: { text: 'lorem ipsum dolor sit amet '.repeat(8), n: i, ok: i % 2 === 0 },
    }));
    const big = { result: { records } };
    expect(JSON.stringify(big).length).toBeGreaterThan(5_000_000);

    const rare = searchJson(big, 'raremarker', 10_000);
    expect(rare.map((h) => h.path)).toEqual(
      Array.from({ length: 20 }, (_, k) => ['result', 'records', k * 1000, 'tags', 2]),
    );
    for (const h of rare) expect(getAt(big, h.path)).toBe('RareMarker');

    // A needle that matches nothing walks everything.
    expect(searchJson(big, 'no such text anywhere')).toEqual([]);

    // The limit holds on a needle that matches everywhere.
    expect(searchJson(big, 'lorem')).toHaveLength(500);
  });

  it('every hit is a real match and every match is found (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('a', 'E', '1', 'true', 'null', '"'), (v, n) => {
        const hits = searchJson(v, n, 1_000_000);
        const expected: JsonPathSegment[][] = [];
        const walk = (x: unknown, p: JsonPathSegment[], key?: string): void => {
          const keyHit = key !== undefined && key.toLowerCase().includes(n.toLowerCase());
          const prim =
            x === null || typeof x !== 'object'
              ? String(x).toLowerCase().includes(n.toLowerCase())
              : false;
          if (keyHit || prim) expected.push(p);
          if (Array.isArray(x)) x.forEach((c, i) => walk(c, [...p, i]));
          else if (x !== null && typeof x === 'object')
            for (const [k, c] of Object.entries(x)) walk(c, [...p, k], k);
        };
        walk(v, []);
        expect(hits.map((h) => h.path)).toEqual(expected);
        for (const h of hits) expect(getAt(v, h.path)).not.toBeUndefined();
      }),
    );
  });
});
