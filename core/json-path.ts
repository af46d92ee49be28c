/**
 * Paths into JSON values, for the payload viewer's tree: printing a path, reading the
 * value at a path, and searching keys and values.
 *
 * Everything here is iterative: payloads come from backends and may be deeply nested or
 * several megabytes large, and must not blow the call stack.
 */

export type JsonPathSegment = string | number;
export type JsonPath = readonly JsonPathSegment[];

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * `['result', 'items', 3, 'odd key']` -> `$.result.items[3]["odd key"]`.
 * Numbers are array indices; string keys that are JS identifiers are dotted, any other
 * key (including numeric-looking object keys such as `"0"`) is bracket-quoted as JSON.
 */
export function pathToString(path: JsonPath): string {
  let out = '$';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The value at `path`, or undefined when there is none. Only own properties are followed
 * (`__proto__`, `constructor`... of a plain object are not part of its JSON).
 */
export function getAt(value: unknown, path: JsonPath): unknown {
  let current: unknown = value;
  for (const segment of path) {
    if (Array.isArray(current)) {
      const index = typeof segment === 'number' ? segment : Number(segment);
      if (!Number.isInteger(index) || index < 0 || index >= current.length) return undefined;
      if (typeof segment === 'string' && String(index) !== segment) return undefined;
      current = current[index] as unknown;
    } else if (isRecord(current)) {
      const key = String(segment);
      if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
      current = current[key];
    } else {
      return undefined;
    }
  }
  return current;
}

export interface JsonMatch {
  /** Where the match is; `[]` is the root value. */
  path: JsonPathSegment[];
  /** The object key the matched node sits under (absent for array items and the root). */
  key?: string;
  /** Whether the needle was found in the key, the (primitive) value, or both. */
  match: 'key' | 'value' | 'both';
  /** The matched primitive as text (shortened around the match), or `{3 keys}` / `[5 items]`. */
  preview: string;
}

/** Longest preview, in characters. */
export const PREVIEW_LENGTH = 120;

function containerPreview(v: unknown): string {
  if (Array.isArray(v)) return `[${v.length} ${v.length === 1 ? 'item' : 'items'}]`;
  const n = Object.keys(v as object).length;
  return `{${n} ${n === 1 ? 'key' : 'keys'}}`;
}

/** `text` shortened to PREVIEW_LENGTH characters, keeping the match at `at` in view. */
function clip(text: string, at: number, length: number): string {
  if (text.length <= PREVIEW_LENGTH) return text;
  const room = PREVIEW_LENGTH - 2;
  let start = Math.max(0, at - Math.floor((room - length) / 2));
  start = Math.min(start, text.length - room);
  const end = start + room;
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}

function primitiveText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v === null) return 'null';
  return undefined;
}

interface Frame {
  /** The container whose children are being visited. */
  container: unknown[] | Record<string, unknown>;
  /** Object keys, in document order (undefined for arrays). */
  keys: string[] | undefined;
  next: number;
  length: number;
}

/**
 * Every node whose key or primitive value contains `needle` (case-insensitively), depth
 * first in document order, at most `limit` of them. Containers match by key only; a node
 * matching in both key and value is reported once. An empty needle matches nothing.
 */
export function searchJson(value: unknown, needle: string, limit = 500): JsonMatch[] {
  const results: JsonMatch[] = [];
  const lowerNeedle = needle.toLowerCase();
  if (lowerNeedle === '' || !(limit > 0)) return results;

  /** The path of the node being visited; a container's segment stays while its children are. */
  const path: JsonPathSegment[] = [];
  const stack: Frame[] = [];
  /** Containers on the current path: a cyclic (non-JSON) value is not walked forever. */
  const onPath = new Set<object>();

  /** Visit the node at `path`; returns true when the results are full. */
  const visit = (node: unknown, key: string | undefined): boolean => {
    const keyHit = key !== undefined && key.toLowerCase().includes(lowerNeedle);
    const text = primitiveText(node);
    const at = text === undefined ? -1 : text.toLowerCase().indexOf(lowerNeedle);
    if (keyHit || at >= 0) {
      const match: JsonMatch = {
        path: path.slice(),
        match: keyHit && at >= 0 ? 'both' : keyHit ? 'key' : 'value',
        preview:
          text !== undefined
            ? clip(text, Math.max(at, 0), lowerNeedle.length)
            : typeof node === 'object' && node !== null
              ? containerPreview(node)
              : String(node),
      };
      if (key !== undefined) match.key = key;
      results.push(match);
      if (results.length >= limit) return true;
    }
    if (typeof node === 'object' && node !== null && !onPath.has(node)) {
      onPath.add(node);
      const keys = Array.isArray(node) ? undefined : Object.keys(node);
      stack.push({
        container: node as unknown[] | Record<string, unknown>,
        keys,
        next: 0,
        length: keys ? keys.length : (node as unknown[]).length,
      });
    } else if (path.length > 0) {
      path.pop();
    }
    return false;
  };

  if (visit(value, undefined)) return results;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.next >= frame.length) {
      stack.pop();
      onPath.delete(frame.container);
      path.pop(); // the container's own segment (a no-op for the root)
      continue;
    }
    const i = frame.next++;
    if (frame.keys) {
      const key = frame.keys[i]!;
      path.push(key);
      if (visit((frame.container as Record<string, unknown>)[key], key)) break;
    } else {
      path.push(i);
      if (visit((frame.container as unknown[])[i], undefined)) break;
    }
  }
  return results;
}
