import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { REDACTION_MARKER, type AuditEvent } from '../../core/model.js';
import { CREDENTIAL_PLACEHOLDER, canCopyAsCurl, shellQuote, toCurl } from '../../core/curl.js';

/**
 * What bash makes of a command: the argument vector `curl` would be called with (a shell
 * function stands in for curl and prints its arguments NUL-separated).
 */
function argv(command: string): string[] {
  const script = `curl() { if [ $# -gt 0 ]; then printf '%s\\0' "$@"; fi; }\n${command}\n`;
  const out = execFileSync('bash', ['--noprofile', '--norc', '-c', script], {
    encoding: 'utf8',
    cwd: sandbox,
  });
  return out.split('\0').slice(0, -1);
}

const sandbox = mkdtempSync(join(tmpdir(), 'curl-test-'));
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

function apiCall(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: 'evt-1',
    timestamp: 1_733_050_800_000,
    kind: 'api-call',
    actor: { email: 'jane.doe@example.com', type: 'user' },
    action: 'create ticket',
    status: 'error',
    http: {
      method: 'POST',
      url: 'https://acme.service-now.com/api/now/table/incident?sysparm_display_value=true',
      statusCode: 400,
    },
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    request: {
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        Authorization: 'Bearer abc123def456',
        Cookie: 'JSESSIONID=ABC123',
        'X-API-Key': 'k-123',
        'Proxy-Authorization': 'Basic dXNlcjpwYXNz',
        'x-auth-token': 't-1',
      },
      query: { sysparm_limit: '10', caller: 'jane.doe@example.com' },
      body: { short_description: 'Laptop broken', caller_id: 'jane.doe@example.com', urgency: 2 },
    },
    ...overrides,
  };
}

describe('toCurl', () => {
  it('builds a masked command by default', () => {
    const cmd = toCurl(apiCall());
    expect(cmd).toBe(
      [
        "curl --globoff -X 'POST' 'https://acme.service-now.com/api/now/table/incident?sysparm_display_value=true&sysparm_limit=10&caller=[email]' \\",
        "  -H 'accept: application/json' \\",
        "  -H 'content-type: application/json' \\",
        "  -H 'Authorization: <redacted>' \\",
        "  -H 'Cookie: <redacted>' \\",
        "  -H 'X-API-Key: <redacted>' \\",
        "  -H 'Proxy-Authorization: <redacted>' \\",
        "  -H 'x-auth-token: <redacted>' \\",
        `  --data-raw '{"short_description":"Laptop broken","caller_id":"[email]","urgency":2}'`,
      ].join('\n'),
    );
    expect(argv(cmd)).toEqual([
      '--globoff',
      '-X',
      'POST',
      'https://acme.service-now.com/api/now/table/incident?sysparm_display_value=true&sysparm_limit=10&caller=[email]',
      '-H',
      'accept: application/json',
      '-H',
      'content-type: application/json',
      '-H',
      'Authorization: <redacted>',
      '-H',
      'Cookie: <redacted>',
      '-H',
      'X-API-Key: <redacted>',
      '-H',
      'Proxy-Authorization: <redacted>',
      '-H',
      'x-auth-token: <redacted>',
      '--data-raw',
      '{"short_description":"Laptop broken","caller_id":"[email]","urgency":2}',
    ]);
  });

  it('keeps data but never credentials when mask is false', () => {
    const event = apiCall({
      http: {
        method: 'POST',
        url: 'https://bob:pw@x.example/a?access_token=abc&q=1',
      },
      request: {
        headers: { authorization: 'Bearer abc123def456', 'x-note': 'token=abc' },
        query: { api_key: 'k', caller: 'jane.doe@example.com' },
        body: { user: 'jane.doe@example.com', password: 'hunter2', nested: { client_secret: 's' } },
      },
    });
    const args = argv(toCurl(event, { mask: false }));
    expect(args).toEqual([
      '--globoff',
      '-X',
      'POST',
      'https://bob:[secret]@x.example/a?access_token=[secret]&q=1&api_key=[secret]&caller=jane.doe%40example.com',
      '-H',
      `authorization: ${CREDENTIAL_PLACEHOLDER}`,
      '-H',
      'x-note: token=[secret]',
      '-H',
      'content-type: application/json',
      '--data-raw',
      '{"user":"jane.doe@example.com","password":"[secret]","nested":{"client_secret":"[secret]"}}',
    ]);
    const masked = argv(toCurl(event));
    expect(masked.at(-1)).toBe(
      '{"user":"[email]","password":"[secret]","nested":{"client_secret":"[secret]"}}',
    );
    expect(masked.join(' ')).not.toContain('jane.doe');
    for (const args of [masked, argv(toCurl(event, { mask: false }))]) {
      const all = args.join('\n');
      for (const secret of [
        'abc123def456',
        'hunter2',
        ':pw@',
        'access_token=abc',
        '"s"',
        'api_key=k',
      ])
        expect(all).not.toContain(secret);
    }
  });

  it('leaves out what the server withheld, with a comment line', () => {
    const event = apiCall({
      http: { method: 'PUT', url: 'https://x.example/api/tickets/42' },
      request: { headers: REDACTION_MARKER, query: REDACTION_MARKER, body: REDACTION_MARKER },
      redacted: ['request.headers', 'request.query', 'request.body', 'http.url.query'],
    });
    const cmd = toCurl(event);
    expect(cmd).toBe(
      [
        '# URL query string redacted by the server (requires the PII viewer role)',
        '# query parameters redacted by the server (requires the PII viewer role)',
        '# request headers redacted by the server (requires the PII viewer role)',
        '# request body redacted by the server (requires the PII viewer role)',
        "curl -X 'PUT' 'https://x.example/api/tickets/42'",
      ].join('\n'),
    );
    expect(cmd).not.toContain(REDACTION_MARKER);
    expect(argv(cmd)).toEqual(['-X', 'PUT', 'https://x.example/api/tickets/42']);
    expect(toCurl(event, { mask: false })).toBe(cmd);
  });

  it('quotes every argument so that nothing in a value runs', () => {
    const marker = join(sandbox, 'pwned');
    const evil = [
      `it's "quoted"`,
      `$(touch ${marker})`,
      `\`touch ${marker}\``,
      `line one\nline two\r\n'; touch ${marker}; echo '`,
      `\\ back\\slash \\' \\\\`,
      '!! !$ ${HOME} $HOME %s \t tab',
      '; | & && || > < >> 2>&1 * ? [a-z] ~',
      'ünïcödé 🙂',
      '',
    ];
    for (const value of evil) {
      const event = apiCall({
        http: { method: `POST`, url: `https://x.example/${encodeURIComponent(value)}` },
        request: {
          headers: { 'x-evil': value, [`x-${value.length}`]: value },
          body: value,
        },
      });
      const args = argv(toCurl(event, { mask: false }));
      expect(args).toEqual([
        '-X',
        'POST',
        `https://x.example/${encodeURIComponent(value)}`,
        '-H',
        `x-evil: ${value}`,
        '-H',
        `x-${value.length}: ${value}`,
        '--data-raw',
        value,
      ]);
      const json = argv(toCurl({ ...event, request: { body: { value } } }, { mask: false }));
      expect(json.at(-1)).toBe(JSON.stringify({ value }));
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('quotes any string into one shell word (property)', () => {
    const word = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc
        .array(
          fc.constantFrom("'", '"', '\\', '$', '`', '(', ')', '\n', '\r', '!', ' ', '#', ';', '*'),
          {
            maxLength: 12,
          },
        )
        .map((cs) => cs.join('')),
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 4 }), (words) => {
        expect(argv(['curl', ...words.map(shellQuote)].join(' '))).toEqual(words);
      }),
      { numRuns: 60 },
    );
  });

  it('omits -X for a plain GET, uses --head for HEAD, keeps -X GET with a body', () => {
    const get = apiCall({
      http: { method: 'get', url: 'https://x.example/api/users?active=true' },
      request: {},
    });
    expect(toCurl(get)).toBe("curl 'https://x.example/api/users?active=true'");
    expect(toCurl({ ...get, http: { method: 'HEAD', url: 'https://x.example/' } })).toBe(
      "curl --head 'https://x.example/'",
    );
    expect(argv(toCurl({ ...get, request: { body: { q: 1 } } }))).toEqual([
      '-X',
      'GET',
      'https://x.example/api/users?active=true',
      '-H',
      'content-type: application/json',
      '--data-raw',
      '{"q":1}',
    ]);
    expect(
      argv(toCurl({ ...get, http: { method: 'DELETE; rm -rf ~', url: 'https://x.example/' } })),
    ).toEqual(['-X', 'DELETE; RM -RF ~', 'https://x.example/']);
  });

  it('merges query parameters the URL lacks, repeated keys for arrays', () => {
    const event = apiCall({
      http: { method: 'GET', url: 'https://x.example/search?q=a%20b#frag' },
      request: { query: { q: 'ignored', tag: ['x y', 'z&w'], page: '2' } },
    });
    expect(argv(toCurl(event))).toEqual([
      'https://x.example/search?q=a%20b&tag=x%20y&tag=z%26w&page=2#frag',
    ]);
    expect(
      argv(toCurl({ ...event, http: { method: 'GET', url: 'https://x.example/s?' } })),
    ).toEqual(['https://x.example/s?q=ignored&tag=x%20y&tag=z%26w&page=2']);
  });

  it('sends string bodies as they are and JSON bodies as JSON', () => {
    const form = apiCall({
      http: { method: 'POST', url: 'https://x.example/form' },
      request: {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'name=Jane&password=hunter2',
      },
    });
    expect(argv(toCurl(form, { mask: false })).at(-1)).toBe('name=Jane&password=[secret]');
    const nullBody = apiCall({
      http: { method: 'POST', url: 'https://x.example/x' },
      request: { headers: { 'Content-Type': 'application/json' }, body: null },
    });
    expect(argv(toCurl(nullBody))).toEqual([
      '-X',
      'POST',
      'https://x.example/x',
      '-H',
      'Content-Type: application/json',
      '--data-raw',
      'null',
    ]);
  });

  it('uses the path when there is no URL, with a base URL or a comment', () => {
    const event = apiCall({ http: { method: 'GET', path: '/api/v1/users' }, request: {} });
    expect(toCurl(event)).toBe(
      "# relative URL: put the base URL of the service in front of it\ncurl '/api/v1/users'",
    );
    expect(toCurl(event, { baseUrl: 'https://org.example/' })).toBe(
      "curl 'https://org.example/api/v1/users'",
    );
  });

  it('keeps the event identifiers when masking', () => {
    const hex = '9f86d081884c7d659a2feaa0c55ad015';
    const event = apiCall({
      traceId: hex,
      http: {
        method: 'GET',
        url: `https://x.example/api?trace=${hex}&k=e3b0c44298fc1c149afbf4c8996fb924`,
      },
      request: { headers: { 'x-trace': hex } },
    });
    expect(argv(toCurl(event))).toEqual([
      '--globoff',
      `https://x.example/api?trace=${hex}&k=[api-key]`,
      '-H',
      `x-trace: ${hex}`,
    ]);
  });

  it('throws a clear error for events without an HTTP request', () => {
    const change: AuditEvent = {
      id: 'chg-1',
      timestamp: 0,
      kind: 'change',
      actor: { type: 'user' },
      action: 'update',
      status: 'success',
    };
    expect(canCopyAsCurl(change)).toBe(false);
    expect(() => toCurl(change)).toThrow(/chg-1 is not an HTTP call/);
    const noUrl = { ...change, http: { method: 'GET' } };
    expect(canCopyAsCurl(noUrl)).toBe(false);
    expect(() => toCurl(noUrl)).toThrow(/chg-1 has no request URL/);
    expect(canCopyAsCurl(apiCall())).toBe(true);
  });

  it('does not modify the event', () => {
    const event = apiCall();
    const copy = structuredClone(event);
    toCurl(event);
    toCurl(event, { mask: false });
    expect(event).toEqual(copy);
  });
});
