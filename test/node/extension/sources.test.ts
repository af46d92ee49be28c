/** extension/sources.ts: settings checked field by field; "Test connection" says what failed. */
import { describe, expect, it } from 'vitest';
import {
  ForbiddenError,
  NetworkError,
  SchemaError,
  UnauthorizedError,
} from '../../../core/errors.js';
import type { Source } from '../../../core/sources/types.js';
import {
  checkSource,
  originPattern,
  testConnection,
  type ExtensionSource,
} from '../../../extension/sources.js';

const good: ExtensionSource = {
  id: 's1',
  name: 'Reference',
  adapter: 'generic',
  endpoint: 'http://127.0.0.1:8787',
  credential: 'k-123',
};

describe('checkSource', () => {
  it('accepts a good source', () => expect(checkSource(good)).toEqual([]));

  it('names each wrong field', () => {
    expect(
      checkSource({
        name: ' ',
        adapter: 'splunk',
        endpoint: 'audit.example.com',
        credential: '',
      }).map((e) => e.field),
    ).toEqual(['name', 'adapter', 'endpoint', 'credential']);
    expect(checkSource({ ...good, endpoint: 'http://audit.example.com' })[0]?.message).toMatch(
      /https:\/\//,
    );
    expect(checkSource({ ...good, endpoint: 'https://me:pw@audit.example.com/?key=1' })[0]).toEqual(
      {
        field: 'endpoint',
        message: expect.stringMatching(/Leave out/) as string,
      },
    );
  });
});

describe('originPattern', () => {
  it('asks for that origin only', () => {
    expect(originPattern('https://audit.example.com:8443/base/')).toBe(
      'https://audit.example.com/*',
    );
    expect(originPattern('http://127.0.0.1:8787')).toBe('http://127.0.0.1/*');
  });
});

describe('testConnection', () => {
  const failing = (error: Error) => (): Source =>
    ({ search: () => Promise.reject(error) }) as unknown as Source;
  const signal = new AbortController().signal;

  it('reports each failure exactly, never the key', async () => {
    const cases: [Error, string, RegExp][] = [
      [
        new NetworkError('fetch failed', 'GET /api'),
        'network',
        /^Unreachable: http:\/\/127\.0\.0\.1:8787 did not answer/,
      ],
      [new UnauthorizedError('no', 'GET /api', 401), 'unauthorized', /^401: the key was refused/],
      [
        new ForbiddenError('no', 'GET /api', 403),
        'forbidden',
        /^403: this key may not read audit logs/,
      ],
      [
        new SchemaError('GET /api', 'data[0].timestamp', 'expected number'),
        'schema',
        /^Schema mismatch: .*data\[0\]\.timestamp/,
      ],
    ];
    for (const [error, kind, message] of cases) {
      const r = await testConnection(good, signal, failing(error));
      expect(r).toMatchObject({ ok: false, kind });
      expect(r.message).toMatch(message);
      expect(r.message).not.toContain(good.credential);
    }
  });

  it('says connected when the backend answers', async () => {
    const ok = (): Source =>
      ({
        search: () =>
          Promise.resolve({
            events: [],
            nextCursor: null,
            clientFiltered: [],
            scanned: 0,
            requests: 1,
          }),
      }) as unknown as Source;
    expect(await testConnection(good, signal, ok)).toEqual({
      ok: true,
      message: 'Connected to http://127.0.0.1:8787: it answered (no events yet).',
    });
  });
});
