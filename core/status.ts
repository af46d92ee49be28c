/**
 * The status filter expression shared by the viewer, the adapters and the service:
 * `201` (exact code), `4xx` (class), `>=400` / `>400` / `<=299` / `<500` (range),
 * `success` / `error` (outcome, for events without an HTTP code),
 * and a leading `!` to negate any of them (`!2xx`). A comma list is any of its parts
 * (`4xx,5xx`: "4xx or 5xx"); a leading `!` then excludes them all (`!4xx,5xx`).
 */
export type StatusTest =
  | { type: 'code'; code: number }
  | { type: 'class'; digit: number }
  | { type: 'range'; op: '>=' | '>' | '<=' | '<'; code: number }
  | { type: 'outcome'; outcome: 'success' | 'error' };

export interface StatusFilter {
  negate: boolean;
  test: StatusTest;
}

export type StatusParse = { ok: true; value: StatusFilter } | { ok: false; error: string };

const EXPECTED =
  'expected a status code (201), a class (4xx), a range (>=400), success or error, optionally negated with !';

export function parseStatusFilter(input: string): StatusParse {
  let s = input.trim().toLowerCase();
  const negate = s.startsWith('!');
  if (negate) s = s.slice(1).trim();
  let m: RegExpMatchArray | null;
  let test: StatusTest | undefined;
  if ((m = /^([1-5])\d\d$/.exec(s))) test = { type: 'code', code: Number(s) };
  else if ((m = /^([1-5])xx$/.exec(s))) test = { type: 'class', digit: Number(m[1]) };
  else if ((m = /^(>=|>|<=|<)\s*(\d{3})$/.exec(s)))
    test = { type: 'range', op: m[1] as '>=' | '>' | '<=' | '<', code: Number(m[2]) };
  else if (s === 'success' || s === 'error') test = { type: 'outcome', outcome: s };
  if (!test) return { ok: false, error: `"${input}": ${EXPECTED}` };
  return { ok: true, value: { negate, test } };
}

function testStatus(test: StatusTest, code: number | undefined, outcome: string): boolean {
  switch (test.type) {
    case 'outcome':
      return outcome === test.outcome;
    case 'code':
      return code === test.code;
    case 'class':
      return code !== undefined && Math.floor(code / 100) === test.digit;
    case 'range':
      if (code === undefined) return false;
      if (test.op === '>=') return code >= test.code;
      if (test.op === '>') return code > test.code;
      if (test.op === '<=') return code <= test.code;
      return code < test.code;
  }
}

/** Whether an event with this HTTP status code (if any) and outcome passes the filter. */
export function matchesStatus(
  filter: StatusFilter,
  code: number | undefined,
  outcome: string,
): boolean {
  return testStatus(filter.test, code, outcome) !== filter.negate;
}

/** `201` -> `2xx`; undefined for events without a code. */
export function statusClass(code: number | undefined): `${1 | 2 | 3 | 4 | 5}xx` | undefined {
  if (code === undefined || code < 100 || code > 599) return undefined;
  return `${Math.floor(code / 100) as 1 | 2 | 3 | 4 | 5}xx`;
}

/** A status filter with one or more alternatives: any of `tests` passes (none, when `negate`). */
export interface StatusList {
  negate: boolean;
  tests: StatusTest[];
}

export type StatusListParse = { ok: true; value: StatusList } | { ok: false; error: string };

/** `4xx,5xx` (either), `!4xx,5xx` (neither), or one expression as `parseStatusFilter` reads it. */
export function parseStatusList(input: string): StatusListParse {
  if (!input.includes(',')) {
    const one = parseStatusFilter(input);
    return one.ok
      ? { ok: true, value: { negate: one.value.negate, tests: [one.value.test] } }
      : one;
  }
  let s = input.trim();
  const negate = s.startsWith('!');
  if (negate) s = s.slice(1);
  const parts = s.split(',').map((p) => p.trim());
  const tests: StatusTest[] = [];
  for (const part of parts) {
    if (part.startsWith('!'))
      return { ok: false, error: `"${input}": put one "!" before the whole list, as in !4xx,5xx` };
    const parsed = parseStatusFilter(part);
    if (!parsed.ok) return parsed;
    tests.push(parsed.value.test);
  }
  return { ok: true, value: { negate, tests } };
}

/** Whether an event with this HTTP status code (if any) and outcome passes the list. */
export function matchesStatusList(
  list: StatusList,
  code: number | undefined,
  outcome: string,
): boolean {
  return list.tests.some((t) => testStatus(t, code, outcome)) !== list.negate;
}
