/**
 * The sources an admin configures in the extension (name, adapter, endpoint, credential),
 * checked field by field, and "Test connection" with the exact failure. Credentials stay in
 * extension local storage: they are never put in a link, a log line or an error message.
 */
import { IdbPageStore } from '../core/cache/idb-store.js';
import { derivePartition } from '../core/partition.js';
import { SavedViews, savedViewsFile } from '../core/saved-views.js';
import { SourceError } from '../core/errors.js';
import { SOURCE_NAMES, createSource } from '../core/sources/index.js';
import type { Source } from '../core/sources/types.js';

export interface ExtensionSource {
  id: string;
  name: string;
  adapter: (typeof SOURCE_NAMES)[number];
  endpoint: string;
  /** The key or token, sent in the adapter's auth header. */
  credential: string;
}

export interface FieldError {
  field: keyof ExtensionSource;
  message: string;
}

/** Every mistake in a source's settings, one per field (empty when it is valid). */
export function checkSource(input: Partial<Record<keyof ExtensionSource, unknown>>): FieldError[] {
  const errors: FieldError[] = [];
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  if (!str(input.name)) errors.push({ field: 'name', message: 'Give the source a name.' });
  if (!(SOURCE_NAMES as readonly string[]).includes(str(input.adapter)))
    errors.push({ field: 'adapter', message: `Choose an API: ${SOURCE_NAMES.join(', ')}.` });
  const endpoint = str(input.endpoint);
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    errors.push({
      field: 'endpoint',
      message: 'Enter the service’s address, like https://audit.example.com.',
    });
  }
  if (url) {
    const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local))
      errors.push({
        field: 'endpoint',
        message: 'Use https:// (plain http:// only for 127.0.0.1 or localhost).',
      });
    else if (url.username || url.password || url.search || url.hash)
      errors.push({
        field: 'endpoint',
        message:
          'Leave out user names, passwords, ?query and #fragment: the key goes in its own field.',
      });
  }
  if (!str(input.credential))
    errors.push({ field: 'credential', message: 'Enter the API key or token.' });
  return errors;
}

/** The host permission to ask for: this origin only (match patterns ignore the port). */
export function originPattern(endpoint: string): string {
  const u = new URL(endpoint);
  return `${u.protocol}//${u.hostname}/*`;
}

export function sourceFor(s: ExtensionSource): Source {
  return createSource(s.adapter, { endpoint: s.endpoint, credentials: () => s.credential });
}

export type ConnectionResult =
  { ok: true; message: string } | { ok: false; kind: string; message: string };

/** Asks the backend for one event with the source's settings; says exactly what failed. */
export async function testConnection(
  s: ExtensionSource,
  signal: AbortSignal,
  make: (s: ExtensionSource) => Source = sourceFor,
): Promise<ConnectionResult> {
  const origin = new URL(s.endpoint).origin;
  try {
    const result = await make(s).search({ v: 1, filters: {}, sort: 'desc' }, null, signal, {
      pageSize: 1,
    });
    const some = result.events.length ? 'it answered with events' : 'it answered (no events yet)';
    return { ok: true, message: `Connected to ${origin}: ${some}.` };
  } catch (e) {
    if (!(e instanceof SourceError)) {
      const message = e instanceof Error ? e.message : String(e);
      return { ok: false, kind: 'error', message: `Could not test ${origin}: ${message}` };
    }
    const why: Record<SourceError['kind'], string> = {
      network: `Unreachable: ${origin} did not answer. Check the address, and that host access was granted.`,
      timeout: `Unreachable: ${origin} took too long to answer.`,
      unauthorized: '401: the key was refused. Check the key, or ask for a new one.',
      forbidden: '403: this key may not read audit logs. Ask for the audit-read permission.',
      'not-found': `404: no ${s.adapter} API at this address. Check the address and the API.`,
      'bad-request': `400: the service refused the test query (${e.message}).`,
      'rate-limited': '429: the service is rate limiting this key; try again in a moment.',
      server: `${e.status ?? '5xx'}: the service failed. Try again later.`,
      schema: `Schema mismatch: ${e.message}. Is the API (${s.adapter}) the right one?`,
    };
    return { ok: false, kind: e.kind, message: why[e.kind] };
  }
}

/** The partition a viewer keeps `source`'s cached pages and saved views under. */
export const partitionOf = (source: ExtensionSource): Promise<string> =>
  derivePartition(source.adapter, source.endpoint, () => source.credential);

/**
 * Removes what the extension keeps from a source besides its entry: its cached pages
 * (IndexedDB, which "clear browsing data" does not reach) and its saved views, both under the
 * source's partition (the adapter, endpoint and key, as the viewer derives it). Sources in
 * `others` that share that partition (the same service and key under another name) keep it:
 * then nothing is removed and the answer is `'shared'`.
 */
export async function forgetSourceData(
  source: ExtensionSource,
  others: readonly ExtensionSource[] = [],
): Promise<'forgotten' | 'shared'> {
  const partition = await partitionOf(source);
  const kept = await Promise.all(others.map(partitionOf));
  if (kept.includes(partition)) return 'shared';
  new SavedViews(localStorage, partition).forget();
  await new IdbPageStore().dropPartition(partition);
  return 'forgotten';
}

/**
 * A source's service or key changed (a new partition): its saved views go with it (they are
 * the user's own views, not the service's data, and a rotated key must not lose them); its
 * pages cached under the old partition are dropped, and its views there too, unless another
 * source in `others` still uses it. Says how many views it carries; undefined when the
 * partition is the same (nothing to move).
 */
export async function moveSourceData(
  before: ExtensionSource,
  after: ExtensionSource,
  others: readonly ExtensionSource[],
): Promise<{ moved: number } | undefined> {
  const [from, to] = await Promise.all([partitionOf(before), partitionOf(after)]);
  if (from === to) return undefined;
  const views = new SavedViews(localStorage, from).list();
  let moved = 0;
  if (views.length) {
    const r = new SavedViews(localStorage, to).import(savedViewsFile(views));
    if (!r.ok) throw new Error(r.error);
    moved = r.added + r.alreadySaved;
  }
  await forgetSourceData(before, others);
  return { moved };
}

/**
 * A key as the service wants it: without the `Bearer ` (or `Authorization: Bearer `) a copied
 * header brings. Says whether
 * it was there, so the form can tell the user.
 */
export function bareKey(key: string): { key: string; stripped: boolean } {
  const m = /^\s*(?:authorization\s*:\s*)?Bearer\s+(\S.*)$/i.exec(key);
  return m ? { key: m[1]!.trim(), stripped: true } : { key: key.trim(), stripped: false };
}
