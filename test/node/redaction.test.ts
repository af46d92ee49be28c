import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { REDACTION_MARKER, type AuditEvent } from '../../core/model.js';
import {
  MASKS,
  SECRET_MASK,
  UNCHECKED_MASK,
  findSensitive,
  isCardNumber,
  isSensitiveKey,
  luhn,
  maskEvent,
  maskListEvent,
  maskHeaders,
  maskText,
  maskUrl,
  maskValue,
  peopleOf,
  type SensitiveKind,
} from '../../core/redaction.js';

/** The findings of `text` as [matched text, kind]. */
const found = (text: string): [string, SensitiveKind][] =>
  findSensitive(text).map((f) => [text.slice(f.start, f.end), f.kind]);

/** Every value detected whole, in a sentence, with that kind; and it alone. */
function expectDetected(value: string, kind: SensitiveKind): void {
  expect(found(value)).toEqual([[value, kind]]);
  const sentence = `see (${value}), thanks`;
  expect(found(sentence)).toEqual([[value, kind]]);
  expect(maskText(sentence)).toBe(`see (${MASKS[kind]}), thanks`);
}

/** Nothing at all is found in `text`, alone or in a sentence. */
function expectClean(text: string): void {
  expect(found(text)).toEqual([]);
  expect(found(`value: ${text} (ok)`)).toEqual([]);
  expect(maskText(text)).toBe(text);
}

// Shapes of real credentials, from the vendors' documentation or made up; none is live.
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const HEX_KEY = '9f86d081884c7d659a2feaa0c55ad015';
/** An unprefixed high-entropy token, masked wherever it stands (a URL path included). */
const TOKEN = 'Zk9xQ2Lm8RtY4VbN7WcP3JdH6FgS1AeUq5';
const B64_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY3kT9qLm2Zp';

describe('emails', () => {
  it.each([
    'jane.doe@example.com',
    'JANE+tag@Sub.Example.co.uk',
    "o'brien@example.ie",
    'user_1@mail-server.example.org',
    'a@b.io',
    'first.last-99@x.example',
  ])('detects %s', (email) => expectDetected(email, 'email'));

  it('detects URL-encoded and embedded emails', () => {
    expect(found('?email=jane%40example.com&x=1')).toEqual([['jane%40example.com', 'email']]);
    expect(found('mailto:jane@example.com')).toEqual([['jane@example.com', 'email']]);
    expect(found('<jane@example.com>')).toEqual([['jane@example.com', 'email']]);
    expect(found('/users/jane@example.com/tickets')).toEqual([['jane@example.com', 'email']]);
    expect(found('"requester":"jane@example.com"')).toEqual([['jane@example.com', 'email']]);
    expect(maskText('user=jane@example.com')).toBe('user=[email]');
    expect(maskText('a@b.io,c@d.io')).toBe('[email],[email]');
  });

  it.each([
    '@mention',
    'user@localhost',
    'icon@2x.png',
    'logo@1.5x.svg',
    '@scope/pkg@1.2.3',
    'a@b',
    'foo @ bar.com',
    'email',
    '@',
    'user@',
  ])('does not flag %s', (text) => expectClean(text));
});

describe('values after a JSON escape', () => {
  it('finds a JWT or an API key right after \\n or \\t in quoted text', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2ln';
    expect(maskText(`{"note":"line one\\n${jwt}"}`)).toBe('{"note":"line one\\n[jwt]"}');
    expect(maskText('"key:\\tsk_live_4eC39HqLyjWDarjtT1zdp7dc"')).toBe('"key:\\t[api-key]"');
  });
});

describe('IP addresses', () => {
  it.each([
    '192.168.1.1',
    '10.0.0.255',
    '255.255.255.0',
    '203.0.113.9',
    '2001:db8::1',
    'fe80::1ff:fe23:4567:890a',
  ])('detects %s', (ip) => expectDetected(ip, 'ip'));

  it('masks the address of an email at an IP, and an x-forwarded-for list', () => {
    expect(found('x@1.2.3.4')).toEqual([['1.2.3.4', 'ip']]);
    expect(maskText('x-forwarded-for: 203.0.113.9, 10.0.0.1')).toBe('x-forwarded-for: [ip], [ip]');
  });

  it.each([
    '1.2.3',
    '999.1.1.1',
    '1.2.3.4.5',
    'v1.2.3',
    '12:30:45',
    '2024-12-01T10:00:00.123Z',
    '@scope/pkg@1.2.3',
    'abc:def',
  ])('does not flag %s', (text) => expectClean(text));
});

describe('phone numbers', () => {
  it.each([
    '+1 (415) 555-0134',
    '+44 20 7946 0958',
    '415-555-0134',
    '(415) 555-0134',
    '(415)555-0134',
    '415.555.0134',
    '415 555 0134',
    '+14155550134',
    '+33 1 42 68 53 00',
    '+49 30 901820',
    '+91 98765 43210',
    '+1-800-555-0199',
    '+81-3-1234-5678',
  ])('detects %s', (phone) => expectDetected(phone, 'phone'));

  it.each([
    '2024-12-01',
    '2024-12-01T10:00:00Z',
    '2024-12-01T10:00:00.123+01:00',
    '2024-12-01 10:00:00',
    '10:00:00',
    '12:30',
    '1.2.3',
    'v2.10.4',
    '10.0.19045.2965',
    '1234567890',
    '4155550134',
    '14155550134',
    'INC0012345',
    'RITM0010001',
    'CHG0030002',
    '1733050800000',
    '12/01/2024',
    '01-12-2024',
    '2024/12/01',
    '100-200',
    '94105-1234',
    '123-45-6789',
    '123-456-7890',
    '978-0-306-40615-7',
    '$1,234,567.89',
    '1,000,000',
    'localhost:8080',
    '+5 points',
    '+1',
    '+0100',
    '+02:00',
    'ABC-415-555-0134',
    'id 415-555-01345',
    '123e4567-e89b-12d3-a456-426614174000',
  ])('does not flag %s', (text) => expectClean(text));
});

describe('payment cards', () => {
  it.each([
    '4111 1111 1111 1111',
    '4111-1111-1111-1111',
    '4111111111111111',
    '5555555555554444',
    '5555 5555 5555 4444',
    '2221000000000009',
    '378282246310005',
    '3782 822463 10005',
    '6011111111111117',
    '6011 0009 9013 9424',
    '3530111333300000',
    '30569309025904',
    '4222222222222',
    '4111111111111111110',
  ])('detects %s', (card) => {
    expect(isCardNumber(card)).toBe(true);
    expectDetected(card, 'card');
  });

  it.each([
    ['4111111111111112', 'fails Luhn'],
    ['4111 1111 1111 1112', 'fails Luhn'],
    ['5555555555554445', 'fails Luhn'],
    ['1733050800000', 'epoch ms (no card scheme starts with 1)'],
    ['1733050800008', 'epoch ms passing Luhn'],
    ['0000000000000000', 'passes Luhn, no scheme'],
    ['9999999999999995', 'passes Luhn, no scheme'],
    ['7000000000000000002', 'snowflake-sized id'],
    ['411111111111', 'too short'],
    ['41111111111111111111', 'too long'],
    ['4111 11 11 1111 1111', 'odd grouping'],
    ['4111 1111-1111 1111', 'mixed separators'],
    ['37828224631000', 'Amex prefix, wrong length'],
    ['1.4111111111111111', 'inside a decimal'],
  ])('does not flag %s (%s)', (text) => {
    expect(found(text).filter(([, k]) => k === 'card')).toEqual([]);
  });

  it('luhn', () => {
    expect(luhn('79927398713')).toBe(true);
    expect(luhn('79927398710')).toBe(false);
    expect(luhn('0')).toBe(true);
    expect(luhn('')).toBe(false);
    expect(luhn('12a4')).toBe(false);
    // Every digit changed breaks the check.
    for (let i = 0; i < 16; i++) {
      const digits = [...'4111111111111111'];
      digits[i] = digits[i] === '1' ? '2' : '1';
      expect(luhn(digits.join(''))).toBe(false);
    }
  });
});

describe('JWTs', () => {
  it('detects signed and unsigned tokens', () => {
    expectDetected(JWT, 'jwt');
    expectDetected('eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.', 'jwt');
  });

  it.each([
    'eyJ',
    'eyJhbGciOiJIUzI1NiJ9',
    'eyJhbGciOiJIUzI1NiJ9.e30',
    'a.b.c',
    'file.name.ext',
    'www.example.com',
    'api.v1.tickets.create',
    'keyJohn.doe.smith',
  ])('does not flag %s', (text) => expectClean(text));
});

describe('bearer and basic tokens', () => {
  it('masks the token and keeps the scheme', () => {
    expect(maskText('Bearer abc123def456ghi')).toBe('Bearer [token]');
    expect(maskText('sent bearer 0a1b2c3d4e5f with the call')).toBe(
      'sent bearer [token] with the call',
    );
    expect(maskText(`Bearer ${JWT}`)).toBe('Bearer [token]');
    expect(maskText('Basic dXNlcjpwYXNzd29yZA==')).toBe('Basic [token]');
    expect(maskText('Bearer AbCdEfGhIjKl.')).toBe('Bearer [token].');
  });

  it.each([
    'Authorization requires a Bearer token',
    'missing Bearer token.',
    'uses the Bearer authentication scheme',
    'Basic authentication is disabled',
    'Bearer abc',
  ])('does not flag %s', (text) => expectClean(text));
});

describe('API keys', () => {
  it.each([
    'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8t',
    'sk-ant-api03-Ab3dEf6hIj9kLm2nOp5qRs8tUv',
    'sk-Ab3dEf6hIj9kLm2nOp5qRs8tUvWx',
    'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
    'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
    'pk_live_51HqLyjWDarjtT1zdp7dc',
    'rk_live_51HqLyjWDarjtT1zdp7dc',
    'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
    'github_pat_11ABCDEFG0123456789_abcdefghijklmnop',
    'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOp',
    'xoxp-123456789012-abcdef',
    'AKIAIOSFODNN7EXAMPLE',
    'ASIAIOSFODNN7EXAMPLE',
    'AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe',
    'glpat-Ab3dEf6hIj9kLm2nOp5q',
    HEX_KEY,
    HEX_KEY.toUpperCase(),
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    B64_KEY,
    'Xq7vP2mN9kL4wR8tY3bZ6cH1jF5dG0sA',
    'Xq7vP2mN9kL4wR8tY3bZ6cH1jF5dG0sA+/Xq7vP2mN9kL4w==',
    'Xq7vP2mN9kL4wR8t_Y3bZ6cH1jF5dG0s-A',
  ])('detects %s', (key) => expectDetected(key, 'api-key'));

  it.each([
    'task-force-alpha-bravo-charlie-delta',
    'desk-1234567890123456789012',
    'sk-learn',
    'risk_live_feed_enabled_for_all_tenants',
    'AKIA1234',
    'ghp_short',
    '123e4567-e89b-12d3-a456-426614174000',
    '123E4567-E89B-12D3-A456-426614174000',
    '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    '507f1f77bcf86cd799439011',
    '00000000000000000000000000000000',
    'abababababababababababababababab12',
    'deadbeefdeadbeefdeadbeefdeadbeef',
    '12345678901234567890123456789012345',
    '/api/now/table/incident/a9e30c7dc61122760116894de7bcc7bd',
    '/services/data/v58.0/sobjects/Case/describe/layouts',
    '/api/v2/tickets/INC0012345/comments/attachments/2024',
    'https://example.service-now.com/api/now/table/incident?sysparm_limit=10',
    'getUserProfileSettingsForAccount2024',
    'CreateTicketWithAttachmentsAndComments2',
    'snake_case_long_identifier_name_with_words_2',
    'application/vnd.api+json;charset=utf-8;version=2',
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij0123',
  ])('does not flag %s', (text) => expectClean(text));

  it.each([
    [`https://example.com/invite/${TOKEN}`, 'https://example.com/invite/[api-key]'],
    [`/reset/${TOKEN}?lang=en`, '/reset/[api-key]?lang=en'],
    [
      `https://example.com/share/files/${TOKEN}/${TOKEN}==`,
      'https://example.com/share/files/[api-key]/[api-key]',
    ],
    [`/files/${TOKEN}==/download`, '/files/[api-key]/download'],
    [`/s/${TOKEN}=/v2/${TOKEN}`, '/s/[api-key]/v2/[api-key]'],
  ])('masks a token in a URL path whose words read as a path: %s', (text, masked) => {
    expect(maskText(text)).toBe(masked);
  });

  it('keeps known identifiers, and identifiers under id keys', () => {
    expect(maskText(`trace ${HEX_KEY}`, { keep: new Set([HEX_KEY]) })).toBe(`trace ${HEX_KEY}`);
    expect(maskText(`trace ${HEX_KEY}`, { entropy: false })).toBe(`trace ${HEX_KEY}`);
    // Prefixed keys are masked whatever the key.
    expect(maskValue({ requestId: HEX_KEY, clientId: 'AKIAIOSFODNN7EXAMPLE' })).toEqual({
      requestId: HEX_KEY,
      clientId: '[api-key]',
    });
    expect(
      maskValue({ 'x-arequestid': HEX_KEY, traceparent: `00-${HEX_KEY}-00f067aa0ba902b7-01` }),
    ).toEqual({ 'x-arequestid': HEX_KEY, traceparent: `00-${HEX_KEY}-00f067aa0ba902b7-01` });
    expect(maskValue({ sha: [HEX_KEY, HEX_KEY] })).toEqual({ sha: [HEX_KEY, HEX_KEY] });
    // Session IDs are credentials.
    expect(maskValue({ sessionId: HEX_KEY, sid: HEX_KEY, value: HEX_KEY })).toEqual({
      sessionId: '[api-key]',
      sid: '[api-key]',
      value: '[api-key]',
    });
  });

  it("keeps a reference's value, the identifier its link ends with (ServiceNow's sys_id)", () => {
    const sysId = '6816f79cc0a8016401c5a33be04be441';
    const link = `https://acme.service-now.com/api/now/table/sys_user/${sysId}`;
    const body = {
      caller_id: { link, value: sysId },
      assigned_to: { link: `${link}?x=1`, value: sysId },
    };
    expect(maskValue(body)).toEqual(body);
    // The JSON tree masks a leaf alone, told the object it sits in.
    expect(maskValue(sysId, 'value', {}, { key: 'caller_id', value: body.caller_id })).toBe(sysId);
    // A value its link does not end with is checked like any text.
    const other = { link: 'https://acme.service-now.com/api/now/table/sys_user', value: sysId };
    expect(maskValue({ other })).toEqual({ other: { ...other, value: '[api-key]' } });
    expect(maskValue(sysId, 'value', {}, { key: 'other', value: other })).toBe('[api-key]');
  });

  it.each([
    ['a download link', `https://dl.example.io/s/${TOKEN}`],
    ['a key=value text', `token=/${TOKEN}`],
    ['a bearer token', `Bearer x/${TOKEN}`],
    ['a userinfo password', `https://svc:${TOKEN}@h.io/k/${TOKEN}`],
  ])("hides a reference's value where its link, masked, hides it: %s", (_what, link) => {
    const masked = maskValue({ ref: { link, value: TOKEN } }) as Record<
      string,
      Record<string, string>
    >;
    expect(masked.ref!.link).not.toContain(TOKEN);
    expect(masked.ref!.value).not.toContain(TOKEN);
    // The JSON tree's leaf, masked alone.
    expect(maskValue(TOKEN, 'value', {}, { key: 'ref', value: { link, value: TOKEN } })).not.toBe(
      TOKEN,
    );
  });
});

describe('sensitive keys', () => {
  it.each([
    'password',
    'PASSWORD',
    'passwd',
    'secret',
    'client_secret',
    'clientSecret',
    'token',
    'access_token',
    'accessToken',
    'refresh_token',
    'id_token',
    'api_key',
    'apikey',
    'apiKey',
    'x-api-key',
    'X-API-Key',
    'authorization',
    'Authorization',
    'proxy-authorization',
    'cookie',
    'Set-Cookie',
    'private_key',
    'privateKey',
    'ssn',
    'credit_card',
    'card_number',
    'cardNumber',
    'cvv',
    'db_password',
    'x-auth-token',
    'csrfToken',
    'stripe.apiKey',
  ])('%s is sensitive', (key) => expect(isSensitiveKey(key)).toBe(true));

  it.each([
    'tokens',
    'max_tokens',
    'token_type',
    'tokenType',
    'token_count',
    'expires_in',
    'passwordPolicy',
    'password_required_length',
    'secretName',
    'key',
    'keys',
    'idempotency_key',
    'cookies_enabled',
    'authorization_url',
    'email',
    'user',
    'id',
  ])('%s is not', (key) => expect(isSensitiveKey(key)).toBe(false));

  it('finds values under sensitive keys in text', () => {
    expect(maskText('password=hunter2')).toBe('password=[secret]');
    expect(maskText('GET /cb?code=1&access_token=abc.def&state=x')).toBe(
      'GET /cb?code=1&access_token=[secret]&state=x',
    );
    expect(maskText('{"user":"bob","client_secret":"s3cr3t \\" x","n":1}')).toBe(
      '{"user":"bob","client_secret":"[secret]","n":1}',
    );
    expect(maskText('{"password": 123456, "token": null}')).toBe(
      '{"password": [secret], "token": null}',
    );
    expect(maskText('{\\"password\\":\\"hunter2\\"}')).toBe('{\\"password\\":\\"[secret]\\"}');
    expect(
      maskText('{"tokens": 3, "token": ["a", {"b": "]"}], "cookie": {"sid": "x"}, "n": 1}'),
    ).toBe('{"tokens": 3, "token": [secret], "cookie": [secret], "n": 1}');
    expect(maskText("{'apiKey': 'abc'}")).toBe("{'apiKey': '[secret]'}");
    expect(maskText('X-API-Key: abc123 next')).toBe('X-API-Key: [secret] next');
    expect(maskText('Authorization: Bearer abc123def456\nAccept: */*')).toBe(
      'Authorization: [secret]\nAccept: */*',
    );
    expect(maskText('Cookie: a=1; b=2\r\nHost: x')).toBe('Cookie: [secret]\r\nHost: x');
    expect(maskText('db_password: p@ss, user: bob')).toBe('db_password: [secret], user: bob');
    expect(maskText('postgres://app:s3cret@db.internal:5432/audit')).toBe(
      'postgres://app:[secret]@db.internal:5432/audit',
    );
  });

  it('leaves non-sensitive key-value text alone', () => {
    for (const text of [
      'max_tokens=100',
      'token_type=bearer',
      'tokens: 1234',
      'the password is required',
      'password reset requested',
      'secret santa',
      'key=value',
      'passwordPolicy: strict',
      'https://example.com:8443/path',
    ])
      expect(maskText(text)).toBe(text);
  });
});

describe('findSensitive', () => {
  it('returns sorted, non-overlapping findings, the most specific winning', () => {
    const text = `to jane@x.io: call +1 415 555 0134, card 4111 1111 1111 1111, token=${JWT} and ${JWT}`;
    const findings = findSensitive(text);
    for (let i = 1; i < findings.length; i++)
      expect(findings[i]!.start).toBeGreaterThanOrEqual(findings[i - 1]!.end);
    expect(findings.map((f) => f.kind)).toEqual(['email', 'phone', 'card', 'secret', 'jwt']);
    expect(maskText(text)).toBe('to [email]: call [phone], card [card], token=[secret] and [jwt]');
  });

  it('only looks for the requested kinds', () => {
    expect(maskText('jane@x.io 4111111111111111', { kinds: ['email'] })).toBe(
      '[email] 4111111111111111',
    );
  });

  it('never touches the server marker or masks, so masking is idempotent', () => {
    expect(findSensitive(REDACTION_MARKER)).toEqual([]);
    const text = `password=${REDACTION_MARKER} jane@x.io ${REDACTION_MARKER}`;
    expect(maskText(text)).toBe(`password=${REDACTION_MARKER} [email] ${REDACTION_MARKER}`);
    const masked = maskText(`password=x Bearer abc123def456 jane@x.io ${HEX_KEY}`);
    expect(masked).toBe('password=[secret] Bearer [token] [email] [api-key]');
    expect(maskText(masked)).toBe(masked);
  });

  it('is linear on long inputs without matches', () => {
    const long = 'a'.repeat(1_000_000);
    expect(findSensitive(long)).toEqual([]);
    expect(findSensitive(`${'a1'.repeat(200_000)}@`)).toEqual([]);
    expect(findSensitive('a.'.repeat(200_000))).toEqual([]);
    expect(findSensitive('1 '.repeat(200_000))).toEqual([]);
    expect(findSensitive('password='.repeat(50_000))).toHaveLength(1);
    expect(findSensitive('a://'.repeat(100_000))).toEqual([]);
    expect(findSensitive('-'.repeat(100_000) + '4')).toEqual([]);
  });
});

describe('huge inputs (a multi-megabyte attachment)', () => {
  /** `n` characters of random-looking base64 (deterministic: a linear congruential generator). */
  function base64Run(n: number): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const chars: string[] = [];
    let x = 12345;
    for (let i = 0; i < n; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      chars.push(alphabet[x >> 25]!);
    }
    return chars.join('');
  }
  const SIX_MB = 6_000_000;
  const b64 = base64Run(SIX_MB);

  /** `actual` is `expected` with `<b64>` standing for the run (no multi-megabyte diff on failure). */
  const expectWithRun = (actual: string, expected: string): void => {
    const [before, after] = expected.split('<b64>') as [string, string];
    expect(actual.length).toBe(before.length + SIX_MB + after.length);
    expect(actual.slice(0, before.length)).toBe(before);
    expect(actual.slice(actual.length - after.length)).toBe(after);
    expect(actual.slice(before.length, before.length + SIX_MB) === b64).toBe(true);
  };

  it('masks the secrets around a 6 M character base64 run, without throwing', () => {
    const text = `jane@example.com password=hunter2 card 4111 1111 1111 1111 data:${b64} +1 415 555 0134`;
    // The run itself is an attachment, not a key (it has words in it): it stays.
    expectWithRun(maskText(text), '[email] password=[secret] card [card] data:<b64> [phone]');
  });

  it('masks secrets in a JSON body holding a 6 M character attachment', () => {
    const body = {
      from: 'jane@example.com',
      password: 'hunter2',
      note: 'card 4111111111111111',
      attachment: { contentBytes: b64 },
    };
    const masked = maskValue(body) as typeof body;
    expect({ ...masked, attachment: null }).toEqual({
      from: '[email]',
      password: '[secret]',
      note: 'card [card]',
      attachment: null,
    });
    expect(masked.attachment.contentBytes === b64).toBe(true);
  });

  it('masks a 6 M character run that is random enough to be a key', () => {
    // No words, digits scattered: the high-entropy detector's shape, 6 M characters long.
    const key = 'k9QzX2vB7wR4mT1p'.repeat(SIX_MB / 16);
    expect(maskText(`key ${key} end`)).toBe('key [api-key] end');
  });

  it.each([
    ['hex', '0123456789abcdef'.repeat(SIX_MB / 16)],
    ['digits', '7'.repeat(SIX_MB)],
    ['letters', 'a'.repeat(SIX_MB)],
    ['plus-one', '+1'.repeat(SIX_MB / 2)],
    ['dashed digits', '1-'.repeat(SIX_MB / 2)],
    ['url-safe', 'aB3_-'.repeat(SIX_MB / 5)],
  ])('finishes on a 6 M character %s run and still finds the email after it', (_, run) => {
    const findings = findSensitive(`${run} jane@example.com`);
    expect(findings.at(-1)).toEqual({
      start: run.length + 1,
      end: run.length + 1 + 'jane@example.com'.length,
      kind: 'email',
    });
  });

  it.each([
    ['a JWT with a huge signature', `eyJhbGciOi.eyJzdWIiOi.${'a'.repeat(SIX_MB)} x`, '[jwt] x'],
    ['an OpenAI-like key', `sk-${'a'.repeat(SIX_MB)} x`, '[api-key] x'],
    ['a GitHub-like token', `ghp_${'A1'.repeat(SIX_MB / 2)} x`, '[api-key] x'],
    ['a bearer token', `Bearer ${'aZ9'.repeat(SIX_MB / 3)} x`, 'Bearer [token] x'],
    ['a quoted secret', `"password":"${'x'.repeat(SIX_MB)}" x`, '"password":"[secret]" x'],
  ])('finishes on %s of 6 M characters and hides it', (_, text, expected) => {
    const masked = maskText(text);
    expect(masked.length < 100 ? masked : `${masked.length} characters`).toBe(expected);
  });

  it.each([
    ['a JWT-like prefix', `eyJ${'a'.repeat(SIX_MB)}`],
    ['a URL with a long user name', `https://${'u'.repeat(SIX_MB)}:p@host`],
  ])('finishes on %s of 6 M characters (nothing to hide)', (_, text) => {
    expect(maskText(text) === text).toBe(true);
  });
});

describe('masking fails closed', () => {
  afterEach(() => vi.restoreAllMocks());

  /** Every regular expression throws as V8's did on a 6 M character run. */
  const breakRegExps = (): void => {
    vi.spyOn(RegExp.prototype, 'exec').mockImplementation(() => {
      throw new RangeError('Maximum call stack size exceeded');
    });
  };

  it('hides the whole text when a detector throws', () => {
    breakRegExps();
    const text = 'jane@example.com password=hunter2';
    expect(findSensitive(text)).toEqual([{ start: 0, end: text.length, kind: 'unchecked' }]);
    expect(maskText(text)).toBe('[hidden: could not be checked]');
    expect(UNCHECKED_MASK).toBe('[hidden: could not be checked]');
    expect(maskUrl('https://x.io/?email=jane@example.com')).not.toContain('jane');
  });

  it('hides a whole JSON value when masking it throws', () => {
    const hostile = {
      get email(): string {
        throw new Error('boom');
      },
    };
    expect(maskValue({ a: hostile, b: 'jane@example.com' })).toBe('[hidden: could not be checked]');
  });

  it('hides every free-form part of an event when masking it throws', () => {
    const event: AuditEvent = {
      id: 'e1',
      timestamp: 1,
      kind: 'api-call',
      actor: { type: 'user', email: 'jane@example.com', name: 'Jane Doe' },
      action: 'POST',
      status: 'error',
      message: 'password=hunter2',
      http: { method: 'POST', url: 'https://x.io/?email=jane@example.com' },
      request: { body: { password: 'hunter2' } },
    };
    // `actor` whose fields cannot be read: the masking of the event itself fails.
    const broken = {
      ...event,
      actor: new Proxy(event.actor, {
        get(target, prop) {
          if (prop === 'email') throw new Error('boom');
          return Reflect.get(target, prop) as unknown;
        },
      }),
    };
    expect(maskEvent(broken)).toEqual({
      id: 'e1',
      timestamp: 1,
      kind: 'api-call',
      actor: { type: 'user' },
      action: '[hidden: could not be checked]',
      status: 'error',
      message: '[hidden: could not be checked]',
      http: { method: 'POST', url: '[hidden: could not be checked]' },
    });
  });
});

describe('maskValue', () => {
  const input = {
    user: { email: 'jane@example.com', name: 'Jane', phones: ['+1 415 555 0134', 'n/a'] },
    credentials: { password: 'hunter2', nested: { Authorization: 'Bearer abc123def456' } },
    items: [
      { id: 1, note: 'card 4111111111111111 on file' },
      { id: 2, note: 'call 415-555-0134' },
      [[{ deeper: { api_key: { any: ['thing'] } } }]],
    ],
    ok: true,
    nothing: null,
    count: 42,
    amount: 19.99,
    cardAsNumber: 4111111111111111,
    token: null,
    secret: REDACTION_MARKER,
    'jane@example.com': 'keyed by email',
  };

  it("masks the people a body names by their keys: an assignee, a requester, a user's name, full names", () => {
    const sysId = '6816f79cc0a8016401c5a33be04be441';
    const body = {
      result: {
        number: 'INC0010042',
        short_description: 'Printer jammed on 3rd floor',
        assigned_to: { display_value: 'Priya Nair', value: sysId, link: null },
        opened_by: 'tomas.ruiz',
        caller_id: sysId,
        assignees: ['Mei Tanaka', { name: 'Lena Hoffmann', id: 'u-7' }],
        requester: { full_name: 'Ava Patel', login: 'apatel', department: 'Finance' },
        customer_last_name: 'Okafor',
        full_name: 'Daniel Okafor',
        owner: 7,
        plugin: { name: 'create ticket', version: '2.1' },
        name: 'Ticketing',
      },
    };
    expect(maskValue(body)).toEqual({
      result: {
        number: 'INC0010042',
        short_description: 'Printer jammed on 3rd floor',
        // The name, not the reference: a sys_id under a person's key is checked like any text.
        assigned_to: {
          display_value: '[name]',
          value: maskValue(sysId, 'value'),
          link: null,
        },
        opened_by: '[name]',
        caller_id: sysId,
        assignees: ['[name]', { name: '[name]', id: 'u-7' }],
        requester: { full_name: '[name]', login: '[name]', department: 'Finance' },
        customer_last_name: 'Okafor',
        full_name: '[name]',
        owner: 7,
        // Not a person: a plugin's name, a name at the top.
        plugin: { name: 'create ticket', version: '2.1' },
        name: 'Ticketing',
      },
    });
    // The JSON tree masks one value at a time: the key of the object it sits in says whose.
    const assignee = body.result.assigned_to;
    expect(
      maskValue('Priya Nair', 'display_value', {}, { key: 'assigned_to', value: assignee }),
    ).toBe('[name]');
    expect(maskValue('Printer jammed', 'display_value', {}, { key: 'category', value: {} })).toBe(
      'Printer jammed',
    );
    // Beside an email, whatever the object's key.
    const person = { name: 'Mei Tanaka', email: 'mei@x.io' };
    expect(maskValue('Mei Tanaka', 'name', {}, { key: 'body', value: person })).toBe('[name]');
    expect(maskValue(sysId, 'assigned_to')).not.toBe('[name]');
    // Identifiers under a person's key stay identifiers; names of hex letters are names.
    for (const id of [
      'usr_Up8Ao0xr5Gnx',
      '00u1a2b3c4D5e6F7g8h9',
      'u-6fd26567',
      'INC0012345',
      '12345',
    ])
      expect(maskValue({ owner: id })).toEqual({ owner: id });
    expect(maskValue({ assigned_to: 'Abe Face', full_name: 'Ada Bee' })).toEqual({
      assigned_to: '[name]',
      full_name: '[name]',
    });
    // A directory's users (`value[].displayName`), a card's holder.
    expect(
      maskValue({ value: [{ displayName: 'Owen Davies', mail: 'owen@acme.example' }] }),
    ).toEqual({ value: [{ displayName: '[name]', mail: '[email]' }] });
    expect(maskValue({ cardholderName: 'Lena Hoffmann' })).toEqual({ cardholderName: '[name]' });
    // An object with an email is a person's: its name is a name, wherever it sits.
    expect(
      maskValue({ approver: 1, members: 2, body: { name: 'Mei Tanaka', email: 'mei@x.io' } }),
    ).toEqual({
      approver: 1,
      members: 2,
      body: { name: '[name]', email: '[email]' },
    });
    expect(maskValue({ app: { name: 'Slack', mail: 'no email here' } })).toEqual({
      app: { name: 'Slack', mail: 'no email here' },
    });
    // Credentials only (cURL without masking): people stay.
    expect(maskValue({ assigned_to: 'Priya Nair' }, undefined, { kinds: ['secret'] })).toEqual({
      assigned_to: 'Priya Nair',
    });
  });

  it('masks strings, sensitive keys at any depth, card numbers, and keys', () => {
    expect(maskValue(input)).toEqual({
      // A user's name is a person's name, whatever it looks like.
      user: { email: '[email]', name: '[name]', phones: ['[phone]', 'n/a'] },
      credentials: { password: '[secret]', nested: { Authorization: '[secret]' } },
      items: [
        { id: 1, note: 'card [card] on file' },
        { id: 2, note: 'call [phone]' },
        [[{ deeper: { api_key: '[secret]' } }]],
      ],
      ok: true,
      nothing: null,
      count: 42,
      amount: 19.99,
      cardAsNumber: '[card]',
      token: null,
      secret: REDACTION_MARKER,
      '[email]': 'keyed by email',
    });
  });

  it('replaces anything under a sensitive key, whatever its type', () => {
    expect(maskValue({ cookie: ['a=1', 'b=2'] })).toEqual({ cookie: SECRET_MASK });
    expect(maskValue({ cvv: 123 })).toEqual({ cvv: SECRET_MASK });
    expect(maskValue({ password: '' })).toEqual({ password: SECRET_MASK });
    expect(maskValue({ secret: false })).toEqual({ secret: SECRET_MASK });
    expect(maskValue('hunter2', 'password')).toBe(SECRET_MASK);
    expect(maskValue({ a: 1 }, 'private_key')).toBe(SECRET_MASK);
    expect(maskValue('jane@x.io', 'note')).toBe('[email]');
  });

  it('keeps distinct keys distinct when masking them', () => {
    expect(maskValue({ 'a@x.io': 1, 'b@x.io': 2, '[email]': 3 })).toEqual({
      '[email] (2)': 1,
      '[email] (3)': 2,
      '[email]': 3,
    });
  });

  it('never mutates its input', () => {
    const copy = structuredClone(input);
    const frozen = deepFreeze(structuredClone(input));
    maskValue(input);
    expect(input).toEqual(copy);
    expect(() => maskValue(frozen)).not.toThrow();
  });

  it('keeps __proto__ as data, handles cycles, deep values and odd types', () => {
    const parsed = JSON.parse('{"__proto__": {"email": "jane@x.io"}}') as unknown;
    const masked = maskValue(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(masked)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(masked, '__proto__')?.value).toEqual({
      email: '[email]',
    });

    const cyclic: Record<string, unknown> = { email: 'jane@x.io' };
    cyclic.self = cyclic;
    const c = maskValue(cyclic) as Record<string, unknown>;
    expect(c.email).toBe('[email]');
    expect(c.self).toBe(c);

    let deep: unknown = 'jane@x.io';
    for (let i = 0; i < 50_000; i++) deep = { a: [deep] };
    let m = maskValue(deep);
    for (let i = 0; i < 50_000; i++) m = (m as { a: unknown[] }).a[0];
    expect(m).toBe('[email]');

    expect(maskValue(undefined)).toBeUndefined();
    expect(maskValue(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(maskValue(4111111111111111n)).toBe('[card]');
    expect(maskValue(12n)).toBe(12n);
  });

  it('masked output of any JSON never contains an email generated into it (property)', () => {
    const email = fc.oneof(
      fc.emailAddress(),
      fc
        .tuple(
          fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,15}$/),
          fc
            .stringMatching(/^[a-z0-9-]{1,10}$/)
            .filter((s) => !s.startsWith('-') && !s.endsWith('-')),
          fc.constantFrom('com', 'io', 'co.uk', 'example'),
        )
        .map(([l, d, t]) => `${l}@${d}.${t}`),
    );
    const text = fc
      .tuple(fc.string({ maxLength: 6 }), fc.option(email), fc.string({ maxLength: 6 }))
      .map(([a, e, b]) => ({ s: `${a}${e ?? ''}${b}`, emails: e ? [e] : [] }));
    type Gen = { v: unknown; emails: string[] };
    const { json } = fc.letrec<{ json: Gen; leaf: Gen; arr: Gen; obj: Gen }>((tie) => ({
      json: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('arr'), tie('obj')),
      leaf: fc.oneof(
        text.map((t) => ({ v: t.s, emails: t.emails })),
        fc.jsonValue({ maxDepth: 1 }).map((v) => ({ v, emails: [] })),
      ),
      arr: fc.array(tie('json'), { maxLength: 4 }).map((xs) => ({
        v: xs.map((x) => x.v),
        emails: xs.flatMap((x) => x.emails),
      })),
      obj: fc.array(fc.tuple(text, tie('json')), { maxLength: 4 }).map((entries) => {
        const v: Record<string, unknown> = {};
        const emails: string[] = [];
        for (const [k, x] of entries) {
          if (k.s in v) continue;
          v[k.s] = x.v;
          emails.push(...k.emails, ...x.emails);
        }
        return { v, emails };
      }),
    }));
    fc.assert(
      fc.property(json, ({ v, emails }) => {
        const strings = allStrings(maskValue(v));
        for (const e of emails) for (const s of strings) expect(s).not.toContain(e);
      }),
      { numRuns: 1000 },
    );
  });

  it('maskText is idempotent (property)', () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 5 }),
      fc.emailAddress(),
      fc.constantFrom(
        'jane@x.io',
        '+1 415 555 0134',
        '4111 1111 1111 1111',
        JWT,
        'Bearer abc123def456',
        'password=',
        'token: ',
        '"secret":"',
        HEX_KEY,
        B64_KEY,
        ' ',
        '[',
        ']',
        REDACTION_MARKER,
      ),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 8 }).map((a) => a.join('')),
        (s) => {
          const once = maskText(s);
          expect(maskText(once)).toBe(once);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('maskHeaders and maskUrl', () => {
  it('masks credential headers whole and detects the rest', () => {
    expect(
      maskHeaders({
        Authorization: 'Bearer abc123def456',
        cookie: 'JSESSIONID=ABC',
        'x-api-key': 'k',
        'content-type': 'application/json',
        'x-request-id': '123e4567-e89b-12d3-a456-426614174000',
        'x-arequestid': HEX_KEY,
        'x-user': 'jane@example.com',
      }),
    ).toEqual({
      Authorization: '[secret]',
      cookie: '[secret]',
      'x-api-key': '[secret]',
      'content-type': 'application/json',
      'x-request-id': '123e4567-e89b-12d3-a456-426614174000',
      'x-arequestid': HEX_KEY,
      'x-user': '[email]',
    });
    expect(maskHeaders(REDACTION_MARKER)).toBe(REDACTION_MARKER);
    expect(maskHeaders(undefined)).toBeUndefined();
  });

  it('masks URL credentials, query values and path segments', () => {
    expect(
      maskUrl(
        'https://bob:pw@x.example/users/jane@x.io/t?email=jane%40x.io&api_key=abc&q=a+b&flag&sysparm_limit=10#access_token=xyz',
      ),
    ).toBe(
      'https://bob:[secret]@x.example/users/[email]/t?email=[email]&api_key=[secret]&q=a+b&flag&sysparm_limit=10#access_token=[secret]',
    );
    expect(maskUrl('/api/now/table/incident?sysparm_query=active%3Dtrue')).toBe(
      '/api/now/table/incident?sysparm_query=active%3Dtrue',
    );
    expect(maskUrl('/x?Token=1&phone=%2B1%20415%20555%200134&bad=%E0%A4%A')).toBe(
      '/x?Token=[secret]&phone=[phone]&bad=%E0%A4%A',
    );
    expect(maskUrl(`/x?traceId=${HEX_KEY}&k=${HEX_KEY}`)).toBe(`/x?traceId=${HEX_KEY}&k=[api-key]`);
  });
});

describe('maskEvent', () => {
  const event: AuditEvent = {
    id: 'evt-1',
    timestamp: 1_733_050_800_000,
    kind: 'api-call',
    actor: {
      id: 'u-1',
      email: 'jane.doe@example.com',
      name: 'Jane <jane@example.com>',
      type: 'user',
    },
    action: 'create ticket',
    status: 'error',
    message: 'Failed for jane.doe@example.com: card 4111 1111 1111 1111 declined',
    messageHtml: '<b>jane.doe@example.com</b>',
    target: { type: 'ServiceNow', id: 'sn-1', name: 'ops+sn@example.com' },
    plugin: 'create ticket',
    skill: 'Ticketing',
    http: {
      method: 'POST',
      url: 'https://x.service-now.com/api/now/table/incident?caller=jane%40example.com&access_token=abc',
      path: '/api/now/table/incident',
      statusCode: 400,
    },
    traceId: HEX_KEY,
    executionId: 'exec-1',
    request: {
      headers: { authorization: 'Bearer abc123def456', 'x-trace': HEX_KEY },
      query: { caller: 'jane@example.com', token: 'abc', tags: ['a', '415-555-0134'] },
      params: REDACTION_MARKER,
      body: {
        short_description: 'Laptop',
        caller_email: 'jane@example.com',
        note: `see ${HEX_KEY}`,
      },
    },
    response: {
      headers: REDACTION_MARKER,
      body: { error: { message: 'Invalid caller jane@example.com', detail: 'password=hunter2' } },
    },
    delta: { from: { phone: '+44 20 7946 0958' }, to: { phone: null } },
    redacted: ['request.params', 'response.headers'],
    raw: { user_email: 'jane.doe@example.com', secret: 's', list: [{ token: 't' }] },
  };

  it('masks everything that may leave the viewer', () => {
    expect(maskEvent(event)).toEqual({
      ...event,
      // An actor's email and name are hidden whole, whatever they look like.
      actor: { id: 'u-1', email: '[email]', name: '[name]', type: 'user' },
      message: 'Failed for [email]: card [card] declined',
      messageHtml: '<b>[email]</b>',
      target: { type: 'ServiceNow', id: 'sn-1', name: '[email]' },
      http: {
        ...event.http,
        url: 'https://x.service-now.com/api/now/table/incident?caller=[email]&access_token=[secret]',
      },
      request: {
        headers: { authorization: '[secret]', 'x-trace': HEX_KEY },
        query: { caller: '[email]', token: '[secret]', tags: ['a', '[phone]'] },
        params: REDACTION_MARKER,
        body: { short_description: 'Laptop', caller_email: '[email]', note: `see ${HEX_KEY}` },
      },
      response: {
        headers: REDACTION_MARKER,
        body: { error: { message: 'Invalid caller [email]', detail: 'password=[secret]' } },
      },
      delta: { from: { phone: '[phone]' }, to: { phone: null } },
      raw: { user_email: '[email]', secret: '[secret]', list: [{ token: '[secret]' }] },
    });
  });

  it("masks the people it names wherever they appear: the actor's name, its words, the email's user, a user it targets", () => {
    const named: AuditEvent = {
      id: 'evt-2',
      timestamp: 1_733_050_800_000,
      kind: 'api-call',
      actor: { type: 'user', name: 'Priya Nair', email: 'priya.nair@acme.example' },
      action: 'create ticket',
      status: 'error',
      message: 'Ticket for PRIYA NAIR failed',
      target: { type: 'user', id: 'usr_9', name: 'Tomás Ruiz' },
      request: {
        body: {
          description: 'Filed on behalf of Priya Nair. Priya: printer jammed, Nairobi office',
          requester: 'priya.nair',
          cc: 'Tomás, and the viewer',
        },
      },
    };
    const masked = maskEvent(named);
    expect(masked.message).toBe('Ticket for [name] failed');
    expect(masked.target?.name).toBe('[name]');
    expect(masked.request?.body).toEqual({
      // Whole words only: "Nairobi" is not "Nair".
      description: 'Filed on behalf of [name]. [name]: printer jammed, Nairobi office',
      requester: '[name]',
      cc: '[name], and the viewer',
    });
    // A role in a name ("Dana (PII viewer)") is not a name: the whole and "Dana" are.
    const dana = maskEvent({
      ...named,
      actor: { type: 'user', name: 'Dana (PII viewer)' },
      message: 'Seen by Dana (PII viewer); Dana asked the PII viewer',
    });
    expect(dana.message).toBe('Seen by [name]; [name] asked the PII viewer');
    // An integration is not a person: its name, and the words in it, stay.
    const zapier = maskEvent({
      ...named,
      actor: { type: 'api-key', name: 'Zapier integration' },
      message: 'Sent by Zapier',
      request: { headers: { 'user-agent': 'Zapier' } },
    });
    expect(zapier.actor.name).toBe('Zapier integration');
    expect(zapier.message).toBe('Sent by Zapier');
    expect(zapier.request?.headers).toEqual({ 'user-agent': 'Zapier' });
  });

  it('masks the people the loaded list names, whole, wherever an entry mentions them', () => {
    const base: AuditEvent = {
      id: 'evt-3',
      timestamp: 1_733_050_800_000,
      kind: 'api-call',
      actor: { type: 'user', name: 'Priya Nair' },
      action: 'add comment',
      status: 'success',
    };
    const list: AuditEvent[] = [
      base,
      { ...base, id: 'a', actor: { type: 'user', name: '  Samuel   Green ' } },
      { ...base, id: 'b', actor: { type: 'user', name: 'Dana' } },
      { ...base, id: 'c', actor: { type: 'api-key', name: 'Zapier integration' } },
      { ...base, id: 'd', actor: { type: 'system', name: 'Nightly Sync' } },
      { ...base, id: 'e', target: { type: 'member', name: 'Tomás Ruiz' } },
      { ...base, id: 'f', target: { type: 'workspace', name: 'North America' } },
      // A group's or a company's name is not a person's.
      { ...base, id: 'g', target: { type: 'usergroup', name: 'Help Desk' } },
      { ...base, id: 'h', target: { type: 'customer', name: 'Acme Corp' } },
    ];
    // Users' and targeted users' full names; not a single word, an integration, the system,
    // or a target that is not a person.
    const people = peopleOf(list);
    expect(people).toEqual(['Priya Nair', 'Samuel Green', 'Tomás Ruiz']);

    const mention: AuditEvent = {
      ...base,
      message: 'Please loop in my manager, SAMUEL GREEN (samuel green is out)',
      request: {
        body: {
          note: 'Tomás Ruiz agreed; Green build passed; see Samuel',
          other: 'Samuel Greenberg',
        },
      },
    };
    const masked = maskEvent(mention, people);
    expect(masked.message).toBe('Please loop in my manager, [name] ([name] is out)');
    // Whole names only: a surname alone is an everyday word, and "Greenberg" is not "Green".
    expect(masked.request?.body).toEqual({
      note: '[name] agreed; Green build passed; see Samuel',
      other: 'Samuel Greenberg',
    });
    // Without the list, only the entry's own people (its actor Priya Nair) were known.
    expect(maskEvent(mention).message).toBe(mention.message);
    expect(maskListEvent(mention, people).message).toBe(masked.message);
    // In any text, with the credentials-only kinds leaving people alone.
    expect(maskText('cc Tomás Ruiz', { people })).toBe('cc [name]');
    expect(maskText('cc Tomás Ruiz', { people, kinds: ['secret'] })).toBe('cc Tomás Ruiz');
  });

  it('does not mutate the event and keeps server markers', () => {
    const copy = structuredClone(event);
    const masked = maskEvent(deepFreeze(structuredClone(event)));
    expect(event).toEqual(copy);
    expect(masked.request?.params).toBe(REDACTION_MARKER);
    expect(masked.response?.headers).toBe(REDACTION_MARKER);
    expect(masked.traceId).toBe(HEX_KEY);
    expect(masked.redacted).toEqual(event.redacted);
  });

  it('masks a list row: what the list shows, without payloads, headers or the backend record', () => {
    const row = maskListEvent({ ...event, ip: '203.0.113.9', plugin: 'notify jane@acme.example' });
    expect(row).not.toHaveProperty('request');
    expect(row).not.toHaveProperty('response');
    expect(row).not.toHaveProperty('delta');
    expect(row).not.toHaveProperty('raw');
    expect(row.actor).toEqual({ id: 'u-1', email: '[email]', name: '[name]', type: 'user' });
    expect(row.ip).toBe('[ip]');
    expect(row.plugin).toBe('notify [email]');
    expect(row.message).toBe('Failed for [email]: card [card] declined');
    expect(row.http?.url).toBe(
      'https://x.service-now.com/api/now/table/incident?caller=[email]&access_token=[secret]',
    );
  });

  it('handles a minimal event', () => {
    const minimal: AuditEvent = {
      id: 'e',
      timestamp: 0,
      kind: 'change',
      actor: { type: 'system' },
      action: 'update',
      status: 'success',
    };
    expect(maskEvent(minimal)).toEqual(minimal);
  });
});

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

function allStrings(v: unknown, out: string[] = []): string[] {
  const stack: unknown[] = [v];
  while (stack.length) {
    const x = stack.pop();
    if (typeof x === 'string') out.push(x);
    else if (Array.isArray(x)) stack.push(...(x as unknown[]));
    else if (x && typeof x === 'object')
      for (const [k, y] of Object.entries(x)) {
        out.push(k);
        stack.push(y);
      }
  }
  return out;
}
