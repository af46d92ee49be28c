/** The status filter expression (core/status.ts), with expectations written by hand. */
import { describe, expect, it } from 'vitest';
import { matchesStatus, parseStatusFilter, statusClass } from '../../core/status.js';

const parsed = (s: string) => {
  const p = parseStatusFilter(s);
  if (!p.ok) throw new Error(p.error);
  return p.value;
};

describe('parseStatusFilter', () => {
  it('reads codes, classes, ranges, outcomes and negation', () => {
    expect(parsed('201')).toStrictEqual({ negate: false, test: { type: 'code', code: 201 } });
    expect(parsed('4xx')).toStrictEqual({ negate: false, test: { type: 'class', digit: 4 } });
    expect(parsed('5XX')).toStrictEqual({ negate: false, test: { type: 'class', digit: 5 } });
    expect(parsed('>=400')).toStrictEqual({
      negate: false,
      test: { type: 'range', op: '>=', code: 400 },
    });
    expect(parsed('< 300')).toStrictEqual({
      negate: false,
      test: { type: 'range', op: '<', code: 300 },
    });
    expect(parsed(' Success ')).toStrictEqual({
      negate: false,
      test: { type: 'outcome', outcome: 'success' },
    });
    expect(parsed('!2xx')).toStrictEqual({ negate: true, test: { type: 'class', digit: 2 } });
    expect(parsed('! error')).toStrictEqual({
      negate: true,
      test: { type: 'outcome', outcome: 'error' },
    });
  });

  it('refuses anything else, saying what it expected', () => {
    for (const bad of [
      '',
      '600',
      '099',
      '6xx',
      '20',
      '2000',
      '=>400',
      '>=40',
      'ok',
      '!!2xx',
      'x201',
    ])
      expect(parseStatusFilter(bad), bad).toStrictEqual({
        ok: false,
        error: `"${bad}": expected a status code (201), a class (4xx), a range (>=400), success or error, optionally negated with !`,
      });
  });
});

describe('matchesStatus', () => {
  const cases: [string, number | undefined, 'success' | 'error', boolean][] = [
    ['201', 201, 'success', true],
    ['201', 200, 'success', false],
    ['2xx', 204, 'success', true],
    ['2xx', 301, 'success', false],
    ['4xx', undefined, 'error', false],
    ['>=400', 400, 'error', true],
    ['>=400', 399, 'success', false],
    ['>400', 400, 'error', false],
    ['>400', 401, 'error', true],
    ['<=299', 299, 'success', true],
    ['<=299', 300, 'success', false],
    ['<500', 499, 'error', true],
    ['<500', undefined, 'success', false],
    ['success', undefined, 'success', true],
    ['success', 500, 'error', false],
    ['error', 200, 'error', true],
    ['!2xx', 500, 'error', true],
    ['!2xx', 200, 'success', false],
    ['!2xx', undefined, 'success', true],
    ['!error', undefined, 'success', true],
    ['!201', 201, 'success', false],
  ];
  for (const [expr, code, outcome, expected] of cases)
    it(`${expr} on ${code ?? 'no code'} (${outcome}) is ${expected}`, () => {
      expect(matchesStatus(parsed(expr), code, outcome)).toBe(expected);
    });
});

describe('statusClass', () => {
  it('gives the class of a valid code only', () => {
    expect(statusClass(201)).toBe('2xx');
    expect(statusClass(599)).toBe('5xx');
    expect(statusClass(100)).toBe('1xx');
    expect(statusClass(99)).toBeUndefined();
    expect(statusClass(600)).toBeUndefined();
    expect(statusClass(undefined)).toBeUndefined();
  });
});
